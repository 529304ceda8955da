"""The production case store on Elasticsearch (the official client)."""

# Cases, evidence snapshots and the audit log are three indices (see es_mappings). Every write of
# a case document quotes the `_seq_no`/`_primary_term` it read, so two writers never overwrite
# each other; a reviewer's change also quotes the case `revision` it saw and is refused with
# StaleCaseError if another reviewer or a new decision version came first.

import base64
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any, cast

from elasticsearch import ConflictError, Elasticsearch, NotFoundError, helpers

from netra.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from netra.store import workflow
from netra.store.actions import ReviewActions
from netra.store.base import SYSTEM_ACTOR
from netra.store.cursor import cursor_position, encode_cursor
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
from netra.store.es_documents import new_case, snapshot_document, summary
from netra.store.es_mappings import alias, ensure_indices
from netra.store.es_query import SORT, es_query
from netra.store.fields import case_fields, now, same_decision
from netra.store.model import (
    AuditEntry,
    Case,
    CaseSummary,
    Counts,
    HistoryEntry,
    Note,
    QueuePage,
    QueueQuery,
)

MAX_PAGE = 500
MAX_ATTEMPTS = 20
BULK_CHUNK, BULK_BYTES = 4000, 50 * 1024 * 1024
_SUMMARY_FIELDS = [
    "case_id", "status", "score", "categories", "elections", "nip", "nama", "instansi", "wilayah",
    "created_at", "seen_count", "version_count", "assignee", "escalated_to", "group_key", "revision",
]


