"""The case repository on a search engine (Elasticsearch or OpenSearch), over a `DocumentClient`.

Cases, evidence snapshots, the audit log and authors (judgements, facts) are four indices (see
es_mappings). Every write of a case document quotes the `_seq_no`/`_primary_term` it read, so
two writers never overwrite each other. Audit entries are created at sequential ids: two writers
cannot both take the same place in the hash chain (the loser reads the winner and goes after it).
"""

import base64
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from itertools import islice
from typing import Any

from netra.domain.judgement import Judgement, Verdict
from netra.domain.snapshot import decode_snapshot
from netra.failures import Rejected, Unavailable
from netra.store import workflow
from netra.store.audit_chain import GENESIS, link
from netra.store.deadlines import NO_DEADLINE
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
from netra.store.es_documents import new_case, snapshot_document, summary
from netra.store.es_mappings import alias, ensure_indices
from netra.store.es_query import SORT, deadline_streams, due_filter, es_query
from netra.store.fields import now, post_author, same_decision
from netra.store.model import Case, CaseSummary, Counts, HistoryEntry, Note, QueueQuery
from netra.store.recording import Outcome, Prepared
from netra.store.repository import AuditOf
from netra.store.search_client import DocumentClient
from netra.store.service import CaseService

MAX_ATTEMPTS = 20
AUTHOR_MAPPING = 3  # the mapping version that added the cases' `author`
BULK_CHUNK = 1000  # records per bulk request (two documents each)
_SUMMARY_FIELDS = [
    "case_id", "status", "score", "categories", "elections", "nip", "nama", "instansi", "wilayah",
    "created_at", "seen_count", "version_count", "assignee", "escalated_to", "group_key", "revision",
    "first_seen",
]
_AUDIT_FIELDS = ("at", "actor", "action", "case_ids", "detail", "seq", "prev", "hash")


class SearchCaseStore(CaseService):
    """The case store on a search engine; each engine's module only supplies its client."""

    def __init__(
        self, client: DocumentClient, prefix: str = "netra", replicas: int = 0, refresh: bool = False
    ) -> None:
        """`refresh=True` makes each write visible to searches at once (tests); production leaves it off."""
        self.repository = SearchRepository(client, prefix, replicas, refresh)
        super().__init__(self.repository)

    def refresh(self) -> None:
        """Make every write so far visible to queue queries now (bulk loads, benchmarks)."""
        self.repository.refresh()


