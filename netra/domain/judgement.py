"""A reviewer's judgement on an (author, NIP) pair, which later matching honours."""

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    """What a reviewer decided about an (author, NIP) pair."""

    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Judgement:
    """One reviewer's decision; `author` is `platform:handle` or `platform#id`."""

    author: str
    nip: str
    verdict: Verdict
    reviewer: str = ""
    note: str = ""
    at: str = ""


def author_key(platform: str, handle: str = "", author_id: str = "") -> str:
    """How judgements name an author: `x:dwi_hartanto21`, or `x#98765` without a handle."""
    if handle:
        return f"{platform.lower()}:{handle.lstrip('@').lower()}"
    return f"{platform.lower()}#{author_id}"
