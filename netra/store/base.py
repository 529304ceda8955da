"""What every case store offers the indexer and the review app (see docs/store.md)."""

# Reads that return personal data (NIP, names) and every change name an `actor` and leave an
# entry in the append-only audit log. Changes quote the `revision` the actor saw; if the case
# changed since, the store raises StaleCaseError and writes nothing.

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from netra.domain.snapshot import Snapshot
from netra.store.model import AuditEntry, Case, CaseSummary, Counts, Note, QueuePage, QueueQuery

if TYPE_CHECKING:
    from netra.store.audit_chain import Head, Verification
    from netra.store.service import Judgements, RecordReport

SYSTEM_ACTOR = "system:indexer"


class CaseStore(Protocol):
    """Keeps cases with their immutable evidence, their review workflow and the audit log."""

    def record(self, snapshot: Snapshot) -> bool:
        """Store a snapshot; False when this exact snapshot was already stored (a replay)."""
        ...

    def record_many(self, snapshots: Iterable[Snapshot]) -> int:
        """Store many snapshots (bulk); how many were not replays. Refusals: Rejected or an ExceptionGroup."""
        ...

    def record_batch(self, snapshots: Iterable[Snapshot]) -> "RecordReport":
        """Store what can be stored; `rejected` names each refused snapshot by its position."""
        ...

    def queue(self, query: QueueQuery, actor: str, cursor: str | None = None) -> QueuePage:
        """One page of cases (or groups) matching `query`; `cursor` continues a previous page."""
        ...

    def case(self, case_id: str, actor: str) -> Case | None:
        """One case with its snapshots (oldest first), history and notes."""
        ...

    def counts(self, query: QueueQuery, actor: str) -> Counts:
        """Cases matching `query` per status, category and region (audited with `actor`)."""
        ...

    def count(self) -> int:
        """How many cases there are."""
        ...

    def claim(self, case_id: str, actor: str, revision: str) -> CaseSummary:
        """Assign the case to `actor` and put it in review."""
        ...

    def assign(
        self, case_id: str, assignee: str | None, actor: str, revision: str, reason: str
    ) -> CaseSummary:
        """Give the case to `assignee` (None: nobody), keeping its status."""
        ...

    def transition(
        self, case_id: str, status: str, actor: str, revision: str, reason: str,
        escalated_to: str | None = None, dismissal: str | None = None,
    ) -> CaseSummary:
        """Move the case to `status` (netra.store.workflow); a dismissal names a DISMISSAL_REASONS code."""
        ...

    def add_note(self, case_id: str, actor: str, text: str) -> Note:
        """Append a note; notes never conflict, so no revision is needed."""
        ...

    def audit(
        self, case_id: str | None = None, limit: int = 100, without: Sequence[str] = ()
    ) -> list[AuditEntry]:
        """The newest audit entries, optionally about one case, leaving out `without` actions (reads)."""
        ...

    def record_export(self, case_id: str, actor: str, detail: dict[str, Any]) -> None:
        """Note in the audit log that `actor` exported the case (what and in which form: `detail`)."""
        ...

    def verify_audit(self, expect: "Sequence[Head]" = ()) -> "Verification":
        """Check the audit log's hash chain, and that it still holds each head recorded earlier."""
        ...

    def audit_head(self) -> "Head | None":
        """The newest chained audit entry (`SEQ:HASH` as text), to record outside the store."""
        ...

    @property
    def judgements(self) -> "Judgements":
        """The reviewer judgements kept in this store (the matcher's JudgementStore)."""
        ...

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts saved about an author key."""
        ...

    def save_author_facts(self, author: str, facts: dict[str, Any]) -> None:
        """Keep the author's latest facts (a JSON-serialisable dict with its own "version")."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
