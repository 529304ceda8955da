"""The embedded case store: one SQLite file, for the one-machine run and small deployments."""

# One connection guarded by a lock; every write is one `BEGIN IMMEDIATE` transaction, so the
# revision check and the update it guards cannot interleave with another writer.

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from netra.domain.judgement import Judgement, Verdict
from netra.domain.snapshot import decode_snapshot
from netra.failures import Rejected, Unavailable
from netra.store import workflow
from netra.store.audit_chain import GENESIS, link
from netra.store.base import SYSTEM_ACTOR
from netra.store.deadlines import Deadlines
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
from netra.store.fields import now, same_decision
from netra.store.model import Case, CaseSummary, Counts, HistoryEntry, Note, QueueQuery
from netra.store.recording import Outcome, Prepared, prepare
from netra.store.repository import AuditOf
from netra.store.service import CaseService
from netra.store.sqlite_query import KEYS, ORDER, after, due_clause, due_time, where
from netra.store.sqlite_schema import connect, drop_legacy, legacy_snapshots

_COLUMNS = (
    "case_id, status, score, categories, elections, nip, nama, instansi, wilayah, created_at,"
    " seen_count, version_count, assignee, escalated_to, group_key, revision, posted_at, first_seen"
)
_STORED = (
    "score", "categories", "elections", "nip", "nama", "instansi", "wilayah", "group_key", "text",
    "created_at", "posted_at", "latest_post_sha256", "latest_versions", "author",
)
_AUDIT = "at, actor, action, case_ids, detail, seq, prev, hash"
_CHUNK = 500  # ids per IN (...) list
_HEAD = "SELECT seq, hash FROM audit WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"


class SqliteCaseStore(CaseService):
    """The case store on one SQLite file; `create=False` refuses a path where no store exists yet."""

    def __init__(self, path: Path, create: bool = True) -> None:
        super().__init__(SqliteRepository(path, create))


