"""Social media accounts written `platform:handle`, as registries and election files list them."""

import re

_ACCOUNT = re.compile(r"([a-z][a-z0-9_-]{0,31}):@?([^\s:;@]{1,100})")


def parse_account(text: str) -> tuple[str, str] | None:
    """`X:@Dwi_H` -> ("x", "dwi_h"); None when the text is not platform:handle."""
    found = _ACCOUNT.fullmatch(text.strip().lower())
    return (found.group(1), found.group(2)) if found else None


def normalise_handle(handle: str) -> str:
    """Handles compare case-insensitively and without a leading @."""
    return handle.strip().lstrip("@").lower()
