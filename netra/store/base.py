"""What every case store offers the indexer and the review app."""

from dataclasses import dataclass
from typing import Protocol

from netra.domain.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of a review queue."""

    case_id: str
    status: str
    score: float
    categories: tuple[str, ...]
    nip: str | None
    nama: str | None
    wilayah: str | None
    created_at: str
    seen_count: int


@dataclass(frozen=True, slots=True)
class Case:
    """A case with its first snapshot (immutable) and every later decision version."""

    summary: CaseSummary
    snapshots: tuple[Snapshot, ...]


class CaseStore(Protocol):
    """Keeps cases; recording the same snapshot twice changes nothing."""

    def record(self, snapshot: Snapshot) -> bool:
        """Store a snapshot; False when it was already stored (a replay)."""
        ...

    def queue(self, status: str | None = None, limit: int = 50, offset: int = 0) -> list[CaseSummary]:
        """Cases by descending score, optionally of one status."""
        ...

    def case(self, case_id: str) -> Case | None:
        """One case with all its snapshots, oldest first."""
        ...

    def count(self) -> int:
        """How many cases there are."""
        ...
