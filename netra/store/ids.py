"""Case ids that are safe in a URL, a document id and a file name, whatever the post id holds."""

import hashlib
import re

# Plain platform names and post ids (digits, shortcodes) stay readable: `x:1789`. Anything else
# (`/../`, CR/LF, spaces, 600 bytes, ...) becomes `platform~<128-bit hash>`; `~` never occurs in
# a readable id, so the two forms cannot collide, and the hash covers both parts.
_PLATFORM = re.compile(r"[a-z][a-z0-9_]{0,31}")
_POST_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def case_id_for(platform: str, post_id: str) -> str:
    """The case id of the post (platform, post_id): readable when safe, hashed otherwise."""
    if _PLATFORM.fullmatch(platform) and _POST_ID.fullmatch(post_id):
        return f"{platform}:{post_id}"
    digest = hashlib.sha256(f"{platform}\x00{post_id}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    prefix = platform if _PLATFORM.fullmatch(platform) else "post"
    return f"{prefix}~{digest}"
