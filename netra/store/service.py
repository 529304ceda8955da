"""The case store every backend shares: actor checks, workflow, limits, audit and judgements, once.

`CaseService` is what the indexer, the review app and the matcher use (`CaseStore`,
`JudgementStore`, author facts). A backend is a `CaseRepository` (netra/store/repository.py).
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from netra.domain.judgement import Judgement, Verdict, author_key
from netra.domain.snapshot import Snapshot
from netra.failures import Rejected
from netra.store import workflow
from netra.store.audit_chain import Head, Verification, verify
from netra.store.base import SYSTEM_ACTOR
from netra.store.cursor import cursor_position, encode_cursor
from netra.store.deadlines import check_position
from netra.store.errors import StoreError
from netra.store.fields import now, words
from netra.store.limits import (
    MAX_FACTS_BYTES,
    MAX_FILTER,
    MAX_NOTE,
    MAX_PAGE,
    MAX_QUERY_TEXT,
    MAX_QUERY_WORDS,
    MAX_REASON,
    MAX_REGIONS,
    bounded,
)
from netra.store.model import AuditEntry, Case, CaseSummary, Counts, Note, QueuePage, QueueQuery
from netra.store.recording import Outcome, Prepared, prepare
from netra.store.repository import CaseRepository

_FILTERS = ("status", "category", "election", "wilayah", "instansi", "assignee", "author")


@dataclass(frozen=True, slots=True)
class RecordReport:
    """What a bulk write did: how many snapshots were stored, and which (by position) were rejected."""

    recorded: int
    rejected: dict[int, Rejected]


class CaseService:
    """Cases, evidence, review workflow, audit log, judgements and author facts over one repository."""

    def __init__(self, repository: CaseRepository) -> None:
        self._repo = repository
        self.judgements = Judgements(self)

    # --- recording (the indexer) -------------------------------------------------------------

    def record(self, snapshot: Snapshot) -> bool:
        """Store a snapshot; False for a replay; Rejected when it can never be stored."""
        report = self.record_batch([snapshot])
        if report.rejected:
            raise report.rejected[0]
        return report.recorded == 1

    def record_many(self, snapshots: Iterable[Snapshot]) -> int:
        """Store snapshots in bulk; how many were not replays.

        After storing the rest, raises the Rejected of a refused snapshot (named by its post key),
        or an ExceptionGroup of them when several were refused.
        """
        report = self.record_batch(snapshots)
        refused = [report.rejected[i] for i in sorted(report.rejected)]
        if len(refused) == 1:
            raise refused[0]
        if refused:
            raise ExceptionGroup(f"the store refused {len(refused)} snapshots", refused)
        return report.recorded

    def record_batch(self, snapshots: Iterable[Snapshot]) -> RecordReport:
        """Store what can be stored; report each rejected snapshot by its position (dead-letter those).

        The `record` audit entry is appended after the write. A replay (the same bytes again) whose
        entry is missing, because a crash came between the write and the audit, gets it now.
        """
        rejected: dict[int, Rejected] = {}
        ready: list[tuple[int, Prepared]] = []
        for position, snapshot in enumerate(snapshots):
            try:
                ready.append((position, prepare(snapshot)))
            except Rejected as exc:
                rejected[position] = exc
        outcomes = self._repo.write_records([p for _, p in ready]) if ready else []
        stored: list[Prepared] = []
        replays: list[Prepared] = []
        for (position, prepared), outcome in zip(ready, outcomes, strict=True):
            if isinstance(outcome, Rejected):  # named as the stage runner names it (the post key)
                rejected[position] = Rejected(outcome.reason, prepared.snapshot.post.key)
            elif outcome is Outcome.REPLAY:
                replays.append(prepared)
            else:
                stored.append(prepared)
        if replays:
            audited = self._repo.audited_snapshots([p.snapshot_id for p in replays])
            unaudited = [p for p in replays if p.snapshot_id not in audited]
        else:
            unaudited = []
        if stored or unaudited:
            self._audit(SYSTEM_ACTOR, "record", [p.case_id for p in stored + unaudited], {
                "snapshot_ids": [p.snapshot_id for p in stored + unaudited],
                **({"completed_after_replay": len(unaudited)} if unaudited else {}),
            })
        return RecordReport(len(stored), rejected)

    # --- reads of personal data (audited) ----------------------------------------------------

    def queue(self, query: QueueQuery, actor: str, cursor: str | None = None) -> QueuePage:
        """One page of cases (or groups) matching `query`; `cursor` continues a previous page."""
        actor = workflow.check_actor(actor)
        _check_query(query)
        limit = max(1, min(query.limit, MAX_PAGE))
        mode = f"group:{query.sort}" if query.grouped else query.sort
        position = cursor_position(cursor, mode)
        if query.sort == "deadline":
            check_position(position)
        items, next_position = self._repo.page(query, position, limit)
        self._audit(actor, "read_queue", [c.case_id for c in items], {"query": asdict(query)})
        more = len(items) == limit
        return QueuePage(tuple(items), encode_cursor([mode, *next_position]) if more else None)

    def case(self, case_id: str, actor: str) -> Case | None:
        """One case with its snapshots (oldest first), history and notes."""
        actor = workflow.check_actor(actor)
        bounded(case_id, MAX_FILTER, "case id")
        found = self._repo.load(case_id)
        if found is not None:
            self._audit(actor, "read_case", [case_id], {})
        return found

    def counts(self, query: QueueQuery, actor: str) -> Counts:
        """Cases matching `query` per status, category and region; audited, one entry per call (a
        narrow filter, a name in the text or one author, says how many cases a person has)."""
        actor = workflow.check_actor(actor)
        _check_query(query)
        found = self._repo.counts(query)
        self._audit(actor, "read_counts", [], {"query": asdict(query), "total": found.total})
        return found

    def count(self) -> int:
        """How many cases there are."""
        return self._repo.count()

    # --- review workflow ---------------------------------------------------------------------

    def claim(self, case_id: str, actor: str, revision: str) -> CaseSummary:
        """Assign the case to `actor` and put it in review."""
        return self._change(case_id, actor, revision, "", lambda c, a: workflow.claim(c, a))

    def assign(
        self, case_id: str, assignee: str | None, actor: str, revision: str, reason: str
    ) -> CaseSummary:
        """Give the case to `assignee` (None: nobody), keeping its status."""
        if assignee is not None and assignee.strip():
            workflow.check_actor(assignee)
        return self._change(case_id, actor, revision, reason,
                            lambda c, a: workflow.assign(c, assignee, reason))

    def transition(
        self, case_id: str, status: str, actor: str, revision: str, reason: str,
        escalated_to: str | None = None, dismissal: str | None = None,
    ) -> CaseSummary:
        """Move the case to `status`; confirming or dismissing as `wrong_person` records a judgement."""
        changed = self._change(
            case_id, actor, revision, reason,
            lambda c, a: workflow.transition(c, status, a, reason, escalated_to, dismissal),
        )
        verdict = _verdict(status, dismissal)
        if verdict is not None and changed.nip:
            self._judge(case_id, changed.nip, verdict, workflow.check_actor(actor), reason)
        return changed

    def add_note(self, case_id: str, actor: str, text: str) -> Note:
        """Append a note; notes never conflict, so no revision is needed."""
        actor = workflow.check_actor(actor)
        if not text.strip():
            raise StoreError("a note needs text")
        bounded(text, MAX_NOTE, "a note")
        note = Note(now(), actor, text)
        self._repo.add_note(case_id, note, _entry(actor, "note", [case_id], {"text": text}, note.at))
        return note

    # --- audit log ---------------------------------------------------------------------------

    def audit(
        self, case_id: str | None = None, limit: int = 100, without: Sequence[str] = ()
    ) -> list[AuditEntry]:
        """The newest audit entries, optionally about one case, leaving out `without` actions (reads)."""
        rows = self._repo.audit_entries(case_id, max(1, min(limit, MAX_PAGE)), tuple(without))
        return [AuditEntry(r["at"], r["actor"], r["action"], tuple(r["case_ids"]), r["detail"],
                           r.get("seq", 0), r.get("prev", ""), r.get("hash", "")) for r in rows]

    def record_export(self, case_id: str, actor: str, detail: dict[str, Any]) -> None:
        """Note in the audit log that `actor` exported the case (a case file: page, PDF or bundle)."""
        self._audit(workflow.check_actor(actor), "export", [bounded(case_id, MAX_FILTER, "case id")], detail)

    def verify_audit(self, expect: Sequence[Head] = ()) -> Verification:
        """Check the audit log's hash chain: an edited, removed or reordered entry is reported, and
        so is a head recorded earlier (`expect`) that the chain no longer holds (truncation)."""
        entries, unchained = self._repo.audit_chain()
        return verify(entries, unchained, expect=expect)

    def audit_head(self) -> Head | None:
        """The newest chained audit entry, for an operator to record outside the store; None if none."""
        found = self._repo.audit_head()
        return Head(*found) if found else None

    # --- judgements and author facts (the matcher) -------------------------------------------

    def record_judgement(self, judgement: Judgement) -> None:
        """Keep a judgement (JudgementStore.record); it replaces an earlier one on the same pair."""
        stamped = judgement if judgement.at else Judgement(
            judgement.author, judgement.nip, judgement.verdict, judgement.reviewer, judgement.note, now())
        bounded(stamped.note, MAX_REASON, "a judgement note")
        self._repo.save_judgement(stamped)
        self._audit(stamped.reviewer or SYSTEM_ACTOR, "judgement", [], {
            "author": stamped.author, "nip": stamped.nip, "verdict": stamped.verdict.value})

    def standing(self, authors: Iterable[str]) -> list[Judgement]:
        """The standing judgements on any of these author keys, newest first."""
        keys = list(dict.fromkeys(authors))
        for key in keys:
            bounded(key, MAX_FILTER, "an author key")
        return self._repo.judgements(keys) if keys else []

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts saved about an author (an `author_key`), None if none."""
        return self._repo.author_facts(bounded(author, MAX_FILTER, "an author key"))

    def save_author_facts(self, author: str, facts: dict[str, Any]) -> None:
        """Keep `facts` (JSON-serialisable, with its own "version") as the author's latest."""
        bounded(author, MAX_FILTER, "an author key")
        size = len(json.dumps(facts, sort_keys=True).encode())
        if size > MAX_FACTS_BYTES:
            raise StoreError(f"author facts are {size} bytes; the limit is {MAX_FACTS_BYTES}")
        self._repo.save_author_facts(author, facts, now())

    def close(self) -> None:
        """Release connections."""
        self._repo.close()

    # --- helpers -----------------------------------------------------------------------------

    def _change(
        self, case_id: str, actor: str, revision: str, reason: str,
        decide: Callable[[CaseSummary, str], workflow.Change],
    ) -> CaseSummary:
        """Check the actor and the reason's size, then let the repository apply the guarded change."""
        actor = workflow.check_actor(actor)
        bounded(reason, MAX_REASON, "a reason")

        def audit_of(current: CaseSummary, change: workflow.Change) -> dict[str, Any]:
            return _entry(actor, change.action, [case_id], {"from": current.status, **asdict(change)}, now())

        return self._repo.change(case_id, actor, revision, lambda c: decide(c, actor), audit_of)

    def _judge(self, case_id: str, nip: str, verdict: Verdict, reviewer: str, reason: str) -> None:
        """Record the judgement on (author of the case's post, NIP of its match)."""
        case = self._repo.load(case_id)
        if case is None or not case.snapshots:
            return
        post = case.snapshots[-1].post
        author = author_key(post.platform, post.author.handle or "", post.author.id or "")
        note = f"case {case_id}: {reason}"[:MAX_REASON]
        self.record_judgement(Judgement(author, nip, verdict, reviewer, note))

    def _audit(self, actor: str, action: str, case_ids: list[str], detail: dict[str, Any]) -> None:
        self._repo.append_audit(_entry(actor, action, case_ids, detail, now()))