class SqliteRepository:
    """Cases in one SQLite file; a snapshot's SHA-256 is its identity, so replays are no-ops."""

    def __init__(self, path: Path, create: bool) -> None:
        self._db = connect(path, create)
        self._lock = threading.RLock()
        self._rerecord_legacy()

    def write_records(self, records: Sequence[Prepared]) -> list[Outcome | Rejected]:
        """Store the records in one transaction; a record the database refuses is rolled back alone."""
        outcomes: list[Outcome | Rejected] = []
        with self._write():
            at = now()
            for prepared in records:
                self._db.execute("SAVEPOINT record")
                try:
                    outcomes.append(self._record(prepared, at))
                except (sqlite3.IntegrityError, sqlite3.InterfaceError, OverflowError) as exc:
                    self._db.execute("ROLLBACK TO record")
                    outcomes.append(Rejected(f"refused by the store: {exc}", prepared.case_id))
                self._db.execute("RELEASE record")
        return outcomes

    def audited_snapshots(self, snapshot_ids: Sequence[str]) -> set[str]:
        """Which of these snapshot ids a `record` audit entry already names."""
        found: set[str] = set()
        with self._read():
            for start in range(0, len(snapshot_ids), _CHUNK):
                chunk = list(snapshot_ids[start:start + _CHUNK])
                marks = ",".join("?" * len(chunk))
                found.update(row[0] for row in self._db.execute(
                    f"SELECT snapshot_id FROM audited_snapshots WHERE snapshot_id IN ({marks})", chunk
                ))
        return found

    def page(self, query: QueueQuery, position: list[Any], limit: int) -> tuple[list[CaseSummary], list[Any]]:
        """One page of cases (or of groups, each shown by its first case) after `position`."""
        clause, args = where(query)
        if query.sort == "deadline":
            return self._by_deadline(clause, args, query.deadlines, position, limit)
        order = ORDER[query.sort]
        with self._read():
            if query.grouped:
                offset = int(position[0]) if position else 0
                rows = self._db.execute(
                    f"SELECT {_COLUMNS}, size FROM (SELECT {_COLUMNS}, ROW_NUMBER() OVER"
                    f" (PARTITION BY group_key ORDER BY {order}) AS rank, COUNT(*) OVER"
                    f" (PARTITION BY group_key) AS size FROM cases WHERE {clause})"
                    f" WHERE rank = 1 ORDER BY {order} LIMIT ? OFFSET ?",
                    [*args, limit, offset],
                ).fetchall()
                return [_summary(row) for row in rows], [offset + limit]
            if position:
                more, more_args = after(query.sort, position)
                clause, args = f"{clause} AND {more}", [*args, *more_args]
            rows = self._db.execute(
                f"SELECT {_COLUMNS}, 1 FROM cases WHERE {clause} ORDER BY {order} LIMIT ?", [*args, limit]
            ).fetchall()
        return [_summary(row) for row in rows], _key(rows[-1], query.sort) if rows else []

    def _by_deadline(
        self, clause: str, args: list[Any], deadlines: Deadlines, position: list[Any], limit: int
    ) -> tuple[list[CaseSummary], list[Any]]:
        """Soonest due first (then by case id), keyset-paged on (due time, case id)."""
        due, due_args = due_time(deadlines)
        if position:
            if len(position) != 2:
                raise StoreError("cursor does not fit this sort order")
            clause, args = f"{clause} AND ({due}, case_id) > (?, ?)", [*args, *due_args, *position]
        with self._read():
            rows = self._db.execute(
                f"SELECT {_COLUMNS}, 1, {due} FROM cases WHERE {clause} ORDER BY {due}, case_id LIMIT ?",
                [*due_args, *args, *due_args, limit],
            ).fetchall()
        return [_summary(row[:-1]) for row in rows], [rows[-1][-1], rows[-1][0]] if rows else []

    def load(self, case_id: str) -> Case | None:
        """One case with all its snapshots (oldest first), its history and notes."""
        with self._read():
            row = self._row(case_id)
            if row is None:
                return None
            stored = self._db.execute(
                "SELECT snapshot_id, body FROM snapshots WHERE case_id = ? ORDER BY version", (case_id,)
            ).fetchall()
            history = self._db.execute(
                "SELECT at, actor, action, status, assignee, reason, escalated_to, reason_code FROM history"
                " WHERE case_id = ? ORDER BY rowid", (case_id,),
            ).fetchall()
            notes = self._db.execute(
                "SELECT at, actor, text FROM notes WHERE case_id = ? ORDER BY rowid", (case_id,)
            ).fetchall()
        return Case(
            _summary(row),
            tuple(decode_snapshot(body) for _, body in stored),
            tuple(snapshot_id for snapshot_id, _ in stored),
            tuple(HistoryEntry(*h) for h in history),
            tuple(Note(*n) for n in notes),
        )

    def counts(self, query: QueueQuery) -> Counts:
        """Cases matching the query per status, category and region."""
        clause, args = where(query)
        with self._read():
            def grouped(sql: str) -> dict[str, int]:
                return {str(key): n for key, n in self._db.execute(sql, args) if key is not None}

            total = self._db.execute(f"SELECT COUNT(*) FROM cases WHERE {clause}", args).fetchone()[0]
            due, due_args = due_clause(query.deadlines, now())
            overdue = self._db.execute(
                f"SELECT COUNT(*) FROM cases WHERE {clause} AND {due}", [*args, *due_args]
            ).fetchone()[0]
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
                overdue,
            )

    def count(self) -> int:
        """How many cases there are."""
        with self._read():
            return int(self._db.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], workflow.Change],
        audit_of: AuditOf,
    ) -> CaseSummary:
        """Apply a workflow change if the case is at `revision`, with history and audit; one transaction."""
        with self._write():
            row = self._row(case_id)
            if row is None:
                raise CaseNotFound(case_id)
            current = _summary(row)
            if current.revision != revision:
                raise StaleCaseError(case_id, revision, current.revision)
            change = decide(current)
            entry = audit_of(current, change)
            self._db.execute(
                "UPDATE cases SET status = ?, assignee = ?, escalated_to = ?, revision = revision + 1,"
                " updated_at = ? WHERE case_id = ?",
                (change.status, change.assignee, change.escalated_to, entry["at"], case_id),
            )
            self._db.execute(
                "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (case_id, entry["at"], actor, change.action, change.status, change.assignee, change.reason,
                 change.escalated_to, change.reason_code),
            )
            self._append(entry)
            changed = self._row(case_id)
        assert changed is not None, "the case was just updated in this transaction"
        return _summary(changed)

    def add_note(self, case_id: str, note: Note, audit: dict[str, Any]) -> None:
        """Append a note and its audit entry."""
        with self._write():
            if self._db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
                raise CaseNotFound(case_id)
            self._db.execute("INSERT INTO notes VALUES (?, ?, ?, ?)",
                             (case_id, note.at, note.actor, note.text))
            self._append(audit)

    def append_audit(self, entry: dict[str, Any]) -> None:
        """Append one entry to the chained audit log."""
        with self._write():
            self._append(entry)

    def audit_entries(
        self, case_id: str | None, limit: int, without: Sequence[str] = ()
    ) -> list[dict[str, Any]]:
        """The newest audit entries first, optionally only about one case, leaving out `without` actions."""
        where = ["id IN (SELECT audit_id FROM audit_subjects WHERE case_id = ?)"] if case_id else []
        if without:
            where.append(f"action NOT IN ({', '.join('?' * len(without))})")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        with self._read():
            rows = self._db.execute(
                f"SELECT {_AUDIT} FROM audit {clause} ORDER BY id DESC LIMIT ?",
                [*([case_id] if case_id else []), *without, limit],
            ).fetchall()
        return [_audit_row(row) for row in rows]

    def audit_chain(self) -> tuple[Iterator[dict[str, Any]], int]:
        """Every chained entry, oldest first (read in chunks), and how many predate the chain."""
        with self._read():
            unchained = self._db.execute("SELECT COUNT(*) FROM audit WHERE seq IS NULL").fetchone()[0]

        def entries() -> Iterator[dict[str, Any]]:
            last = 0
            while True:
                with self._read():
                    rows = self._db.execute(
                        f"SELECT {_AUDIT} FROM audit WHERE seq > ? ORDER BY seq LIMIT 1000", (last,)
                    ).fetchall()
                if not rows:
                    return
                yield from (_audit_row(row) for row in rows)
                last = rows[-1][5]

        return entries(), int(unchained)

    def audit_head(self) -> tuple[int, str] | None:
        """The newest chained entry's `seq` and hash."""
        with self._read():
            row = self._db.execute(_HEAD).fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def save_judgement(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same pair."""
        with self._write():
            self._db.execute(
                "INSERT OR REPLACE INTO judgements VALUES (?, ?, ?, ?, ?, ?,"
                " (SELECT COALESCE(MAX(seq), 0) + 1 FROM judgements))",
                (judgement.author, judgement.nip, judgement.verdict.value, judgement.reviewer, judgement.note,
                 judgement.at),
            )

    def judgements(self, authors: Sequence[str]) -> list[Judgement]:
        """The standing judgements on these authors, newest first."""
        found: list[tuple[int, Judgement]] = []
        with self._read():
            for start in range(0, len(authors), _CHUNK):
                chunk = list(authors[start:start + _CHUNK])
                found += [
                    (seq, Judgement(a, n, Verdict(v), r, note, at))
                    for a, n, v, r, note, at, seq in self._db.execute(
                        "SELECT author, nip, verdict, reviewer, note, at, seq FROM judgements"
                        f" WHERE author IN ({','.join('?' * len(chunk))})", chunk,
                    )
                ]
        return [j for _, j in sorted(found, key=lambda item: -item[0])]

    def save_author_facts(self, author: str, facts: dict[str, Any], at: str) -> None:
        """Keep the latest facts about an author."""
        with self._write():
            self._db.execute("INSERT OR REPLACE INTO author_facts VALUES (?, ?, ?)",
                             (author, json.dumps(facts, sort_keys=True), at))

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts about an author."""
        with self._read():
            row = self._db.execute("SELECT facts FROM author_facts WHERE author = ?", (author,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _read(self) -> Iterator[None]:
        """Hold the connection; a busy or failing disk is Unavailable (retry later)."""
        with self._lock, _unavailable_on_error():
            yield

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One `BEGIN IMMEDIATE` transaction (committed on success, rolled back on any error)."""
        with self._lock, _unavailable_on_error(), self._db:
            self._db.execute("BEGIN IMMEDIATE")
            yield

    def _record(self, prepared: Prepared, at: str) -> Outcome:
        """Inside a transaction: store one snapshot unless this exact one was stored before."""
        case_id, snapshot_id, fields = prepared.case_id, prepared.snapshot_id, prepared.fields
        if self._db.execute("SELECT 1 FROM sightings WHERE snapshot_id = ?", (snapshot_id,)).fetchone():
            return Outcome.REPLAY
        self._db.execute("INSERT INTO sightings VALUES (?, ?, ?)", (snapshot_id, case_id, at))
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
            version, outcome = 1, Outcome.NEW_CASE
        elif same_decision({"latest_post_sha256": row[1], "latest_versions": row[2]}, prepared.snapshot):
            self._db.execute(
                "UPDATE cases SET seen_count = seen_count + 1, last_seen = ? WHERE id = ?", (at, row[0])
            )
            return Outcome.SIGHTING
        else:
            row_id, version, outcome = row[0], row[3] + 1, Outcome.NEW_VERSION
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
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, ?)", (snapshot_id, case_id, version, prepared.body, at)
        )
        return outcome

    def _row(self, case_id: str) -> tuple | None:
        """The summary columns of one case."""
        return self._db.execute(f"SELECT {_COLUMNS}, 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone()

    def _append(self, entry: dict[str, Any]) -> None:
        """Inside a transaction: chain and append one audit entry, indexed by case and recorded snapshot."""
        head = self._db.execute(_HEAD).fetchone()
        chained = link(entry, head[0] + 1 if head else 1, head[1] if head else GENESIS)
        audit_id = self._db.execute(
            f"INSERT INTO audit ({_AUDIT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (chained["at"], chained["actor"], chained["action"], json.dumps(chained["case_ids"]),
             json.dumps(chained["detail"], sort_keys=True), chained["seq"], chained["prev"], chained["hash"]),
        ).lastrowid
        self._db.executemany(
            "INSERT OR IGNORE INTO audit_subjects VALUES (?, ?)", [(c, audit_id) for c in chained["case_ids"]]
        )
        if chained["action"] == "record":
            self._db.executemany("INSERT OR IGNORE INTO audited_snapshots VALUES (?, ?)",
                                 [(s, audit_id) for s in chained["detail"].get("snapshot_ids", [])])

    def _rerecord_legacy(self) -> None:
        """Move a version 1 file's snapshots into the current tables (its seen counts too)."""
        with self._write():
            bodies = legacy_snapshots(self._db)
            if not bodies:
                return
            at = now()
            for body in bodies:
                self._record(prepare(decode_snapshot(body)), at)
            self._db.execute(
                "UPDATE cases SET seen_count ="
                " (SELECT seen_count FROM cases_v1 WHERE cases_v1.case_id = cases.case_id)"
            )
            drop_legacy(self._db)
            self._append({"at": at, "actor": SYSTEM_ACTOR, "action": "migrate", "case_ids": [],
                          "detail": {"snapshots": len(bodies)}})


@contextmanager
def _unavailable_on_error() -> Iterator[None]:
    """SQLite's operational errors (locked past the timeout, disk full, I/O error) as Unavailable."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise Unavailable(f"case store (SQLite): {exc}") from exc


def _audit_row(row: tuple) -> dict[str, Any]:
    """An audit row as the entry that was hashed."""
    at, actor, action, case_ids, detail, seq, prev, hashed = row
    entry = {"at": at, "actor": actor, "action": action, "case_ids": json.loads(case_ids),
             "detail": json.loads(detail)}
    return entry if seq is None else {**entry, "seq": seq, "prev": prev, "hash": hashed}


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
     seen_count, version_count, assignee, escalated_to, group_key, revision, _posted_at, first_seen,
     size) = row
    return CaseSummary(
        case_id, status, score, tuple(json.loads(categories)), tuple(json.loads(elections)), nip, nama,
        instansi, wilayah, created_at, seen_count, version_count, assignee, escalated_to, group_key,
        str(revision), size, first_seen,
    )
