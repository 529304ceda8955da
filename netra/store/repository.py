"""The narrow interface a storage backend implements; CaseService puts every rule on top of it.

A repository stores and finds; it does not check actors, workflow rules, limits or decide what
to audit (netra/store/service.py does, once for every backend). It must: write a snapshot and
its case atomically per record (a replay is a no-op), guard each case change by the revision the
caller saw, append audit entries as a hash chain (netra/store/audit_chain.py) and translate its
backend's errors into `Unavailable` (down, overloaded, timed out) and `Rejected` (never storable).
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from netra.domain.judgement import Judgement
from netra.failures import Rejected
from netra.store.model import Case, CaseSummary, Counts, Note, QueueQuery
from netra.store.recording import Outcome, Prepared
from netra.store.workflow import Change

AuditOf = Callable[[CaseSummary, Change], dict[str, Any]]


class CaseRepository(Protocol):
    """Storage primitives of one backend (SQLite, Elasticsearch, OpenSearch)."""

    def write_records(self, records: Sequence[Prepared]) -> list[Outcome | Rejected]:
        """Store each record (new case, new version or sighting); one outcome per record, in order."""
        ...

    def audited_snapshots(self, snapshot_ids: Sequence[str]) -> set[str]:
        """Which of these snapshot ids a `record` audit entry already names."""
        ...

    def page(
        self, query: QueueQuery, position: list[Any], limit: int
    ) -> tuple[list[CaseSummary], list[Any]]:
        """Up to `limit` rows after `position` ([] first), and the position after the last row."""
        ...

    def load(self, case_id: str) -> Case | None:
        """A case with its snapshots (oldest first), history and notes."""
        ...

    def counts(self, query: QueueQuery) -> Counts:
        """Cases matching the query per status, category and region."""
        ...

    def count(self) -> int:
        """How many cases there are."""
        ...

    def change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], Change],
        audit_of: AuditOf,
    ) -> CaseSummary:
        """Apply `decide` if the case is at `revision` (else StaleCaseError), with history and audit entry."""
        ...

    def add_note(self, case_id: str, note: Note, audit: dict[str, Any]) -> None:
        """Append a note and its audit entry; CaseNotFound when there is no such case."""
        ...

    def append_audit(self, entry: dict[str, Any]) -> None:
        """Append one entry to the hash-chained audit log."""
        ...

    def audit_entries(
        self, case_id: str | None, limit: int, without: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """The newest entries first, optionally only those about one case, leaving out `without` actions."""
        ...

    def audit_chain(self) -> tuple[Iterator[dict[str, Any]], int]:
        """Every chained entry, oldest first, and how many entries predate the chain."""
        ...

    def audit_head(self) -> tuple[int, str] | None:
        """The `seq` and hash of the newest chained entry; None when the chain is empty."""
        ...

    def save_judgement(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same (author, NIP) pair."""
        ...

    def judgements(self, authors: Sequence[str]) -> list[Judgement]:
        """The standing judgements on any of these authors, newest first."""
        ...

    def save_author_facts(self, author: str, facts: dict[str, Any], at: str) -> None:
        """Keep the latest facts about an author."""
        ...

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts about an author, None if none were saved."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