class Judgements:
    """The store's judgements as the matcher's `JudgementStore` (record, confirmed, rejected)."""

    def __init__(self, service: CaseService) -> None:
        self._service = service

    def record(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same pair."""
        self._service.record_judgement(judgement)

    def confirmed(self, authors: Iterable[str]) -> Judgement | None:
        """The latest standing confirmation for any of these author keys."""
        return next((j for j in self._service.standing(authors) if j.verdict is Verdict.CONFIRMED), None)

    def rejected(self, authors: Iterable[str]) -> set[str]:
        """NIPs standing rejected for any of these author keys."""
        return {j.nip for j in self._service.standing(authors) if j.verdict is Verdict.REJECTED}


def _entry(actor: str, action: str, case_ids: list[str], detail: dict[str, Any], at: str) -> dict[str, Any]:
    """An audit entry before it is chained."""
    return {"at": at, "actor": actor, "action": action, "case_ids": case_ids, "detail": detail}


def _verdict(status: str, dismissal: str | None) -> Verdict | None:
    """The judgement a decision implies: confirmed, or rejected when dismissed as the wrong person."""
    if status == workflow.CONFIRMED:
        return Verdict.CONFIRMED
    if status == workflow.DISMISSED and workflow.dismissal_reason(dismissal).rejects_match:
        return Verdict.REJECTED
    return None


def _check_query(query: QueueQuery) -> None:
    """Bounded filters, and a full-text query that has words (none would match everything)."""
    for name in _FILTERS:
        value = getattr(query, name)
        if value is not None:
            bounded(value, MAX_FILTER, name)
    if query.grouped and query.sort == "deadline":
        raise StoreError("the grouped queue sorts by score or time, not by deadline")
    if query.text is not None and query.text.strip():
        bounded(query.text, MAX_QUERY_TEXT, "a text query")
        found = words(query.text)
        if not found:
            raise StoreError("a text query needs at least one word")
        if len(found) > MAX_QUERY_WORDS:
            raise StoreError(f"a text query has at most {MAX_QUERY_WORDS} words")
    if query.wilayah_in is not None:
        if len(query.wilayah_in) > MAX_REGIONS:
            raise StoreError(f"a query names at most {MAX_REGIONS} regions")
        for region in query.wilayah_in:
            bounded(region, MAX_FILTER, "a region")
