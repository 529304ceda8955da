"""The embedded case store: one SQLite file, for the one-machine run and small deployments."""

# One connection guarded by a lock; every write is one `BEGIN IMMEDIATE` transaction, so the
# revision check and the update it guards cannot interleave with another writer.

import hashlib
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from netra.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from netra.store import workflow
from netra.store.actions import ReviewActions
from netra.store.base import SYSTEM_ACTOR
from netra.store.cursor import cursor_position, encode_cursor
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
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
from netra.store.sqlite_query import KEYS, ORDER, after, where
from netra.store.sqlite_schema import connect, drop_legacy, legacy_snapshots

_COLUMNS = (
    "case_id, status, score, categories, elections, nip, nama, instansi, wilayah, created_at,"
    " seen_count, version_count, assignee, escalated_to, group_key, revision, posted_at"
)
_STORED = (
    "score", "categories", "elections", "nip", "nama", "instansi", "wilayah", "group_key", "text",
    "created_at", "posted_at", "latest_post_sha256", "latest_versions",
)
MAX_PAGE = 500


class SqliteCaseStore(ReviewActions):
    """Cases in one SQLite file; a snapshot's SHA-256 is its identity, so replays are no-ops."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._lock = threading.RLock()
        self._rerecord_legacy()

    def record(self, snapshot: Snapshot) -> bool:
        """Add the snapshot: a new case, a new decision version, or a re-sighting of the same one."""
        return self.record_many([snapshot]) == 1

    def record_many(self, snapshots: Iterable[Snapshot]) -> int:
        """Store snapshots in one transaction; how many were not replays."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            at = now()
            recorded = [s.case_id for s in snapshots if self._record(s, at)]
            if recorded:
                self._audit(SYSTEM_ACTOR, "record", recorded, {}, at)
        return len(recorded)

    def queue(self, query: QueueQuery, actor: str, cursor: str | None = None) -> QueuePage:
        """One page of cases (or of groups, each shown by its first case) matching the query."""
        actor = workflow.check_actor(actor)
        clause, args = where(query)
        limit = max(1, min(query.limit, MAX_PAGE))
        order = ORDER[query.sort]
        mode = f"group:{query.sort}" if query.grouped else query.sort
        position = cursor_position(cursor, mode)
        with self._lock:
            if query.grouped:
                offset = int(position[0]) if position else 0
                rows = self._db.execute(
                    f"SELECT {_COLUMNS}, size FROM (SELECT {_COLUMNS}, ROW_NUMBER() OVER"
                    f" (PARTITION BY group_key ORDER BY {order}) AS rank, COUNT(*) OVER"
                    f" (PARTITION BY group_key) AS size FROM cases WHERE {clause})"
                    f" WHERE rank = 1 ORDER BY {order} LIMIT ? OFFSET ?",
                    [*args, limit, offset],
                ).fetchall()
                next_position = [offset + limit]
            else:
                if position:
                    more, more_args = after(query.sort, position)
                    clause, args = f"{clause} AND {more}", [*args, *more_args]
                rows = self._db.execute(
                    f"SELECT {_COLUMNS}, 1 FROM cases WHERE {clause} ORDER BY {order} LIMIT ?",
                    [*args, limit],
                ).fetchall()
                next_position = _key(rows[-1], query.sort) if rows else []
            items = tuple(_summary(row) for row in rows)
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._audit(actor, "read_queue", [c.case_id for c in items], {"query": asdict(query)}, now())
        more_rows = len(rows) == limit
        return QueuePage(items, encode_cursor([mode, *next_position]) if more_rows else None)

    def case(self, case_id: str, actor: str) -> Case | None:
        """One case with all its snapshots (oldest first), its history and notes."""
        actor = workflow.check_actor(actor)
        with self._lock:
            row = self._row(case_id)
            if row is None:
                return None
            stored = self._db.execute(
                "SELECT snapshot_id, body FROM snapshots WHERE case_id = ? ORDER BY version", (case_id,)
            ).fetchall()
            history = self._db.execute(
                "SELECT at, actor, action, status, assignee, reason, escalated_to FROM history"
                " WHERE case_id = ? ORDER BY rowid", (case_id,),
            ).fetchall()
            notes = self._db.execute(
                "SELECT at, actor, text FROM notes WHERE case_id = ? ORDER BY rowid", (case_id,)
            ).fetchall()
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._audit(actor, "read_case", [case_id], {}, now())
        return Case(
            _summary(row),
            tuple(decode_snapshot(body) for _, body in stored),
            tuple(snapshot_id for snapshot_id, _ in stored),
            tuple(HistoryEntry(*h) for h in history),
            tuple(Note(*n) for n in notes),
        )

    def counts(self, query: QueueQuery | None = None) -> Counts:
        """Cases matching the query per status, category and region (no personal data: not audited)."""
        clause, args = where(query or QueueQuery())
        with self._lock:
            def grouped(sql: str) -> dict[str, int]:
                return {str(key): n for key, n in self._db.execute(sql, args) if key is not None}

            total = self._db.execute(f"SELECT COUNT(*) FROM cases WHERE {clause}", args).fetchone()[0]
            return Counts(
                total,
                grouped(f"SELECT status, COUNT(*) FROM cases WHERE {clause} GROUP BY status"),
                grouped(
                    "SELECT value, COUNT(*) FROM case_labels WHERE kind = 'category' GROUP BY value"
                    if clause == "1" else
                    "SELECT j.value, COUNT(*) FROM cases, json_each(cases.categories) AS j"
                    f" WHERE {clause} GROUP BY j.value"
                ),
                grouped(f"SELECT wilayah, COUNT(*) FROM cases WHERE {clause} GROUP BY wilayah"),
            )

    def count(self) -> int:
        """How many cases there are."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def add_note(self, case_id: str, actor: str, text: str) -> Note:
        """Append a note to the case."""
        actor = workflow.check_actor(actor)
        if not text.strip():
            raise StoreError("a note needs text")
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if self._db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
                raise CaseNotFound(case_id)
            note = Note(now(), actor, text)
            self._db.execute("INSERT INTO notes VALUES (?, ?, ?, ?)", (case_id, note.at, actor, text))
            self._audit(actor, "note", [case_id], {"text": text}, note.at)
        return note

    def audit(self, case_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
        """The newest audit entries first, optionally only those about one case."""
        subject = "WHERE id IN (SELECT audit_id FROM audit_subjects WHERE case_id = ?)" if case_id else ""
        with self._lock:
            rows = self._db.execute(
                f"SELECT at, actor, action, case_ids, detail FROM audit {subject} ORDER BY id DESC LIMIT ?",
                [case_id, limit] if case_id else [limit],
            ).fetchall()
        return [AuditEntry(at, actor, action, tuple(json.loads(ids)), json.loads(detail))
                for at, actor, action, ids, detail in rows]

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    def _record(self, snapshot: Snapshot, at: str) -> bool:
        """Inside a transaction: store one snapshot unless this exact one was stored before."""
        body = encode_snapshot(snapshot)
        snapshot_id = hashlib.sha256(body).hexdigest()
        case_id = snapshot.case_id
        if self._db.execute("SELECT 1 FROM sightings WHERE snapshot_id = ?", (snapshot_id,)).fetchone():
            return False
        self._db.execute("INSERT INTO sightings VALUES (?, ?, ?)", (snapshot_id, case_id, at))
        fields = case_fields(snapshot)
        row = self._db.execute(
            "SELECT id, latest_post_sha256, latest_versions, version_count FROM cases WHERE case_id = ?",
            (case_id,),
        ).fetchone()
        if row is None:
            values = [_column(fields[f]) for f in _STORED]
            row_id = self._db.execute(
                f"INSERT INTO cases (case_id, {', '.join(_STORED)}, first_seen, last_seen, updated_at)"
                f" VALUES (?, {', '.join('?' * len(_STORED))}, ?, ?, ?)",
                [case_id, *values, at, at, at],
            ).lastrowid
            version = 1
        elif same_decision({"latest_post_sha256": row[1], "latest_versions": row[2]}, snapshot):
            self._db.execute(
                "UPDATE cases SET seen_count = seen_count + 1, last_seen = ? WHERE id = ?", (at, row[0])
            )
            return True
        else:
            row_id, version = row[0], row[3] + 1
            self._db.execute(
                f"UPDATE cases SET {', '.join(f + ' = ?' for f in _STORED)}, version_count = ?,"
                " revision = revision + 1, last_seen = ?, updated_at = ? WHERE id = ?",
                [*(_column(fields[f]) for f in _STORED), version, at, at, row_id],
            )
            self._db.execute("DELETE FROM case_labels WHERE case_row = ?", (row_id,))
        self._db.executemany(
            "INSERT OR IGNORE INTO case_labels VALUES (?, ?, ?)",
            [("category", v, row_id) for v in fields["categories"]]
            + [("election", v, row_id) for v in fields["elections"]],
        )
        self._db.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?)", (snapshot_id, case_id, version, body, at)
        )
        return True

    def _change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], workflow.Change]
    ) -> CaseSummary:
        """Apply a workflow change if the case is still at `revision`; else StaleCaseError."""
        actor = workflow.check_actor(actor)
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            row = self._row(case_id)
            if row is None:
                raise CaseNotFound(case_id)
            current = _summary(row)
            if current.revision != revision:
                raise StaleCaseError(case_id, revision, current.revision)
            change = decide(current)
            at = now()
            self._db.execute(
                "UPDATE cases SET status = ?, assignee = ?, escalated_to = ?, revision = revision + 1,"
                " updated_at = ? WHERE case_id = ?",
                (change.status, change.assignee, change.escalated_to, at, case_id),
            )
            self._db.execute(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, at, actor, change.action, change.status, change.assignee, change.reason,
                 change.escalated_to),
            )
            self._audit(actor, change.action, [case_id], {"from": current.status, **asdict(change)}, at)
            return replace(current, status=change.status, assignee=change.assignee,
                           escalated_to=change.escalated_to, revision=str(int(current.revision) + 1))

    def _row(self, case_id: str) -> tuple | None:
        """The summary columns of one case."""
        return self._db.execute(f"SELECT {_COLUMNS}, 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone()

    def _audit(self, actor: str, action: str, case_ids: list[str], detail: dict[str, Any], at: str) -> None:
        """Inside a transaction: append one audit entry."""
        audit_id = self._db.execute(
            "INSERT INTO audit (at, actor, action, case_ids, detail) VALUES (?, ?, ?, ?, ?)",
            (at, actor, action, json.dumps(case_ids), json.dumps(detail, sort_keys=True)),
        ).lastrowid
        self._db.executemany(
            "INSERT OR IGNORE INTO audit_subjects VALUES (?, ?)", [(c, audit_id) for c in case_ids]
        )

    def _rerecord_legacy(self) -> None:
        """Move a version 1 file's snapshots into the current tables (its seen counts too)."""
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            bodies = legacy_snapshots(self._db)
            if not bodies:
                return
            at = now()
            for body in bodies:
                self._record(decode_snapshot(body), at)
            self._db.execute(
                "UPDATE cases SET seen_count ="
                " (SELECT seen_count FROM cases_v1 WHERE cases_v1.case_id = cases.case_id)"
            )
            drop_legacy(self._db)
            self._audit(SYSTEM_ACTOR, "migrate", [], {"snapshots": len(bodies)}, at)


def _column(value: Any) -> Any:
    """Lists are kept as JSON text."""
    return json.dumps(value) if isinstance(value, list) else value


def _key(row: tuple, sort: str) -> list[Any]:
    """The sort keys of a row (score, posted_at, case_id) as the next page's position."""
    by_name = {"score": row[2], "posted_at": row[16], "case_id": row[0]}
    return [by_name[k] for k in KEYS[sort]]


def _summary(row: tuple) -> CaseSummary:
    """The queue row of a `_COLUMNS` row (plus its group size)."""
    (case_id, status, score, categories, elections, nip, nama, instansi, wilayah, created_at,
     seen_count, version_count, assignee, escalated_to, group_key, revision, _posted_at, size) = row
    return CaseSummary(
        case_id, status, score, tuple(json.loads(categories)), tuple(json.loads(elections)), nip, nama,
        instansi, wilayah, created_at, seen_count, version_count, assignee, escalated_to, group_key,
        str(revision), size,
    )
