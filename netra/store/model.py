"""The values a case store returns and the queue query it answers."""

from dataclasses import dataclass, field

from netra.domain.snapshot import Snapshot
from netra.store.deadlines import DEFAULT_DEADLINES, Deadlines

# "deadline": soonest due first (netra/store/deadlines.py), cases without a deadline last.
SORTS = ("score", "time", "deadline")


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of a review queue; `revision` is what an update must quote (optimistic concurrency)."""

    case_id: str
    status: str
    score: float
    categories: tuple[str, ...]
    elections: tuple[str, ...]
    nip: str | None
    nama: str | None
    instansi: str | None
    wilayah: str | None
    created_at: str
    seen_count: int
    version_count: int
    assignee: str | None
    escalated_to: str | None
    group_key: str
    revision: str
    group_size: int = 1
    first_seen: str | None = None  # discovery: when the store first recorded the case


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change of status or assignee: who, when, why."""

    at: str
    actor: str
    action: str
    status: str
    assignee: str | None
    reason: str
    escalated_to: str | None = None
    reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """A reviewer's note on a case."""

    at: str
    actor: str
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    """A case: the first snapshot (immutable), every later decision version, its history and notes."""

    summary: CaseSummary
    snapshots: tuple[Snapshot, ...]
    snapshot_ids: tuple[str, ...]
    history: tuple[HistoryEntry, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the append-only audit log: a read of personal data, or a change."""

    at: str
    actor: str
    action: str
    case_ids: tuple[str, ...]
    detail: dict[str, object] = field(default_factory=dict)
    seq: int = 0
    prev: str = ""  # the hash chain (netra/store/audit_chain.py); empty before the chain began
    hash: str = ""


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """Filters and order of a queue page; dates are ISO 8601 (bare dates and no offset mean UTC)."""

    status: str | None = None
    category: str | None = None
    election: str | None = None
    wilayah: str | None = None
    instansi: str | None = None
    assignee: str | None = None
    posted_from: str | None = None
    posted_to: str | None = None
    min_score: float | None = None
    max_score: float | None = None
    text: str | None = None
    sort: str = "score"
    limit: int = 50
    grouped: bool = False
    author: str | None = None  # an author key (fields.post_author): "other posts by the same author"
    wilayah_in: tuple[str, ...] | None = None  # any of these regions (a province with its kabupaten/kota)
    # Only cases due before this time (ISO 8601): now = overdue, now + N days = due within N days.
    due_before: str | None = None
    # The windows that make due times, for `due_before` and the "deadline" sort.
    deadlines: Deadlines = DEFAULT_DEADLINES


@dataclass(frozen=True, slots=True)
class QueuePage:
    """A page of the queue and the opaque cursor of the next one (None at the end)."""

    items: tuple[CaseSummary, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class Counts:
    """Case counts for dashboards."""

    total: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    by_wilayah: dict[str, int]
    overdue: int = 0  # due before now, by the query's deadlines
