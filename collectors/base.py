"""What every collector source offers: batches of raw post lines, each with a resumable cursor."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Batch:
    """Raw posts exactly as the platform gave them (one JSON document each), and where to resume."""

    posts: list[bytes]
    cursor: str


class Source(Protocol):
    """A platform API, a file, or the bundled demo: yields batches after a cursor."""

    name: str

    def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Batches after `cursor` (None: from the start); ends when the source has no more for now."""
        ...