class SearchRepository:
    """`CaseRepository` on Elasticsearch or OpenSearch (whichever `client` speaks to)."""

    def __init__(
        self, client: DocumentClient, prefix: str = "netra", replicas: int = 0, refresh: bool = False
    ) -> None:
        self._client = client
        self._cases, self._snapshots, self._audit, self._authors = (
            alias(prefix, kind) for kind in ("cases", "snapshots", "audit", "authors")
        )
        self._refresh = refresh
        self._head: tuple[int, str] | None = None  # the newest chained audit entry this writer knows
        copied_from = ensure_indices(client, prefix, replicas).get("cases")
        if copied_from is not None and copied_from < AUTHOR_MAPPING:
            self._fill_authors()

    # --- records -----------------------------------------------------------------------------

    def write_records(self, records: Sequence[Prepared]) -> list[Outcome | Rejected]:
        """Bulk-create new cases; existing cases (and a race lost on create) go one by one."""
        outcomes: list[Outcome | Rejected | None] = [None] * len(records)
        for start in range(0, len(records), BULK_CHUNK):
            self._bulk_new(records, range(start, min(start + BULK_CHUNK, len(records))), outcomes)
        for i, prepared in enumerate(records):
            if outcomes[i] is None:
                outcomes[i] = self._record_one(prepared)
        return [o for o in outcomes if o is not None]

    def audited_snapshots(self, snapshot_ids: Sequence[str]) -> set[str]:
        """Which of these snapshot ids a `record` audit entry names (searched after a refresh)."""
        self._client.refresh([self._audit])
        wanted = list(dict.fromkeys(snapshot_ids))
        result = self._client.search(self._audit, {
            "size": 0, "query": {"terms": {"snapshot_ids": wanted}},
            "aggs": {"found": {"terms": {"field": "snapshot_ids", "include": wanted, "size": len(wanted)}}},
        })
        return {b["key"] for b in result["aggregations"]["found"]["buckets"]}

    # --- reads -------------------------------------------------------------------------------

    def page(self, query: QueueQuery, position: list[Any], limit: int) -> tuple[list[CaseSummary], list[Any]]:
        """One page of cases (or of groups, each shown by its first case) after `position`."""
        if query.sort == "deadline":
            return self._by_deadline(query, position, limit)
        body: dict[str, Any] = {
            "query": es_query(query), "sort": SORT[query.sort], "size": limit,
            "_source": _SUMMARY_FIELDS, "track_total_hits": False,
        }
        offset = int(position[0]) if query.grouped and position else 0
        if query.grouped:
            body.update({"from": offset, "collapse": {"field": "group_key"}})
        elif position:
            body["search_after"] = position
        hits = self._client.search(self._cases, body)["hits"]["hits"]
        sizes = self._group_sizes(query, [h["_source"]["group_key"] for h in hits]) if query.grouped else {}
        items = [summary(h["_source"], sizes.get(h["_source"]["group_key"], 1)) for h in hits]
        if query.grouped:
            return items, [offset + limit]
        return items, hits[-1]["sort"] if hits else []

    def _by_deadline(
        self, query: QueueQuery, position: list[Any], limit: int
    ) -> tuple[list[CaseSummary], list[Any]]:
        """Soonest due first (then by case id): the first `limit` of each stream, merged; the cases
        without a deadline (the last stream) only when the others do not fill the page."""
        keyed: list[tuple[str, str, CaseSummary]] = []
        for window, stream, sort in deadline_streams(query, position):
            if window is None and len(keyed) >= limit:
                break
            hits = self._client.search(self._cases, {
                "query": stream, "sort": sort, "size": limit, "_source": _SUMMARY_FIELDS,
                "track_total_hits": False,
            })["hits"]["hits"]
            for hit in hits:
                row = summary(hit["_source"])
                due = query.deadlines.due(row.status, row.first_seen) if window is not None else None
                keyed.append((due or NO_DEADLINE, row.case_id, row))
        keyed.sort(key=lambda item: item[:2])
        taken = keyed[:limit]
        return [row for _, _, row in taken], list(taken[-1][:2]) if taken else []

    def load(self, case_id: str) -> Case | None:
        """One case with all its snapshots (oldest first), its history and notes."""
        found = self._client.get(self._cases, case_id)
        if found is None:
            return None
        source = found["_source"]
        ids = source["snapshot_ids"]
        docs = self._client.mget(self._snapshots, ids)
        bodies = {doc["_id"]: base64.b64decode(doc["_source"]["body"]) for doc in docs if doc.get("found")}
        return Case(
            summary(source),
            tuple(decode_snapshot(bodies[i]) for i in ids if i in bodies),
            tuple(ids),
            tuple(HistoryEntry(**h) for h in source.get("history") or ()),
            tuple(Note(**n) for n in source.get("notes") or ()),
        )

    def counts(self, query: QueueQuery) -> Counts:
        """Cases matching the query per status, category and region."""
        result = self._client.search(self._cases, {
            "query": es_query(query), "size": 0, "track_total_hits": True,
            "aggs": {
                "status": {"terms": {"field": "status", "size": 20}},
                "category": {"terms": {"field": "categories", "size": 20}},
                "wilayah": {"terms": {"field": "wilayah", "size": 1000}},
                "overdue": {"filter": due_filter(query.deadlines, now())},
            },
        })
        aggs = result["aggregations"]

        def buckets(name: str) -> dict[str, int]:
            return {b["key"]: b["doc_count"] for b in aggs[name]["buckets"]}

        total = result["hits"]["total"]["value"]
        return Counts(total, buckets("status"), buckets("category"), buckets("wilayah"),
                      aggs["overdue"]["doc_count"])

    def count(self) -> int:
        """How many cases there are."""
        return self._client.count(self._cases)

    # --- changes -----------------------------------------------------------------------------

    def change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], workflow.Change],
        audit_of: AuditOf,
    ) -> CaseSummary:
        """Apply a workflow change if the case is still at `revision`; else StaleCaseError."""
        for _ in range(MAX_ATTEMPTS):
            found = self._client.get(self._cases, case_id)
            if found is None:
                raise CaseNotFound(case_id)
            source = found["_source"]
            current = summary(source)
            if current.revision != revision:
                raise StaleCaseError(case_id, revision, current.revision)
            change = decide(current)
            entry = audit_of(current, change)
            history = HistoryEntry(entry["at"], actor, change.action, change.status, change.assignee,
                                   change.reason, change.escalated_to, change.reason_code)
            update = {
                "status": change.status, "assignee": change.assignee, "escalated_to": change.escalated_to,
                "revision": source["revision"] + 1, "updated_at": entry["at"],
                "history": [*(source.get("history") or []), asdict(history)],
            }
            # A conflict is a write between our read and this update: read again, and the revision
            # check above refuses it unless that write was only a re-sighting.
            if self._update(found, update):
                self.append_audit(entry)
                return summary({**source, **update})
        raise StoreError(f"case {case_id!r} kept changing; try again")

    def add_note(self, case_id: str, note: Note, audit: dict[str, Any]) -> None:
        """Append a note; a concurrent write only makes it re-read and append again."""
        for _ in range(MAX_ATTEMPTS):
            found = self._client.get(self._cases, case_id)
            if found is None:
                raise CaseNotFound(case_id)
            if self._update(found, {"notes": [*(found["_source"].get("notes") or []), asdict(note)]}):
                self.append_audit(audit)
                return
        raise StoreError(f"case {case_id!r} kept changing while adding a note; try again")

    # --- audit -------------------------------------------------------------------------------

    def append_audit(self, entry: dict[str, Any]) -> None:
        """Create the entry at the next place in the chain; if another writer took it, go after theirs."""
        for _ in range(MAX_ATTEMPTS * 5):
            seq, prev = self._head or self._find_head()
            chained = link(entry, seq + 1, prev)
            document = {**chained, "snapshot_ids": chained["detail"].get("snapshot_ids", [])}
            if self._client.create(self._audit, _audit_id(seq + 1), document, self._refresh):
                self._head = (seq + 1, chained["hash"])
                return
            taken = self._client.get(self._audit, _audit_id(seq + 1))
            if taken is None:
                raise Unavailable("audit log: an entry vanished while appending; retry")
            self._head = (seq + 1, taken["_source"]["hash"])
        raise Unavailable("audit log: too many concurrent writers; retry")

    def audit_entries(
        self, case_id: str | None, limit: int, without: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """The newest audit entries first, optionally only about one case, leaving out `without` actions."""
        self._client.refresh([self._audit])
        query = {"bool": {"filter": [{"term": {"case_ids": case_id}}] if case_id else [],
                          "must_not": [{"terms": {"action": list(without)}}] if without else []}}
        hits = self._client.search(self._audit, {
            # by time first: entries from before the chain (mapping version 1) had nanosecond seqs
            "size": limit, "sort": [{"at": "desc"}, {"seq": "desc"}], "query": query,
        })["hits"]["hits"]
        return [_audit_entry(h["_source"]) for h in hits]

    def audit_chain(self) -> tuple[Iterator[dict[str, Any]], int]:
        """Every chained entry, oldest first, and how many entries predate the chain (no hash)."""
        self._client.refresh([self._audit])
        unchained = self._client.search(self._audit, {
            "size": 0, "track_total_hits": True,
            "query": {"bool": {"must_not": {"exists": {"field": "hash"}}}},
        })["hits"]["total"]["value"]
        hits = self._client.scan(self._audit, {"exists": {"field": "hash"}}, [{"seq": "asc"}])
        return (_audit_entry(h["_source"]) for h in hits), int(unchained)

    def audit_head(self) -> tuple[int, str] | None:
        """The newest chained entry's `seq` and hash (searched, then real-time GETs past it)."""
        seq, hashed = self._find_head()
        return (seq, hashed) if seq else None

    # --- judgements and author facts ---------------------------------------------------------

    def save_judgement(self, judgement: Judgement) -> None:
        """Keep a judgement on the author's document; it replaces an earlier one on the same NIP."""
        entry = {**asdict(judgement), "verdict": judgement.verdict.value, "seq": time.time_ns()}

        def with_judgement(source: dict[str, Any]) -> dict[str, Any]:
            kept = [j for j in source.get("judgements") or [] if j["nip"] != judgement.nip]
            return {"judgements": [*kept, entry]}

        self._update_author(judgement.author, with_judgement)

    def judgements(self, authors: Sequence[str]) -> list[Judgement]:
        """The standing judgements on these authors, newest first (a real-time multi-get)."""
        docs = self._client.mget(self._authors, [_author_id(a) for a in authors])
        found = [j for doc in docs if doc.get("found") for j in doc["_source"].get("judgements") or []]
        found.sort(key=lambda j: -j["seq"])
        return [Judgement(j["author"], j["nip"], Verdict(j["verdict"]), j["reviewer"], j["note"], j["at"])
                for j in found]

    def save_author_facts(self, author: str, facts: dict[str, Any], at: str) -> None:
        """Keep the latest facts about an author."""
        self._update_author(author, lambda source: {"facts": facts, "facts_at": at})

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts about an author."""
        found = self._client.get(self._authors, _author_id(author))
        return found["_source"].get("facts") if found else None

    def refresh(self) -> None:
        """Make every write so far visible to searches now (bulk loads, benchmarks)."""
        self._client.refresh([self._cases, self._snapshots, self._audit, self._authors])

    def close(self) -> None:
        """Close the client."""
        self._client.close()

    # --- helpers -----------------------------------------------------------------------------

    def _bulk_new(self, records: Sequence[Prepared], span: range, outcomes: list[Any]) -> None:
        """Create the cases of `span` that do not exist yet (snapshot + case in one bulk request)."""
        ids = list(dict.fromkeys(records[i].case_id for i in span))
        existing = {doc["_id"] for doc in self._client.mget(self._cases, ids) if doc.get("found")}
        fresh: dict[str, int] = {}
        for i in span:
            if records[i].case_id not in existing and records[i].case_id not in fresh:
                fresh[records[i].case_id] = i
        if not fresh:
            return
        at = now()
        operations: list[dict[str, Any]] = []
        for i in fresh.values():
            prepared = records[i]
            document = snapshot_document(prepared, 1, at)
            operations += [{"create": {"_index": self._snapshots, "_id": prepared.snapshot_id}}, document,
                           {"create": {"_index": self._cases, "_id": prepared.case_id}},
                           new_case(prepared, at)]
        items = self._client.bulk(operations, self._refresh)
        for n, i in enumerate(fresh.values()):
            result = items[2 * n + 1]["create"]
            status = result.get("status", 500)
            if status in (200, 201):
                outcomes[i] = Outcome.NEW_CASE
            elif status == 429 or status >= 500:
                raise Unavailable(f"bulk write refused for now ({status}); retry")
            elif status != 409:  # 409: another writer created it first; recorded one by one below
                reason = (result.get("error") or {}).get("reason", "refused")
                outcomes[i] = Rejected(f"the search engine refused the case: {str(reason)[:300]}",
                                       records[i].case_id)

    def _record_one(self, prepared: Prepared) -> Outcome | Rejected:
        """Record into an existing case (a sighting or a new version), retrying on a concurrent write."""
        for _ in range(MAX_ATTEMPTS):
            try:
                outcome = self._try_record(prepared)
            except Rejected as exc:
                return Rejected(exc.reason, prepared.case_id)
            if outcome is not None:
                return outcome
        raise Unavailable(f"case {prepared.case_id!r} kept changing while recording; retry")

    def _try_record(self, prepared: Prepared) -> Outcome | None:
        """One attempt; None when a concurrent write to the case got in first."""
        at = now()
        found = self._client.get(self._cases, prepared.case_id)
        if found is None:
            self._put_snapshot(prepared, 1, at)
            document = new_case(prepared, at)
            created = self._client.create(self._cases, prepared.case_id, document, self._refresh)
            return Outcome.NEW_CASE if created else None
        source = found["_source"]
        if prepared.snapshot_id in source["sighting_ids"]:
            return Outcome.REPLAY
        sightings = [*source["sighting_ids"], prepared.snapshot_id]
        if same_decision(source, prepared.snapshot):
            change = {"seen_count": source["seen_count"] + 1, "last_seen": at, "sighting_ids": sightings}
            outcome = Outcome.SIGHTING
        else:
            version = source["version_count"] + 1
            self._put_snapshot(prepared, version, at)
            change = {
                **prepared.fields, "version_count": version, "revision": source["revision"] + 1,
                "snapshot_ids": [*source["snapshot_ids"], prepared.snapshot_id], "sighting_ids": sightings,
                "last_seen": at, "updated_at": at,
            }
            outcome = Outcome.NEW_VERSION
        return outcome if self._update(found, change) else None

    def _put_snapshot(self, prepared: Prepared, version: int, at: str) -> None:
        """Write an evidence snapshot once; its id is its SHA-256, so a second create is a no-op."""
        document = snapshot_document(prepared, version, at)
        self._client.create(self._snapshots, prepared.snapshot_id, document, False)

    def _update(self, found: dict[str, Any], change: dict[str, Any]) -> bool:
        """Partial update of a case guarded by what was read; False if someone wrote first."""
        return self._client.update_if(self._cases, found["_id"], change, found["_seq_no"],
                                      found["_primary_term"], self._refresh)

    def _update_author(self, author: str, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """Create or update the author's document, guarded against concurrent writers."""
        doc_id = _author_id(author)
        for _ in range(MAX_ATTEMPTS):
            found = self._client.get(self._authors, doc_id)
            if found is None:
                document = {"author": author, **change({})}
                if self._client.create(self._authors, doc_id, document, self._refresh):
                    return
                continue
            if self._client.update_if(self._authors, doc_id, change(found["_source"]), found["_seq_no"],
                                      found["_primary_term"], self._refresh):
                return
        raise Unavailable(f"author {author[:80]!r} kept changing; retry")

    def _find_head(self) -> tuple[int, str]:
        """The newest chained entry: the highest searchable one, then real-time GETs past it."""
        self._client.refresh([self._audit])
        hits = self._client.search(self._audit, {
            "size": 1, "sort": [{"seq": "desc"}], "query": {"exists": {"field": "hash"}},
            "_source": ["seq", "hash"],
        })["hits"]["hits"]
        seq, prev = (hits[0]["_source"]["seq"], hits[0]["_source"]["hash"]) if hits else (0, GENESIS)
        while (following := self._client.get(self._audit, _audit_id(seq + 1))) is not None:
            seq, prev = seq + 1, following["_source"]["hash"]
        return seq, prev

    def _fill_authors(self) -> None:
        """After copying cases from an older mapping: each case gets its latest post's author key."""
        self._client.refresh([self._cases])
        hits = self._client.scan(self._cases, {"match_all": {}}, [{"case_id": "asc"}])
        while batch := [h["_source"] for h in islice(hits, BULK_CHUNK)]:
            latest = {source["case_id"]: source["snapshot_ids"][-1] for source in batch}
            docs = self._client.mget(self._snapshots, list(latest.values()))
            bodies = {d["_id"]: base64.b64decode(d["_source"]["body"]) for d in docs if d.get("found")}
            operations: list[dict[str, Any]] = []
            for case_id, snapshot_id in latest.items():
                if snapshot_id in bodies:
                    author = post_author(decode_snapshot(bodies[snapshot_id]).post)
                    operations += [{"update": {"_index": self._cases, "_id": case_id}},
                                   {"doc": {"author": author}}]
            if operations:
                self._client.bulk(operations, True)

    def _group_sizes(self, query: QueueQuery, keys: list[str]) -> dict[str, int]:
        """How many cases matching the query each of these groups holds (one aggregation)."""
        if not keys:
            return {}
        result = self._client.search(self._cases, {
            "query": {"bool": {"filter": [es_query(query), {"terms": {"group_key": keys}}]}}, "size": 0,
            "aggs": {"groups": {"terms": {"field": "group_key", "size": len(keys)}}},
        })
        return {b["key"]: b["doc_count"] for b in result["aggregations"]["groups"]["buckets"]}


def _audit_id(seq: int) -> str:
    """The document id of the chain's entry `seq` (zero-padded, so ids sort as numbers)."""
    return f"{seq:012d}"


def _author_id(author: str) -> str:
    """The document id of an author key (hashed: keys can be long or odd)."""
    return hashlib.sha256(author.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _audit_entry(source: dict[str, Any]) -> dict[str, Any]:
    """An audit document as the entry that was hashed (without the search-only copy of snapshot ids)."""
    return {k: source[k] for k in _AUDIT_FIELDS if k in source}