class ElasticsearchCaseStore(ReviewActions):
    """Cases in Elasticsearch under `<prefix>-cases`, `<prefix>-snapshots`, `<prefix>-audit`."""

    def __init__(
        self, es: Elasticsearch, prefix: str = "netra", replicas: int = 0, refresh: bool = False
    ) -> None:
        """`refresh=True` makes each write visible to searches at once (tests); production leaves it off."""
        self._es = es
        self._cases, self._snapshots, self._audit_index = (
            alias(prefix, kind) for kind in ("cases", "snapshots", "audit")
        )
        self._refresh = refresh
        ensure_indices(es, prefix, replicas)

    def record(self, snapshot: Snapshot) -> bool:
        """Add the snapshot: a new case, a new decision version, or a re-sighting of the same one."""
        for _ in range(MAX_ATTEMPTS):
            outcome = self._try_record(snapshot)
            if outcome is not None:
                if outcome:
                    self._write_audit(SYSTEM_ACTOR, "record", [snapshot.case_id], {})
                return outcome
        raise StoreError(f"case {snapshot.case_id!r} kept changing while recording; try again")

    def record_many(self, snapshots: Iterable[Snapshot]) -> int:
        """Bulk-create the cases that do not exist yet; the rest go through `record` one by one."""
        batch = list(snapshots)
        ids = list(dict.fromkeys(s.case_id for s in batch))
        found = self._es.mget(index=self._cases, ids=ids, source=False)["docs"] if ids else []
        existing = {doc["_id"] for doc in found if doc.get("found")}
        fresh: dict[str, Snapshot] = {}
        for snapshot in batch:
            if snapshot.case_id not in existing and snapshot.case_id not in fresh:
                fresh[snapshot.case_id] = snapshot
        at = now()
        actions: list[dict[str, Any]] = []
        for snapshot in fresh.values():
            body = encode_snapshot(snapshot)
            snapshot_id = hashlib.sha256(body).hexdigest()
            actions.append(snapshot_document(self._snapshots, snapshot, body, snapshot_id, 1, at))
            actions.append({"_op_type": "create", "_index": self._cases, "_id": snapshot.case_id,
                            "_source": new_case(snapshot, snapshot_id, at)})
        _, failed = helpers.bulk(self._es, actions, chunk_size=BULK_CHUNK, max_chunk_bytes=BULK_BYTES,
                                 raise_on_error=False, refresh=self._refresh)
        errors = cast(list[dict[str, Any]], failed)
        refused = [e for e in errors if e["create"].get("status") != 409]
        if refused:
            raise StoreError(f"bulk indexing refused {len(refused)} documents, first: {refused[0]}")
        lost = {e["create"]["_id"] for e in errors if e["create"]["_index"].startswith(self._cases)}
        created = [case_id for case_id in fresh if case_id not in lost]
        if created:
            self._write_audit(SYSTEM_ACTOR, "record", created, {})
        first = {id(s) for case_id, s in fresh.items() if case_id not in lost}
        return len(created) + sum(self.record(s) for s in batch if id(s) not in first)

    def queue(self, query: QueueQuery, actor: str, cursor: str | None = None) -> QueuePage:
        """One page of cases (or of groups, each shown by its first case) matching the query."""
        actor = workflow.check_actor(actor)
        limit = max(1, min(query.limit, MAX_PAGE))
        mode = f"group:{query.sort}" if query.grouped else query.sort
        position = cursor_position(cursor, mode)
        request: dict[str, Any] = {
            "query": es_query(query), "sort": SORT[query.sort], "size": limit,
            "source_includes": _SUMMARY_FIELDS, "track_total_hits": False,
        }
        if query.grouped:
            offset = int(position[0]) if position else 0
            request.update(from_=offset, collapse={"field": "group_key"})
        elif position:
            request["search_after"] = position
        hits = self._es.search(index=self._cases, **request)["hits"]["hits"]
        sizes = self._group_sizes(query, [h["_source"]["group_key"] for h in hits]) if query.grouped else {}
        items = tuple(summary(h["_source"], sizes.get(h["_source"]["group_key"], 1)) for h in hits)
        self._write_audit(actor, "read_queue", [c.case_id for c in items], {"query": asdict(query)})
        if len(hits) < limit:
            return QueuePage(items, None)
        next_position = [offset + limit] if query.grouped else hits[-1]["sort"]
        return QueuePage(items, encode_cursor([mode, *next_position]))

    def case(self, case_id: str, actor: str) -> Case | None:
        """One case with all its snapshots (oldest first), its history and notes."""
        actor = workflow.check_actor(actor)
        found = self._get(case_id)
        if found is None:
            return None
        source = found["_source"]
        ids = source["snapshot_ids"]
        docs = self._es.mget(index=self._snapshots, ids=ids)["docs"]
        bodies = {doc["_id"]: base64.b64decode(doc["_source"]["body"]) for doc in docs if doc.get("found")}
        self._write_audit(actor, "read_case", [case_id], {})
        return Case(
            summary(source),
            tuple(decode_snapshot(bodies[i]) for i in ids),
            tuple(ids),
            tuple(HistoryEntry(**h) for h in source.get("history") or ()),
            tuple(Note(**n) for n in source.get("notes") or ()),
        )

    def counts(self, query: QueueQuery | None = None) -> Counts:
        """Cases matching the query per status, category and region (no personal data: not audited)."""
        result = self._es.search(
            index=self._cases, query=es_query(query or QueueQuery()), size=0, track_total_hits=True,
            aggs={
                "status": {"terms": {"field": "status", "size": 20}},
                "category": {"terms": {"field": "categories", "size": 20}},
                "wilayah": {"terms": {"field": "wilayah", "size": 1000}},
            },
        )
        aggs = result["aggregations"]

        def buckets(name: str) -> dict[str, int]:
            return {b["key"]: b["doc_count"] for b in aggs[name]["buckets"]}

        return Counts(result["hits"]["total"]["value"], buckets("status"), buckets("category"),
                      buckets("wilayah"))

    def count(self) -> int:
        """How many cases there are."""
        return int(self._es.count(index=self._cases)["count"])

    def add_note(self, case_id: str, actor: str, text: str) -> Note:
        """Append a note; a concurrent write only makes it re-read and append again."""
        actor = workflow.check_actor(actor)
        if not text.strip():
            raise StoreError("a note needs text")
        note = Note(now(), actor, text)
        for _ in range(MAX_ATTEMPTS):
            found = self._get(case_id)
            if found is None:
                raise CaseNotFound(case_id)
            notes = [*(found["_source"].get("notes") or []), asdict(note)]
            if self._update(found, {"notes": notes}):
                self._write_audit(actor, "note", [case_id], {"text": text})
                return note
        raise StoreError(f"case {case_id!r} kept changing while adding a note; try again")

    def audit(self, case_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """The newest audit entries first, optionally only those about one case."""
        self._es.indices.refresh(index=self._audit_index)
        hits = self._es.search(
            index=self._audit_index, size=limit, sort=[{"seq": "desc"}],
            query={"term": {"case_ids": case_id}} if case_id else {"match_all": {}},
        )["hits"]["hits"]
        return [
            AuditEntry(h["_source"]["at"], h["_source"]["actor"], h["_source"]["action"],
                       tuple(h["_source"]["case_ids"]), h["_source"]["detail"])
            for h in hits
        ]

    def refresh(self) -> None:
        """Make every write so far visible to queue queries now (bulk loads, benchmarks)."""
        self._es.indices.refresh(index=[self._cases, self._snapshots, self._audit_index])

    def close(self) -> None:
        """Close the client."""
        self._es.close()

    def _try_record(self, snapshot: Snapshot) -> bool | None:
        """One attempt at `record`; None when a concurrent write to the case got in first."""
        body = encode_snapshot(snapshot)
        snapshot_id = hashlib.sha256(body).hexdigest()
        at = now()
        found = self._get(snapshot.case_id)
        if found is None:
            self._put_snapshot(snapshot, body, snapshot_id, 1, at)
            try:
                self._es.create(index=self._cases, id=snapshot.case_id, refresh=self._refresh,
                                document=new_case(snapshot, snapshot_id, at))
            except ConflictError:
                return None
            return True
        source = found["_source"]
        if snapshot_id in source["sighting_ids"]:
            return False
        sightings = [*source["sighting_ids"], snapshot_id]
        if same_decision(source, snapshot):
            change = {"seen_count": source["seen_count"] + 1, "last_seen": at, "sighting_ids": sightings}
        else:
            version = source["version_count"] + 1
            self._put_snapshot(snapshot, body, snapshot_id, version, at)
            change = {
                **case_fields(snapshot), "version_count": version, "revision": source["revision"] + 1,
                "snapshot_ids": [*source["snapshot_ids"], snapshot_id], "sighting_ids": sightings,
                "last_seen": at, "updated_at": at,
            }
        return True if self._update(found, change) else None

    def _change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], workflow.Change]
    ) -> CaseSummary:
        """Apply a workflow change if the case is still at `revision`; else StaleCaseError."""
        actor = workflow.check_actor(actor)
        for _ in range(MAX_ATTEMPTS):
            found = self._get(case_id)
            if found is None:
                raise CaseNotFound(case_id)
            source = found["_source"]
            current = summary(source)
            if current.revision != revision:
                raise StaleCaseError(case_id, revision, current.revision)
            change = decide(current)
            at = now()
            entry = HistoryEntry(at, actor, change.action, change.status, change.assignee, change.reason,
                                 change.escalated_to)
            update = {
                "status": change.status, "assignee": change.assignee, "escalated_to": change.escalated_to,
                "revision": source["revision"] + 1, "updated_at": at,
                "history": [*(source.get("history") or []), asdict(entry)],
            }
            # A conflict here is a write between our read and this update: read again, and the
            # revision check above refuses it unless that write was only a re-sighting.
            if self._update(found, update):
                self._write_audit(actor, change.action, [case_id], {"from": current.status, **asdict(change)})
                return summary({**source, **update})
        raise StoreError(f"case {case_id!r} kept changing; try again")

    def _group_sizes(self, query: QueueQuery, keys: list[str]) -> dict[str, int]:
        """How many cases matching the query each of these groups holds (one aggregation)."""
        if not keys:
            return {}
        scoped = {"bool": {"filter": [es_query(query), {"terms": {"group_key": keys}}]}}
        result = self._es.search(
            index=self._cases, query=scoped, size=0,
            aggs={"groups": {"terms": {"field": "group_key", "size": len(keys)}}},
        )
        return {b["key"]: b["doc_count"] for b in result["aggregations"]["groups"]["buckets"]}

    def _get(self, case_id: str) -> dict[str, Any] | None:
        """The case document (real-time get, no refresh needed) with its seq_no and primary term."""
        try:
            return dict(self._es.get(index=self._cases, id=case_id))
        except NotFoundError:
            return None

    def _update(self, found: dict[str, Any], change: dict[str, Any]) -> bool:
        """Partial update guarded by if_seq_no/if_primary_term; False if someone wrote first."""
        try:
            self._es.update(
                index=self._cases, id=found["_id"], doc=change, refresh=self._refresh,
                if_seq_no=found["_seq_no"], if_primary_term=found["_primary_term"],
            )
        except ConflictError:
            return False
        return True

    def _put_snapshot(self, snapshot: Snapshot, body: bytes, snapshot_id: str, version: int, at: str) -> None:
        """Write an evidence snapshot once; its id is its SHA-256, so a second create is a no-op."""
        action = snapshot_document(self._snapshots, snapshot, body, snapshot_id, version, at)
        try:
            self._es.create(index=self._snapshots, id=snapshot_id, document=action["_source"])
        except ConflictError:
            return

    def _write_audit(self, actor: str, action: str, case_ids: list[str], detail: dict[str, Any]) -> None:
        """Append one audit entry (`create` with a generated id: entries are never rewritten)."""
        self._es.index(
            index=self._audit_index, op_type="create",
            document={"at": now(), "seq": time.time_ns(), "actor": actor, "action": action,
                      "case_ids": case_ids, "detail": detail},
        )
