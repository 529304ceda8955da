"""The embedded case store: one SQLite file, for the one-machine run and small deployments."""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from netra.bus.sqlite import connect
from netra.domain.snapshot import Snapshot, decode_snapshot, encode_snapshot
from netra.store.base import Case, CaseSummary

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'new',
    score REAL NOT NULL,
    categories TEXT NOT NULL,
    nip TEXT,
    nama TEXT,
    wilayah TEXT,
    created_at TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    seen_count INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS cases_queue ON cases (status, score DESC);
CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    version INTEGER NOT NULL,
    body BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);
"""
_SUMMARY = "case_id, status, score, categories, nip, nama, wilayah, created_at, seen_count"


class SqliteCaseStore:
    """Cases in SQLite; a snapshot's SHA-256 is its identity, so replays are no-ops."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._db.executescript(_SCHEMA)

    def record(self, snapshot: Snapshot) -> bool:
        """Add the snapshot: a new case, a new decision version, or a re-sighting of the same one."""
        body = encode_snapshot(snapshot)
        snapshot_id = hashlib.sha256(body).hexdigest()
        now = datetime.now(UTC).isoformat()
        decision, entry = snapshot.decision, snapshot.registry_entry
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            if self._db.execute(
                "SELECT 1 FROM snapshots WHERE snapshot_id = ?", (snapshot_id,)
            ).fetchone():
                return False
            latest = self._db.execute(
                "SELECT version, body FROM snapshots WHERE case_id = ? ORDER BY version DESC LIMIT 1",
                (snapshot.case_id,),
            ).fetchone()
            if latest is None:
                self._db.execute(
                    f"INSERT INTO cases ({_SUMMARY}, first_seen, last_seen)"
                    " VALUES (?, 'new', ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (
                        snapshot.case_id, decision.score, json.dumps(decision.categories),
                        entry.nip if entry else None, entry.nama if entry else None,
                        entry.wilayah if entry else None, snapshot.post.created_at, now, now,
                    ),
                )
            elif _same_decision(decode_snapshot(latest[1]), snapshot):
                self._db.execute(
                    "UPDATE cases SET seen_count = seen_count + 1, last_seen = ? WHERE case_id = ?",
                    (now, snapshot.case_id),
                )
                return True
            else:
                self._db.execute(
                    "UPDATE cases SET score = ?, categories = ?, last_seen = ? WHERE case_id = ?",
                    (decision.score, json.dumps(decision.categories), now, snapshot.case_id),
                )
            self._db.execute(
                "INSERT INTO snapshots (snapshot_id, case_id, version, body, recorded_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (snapshot_id, snapshot.case_id, (latest[0] + 1) if latest else 1, body, now),
            )
        return True

    def queue(self, status: str | None = None, limit: int = 50, offset: int = 0) -> list[CaseSummary]:
        """Cases by descending score, optionally of one status."""
        where, args = ("WHERE status = ?", [status]) if status else ("", [])
        rows = self._db.execute(
            f"SELECT {_SUMMARY} FROM cases {where} ORDER BY score DESC, case_id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        return [_summary(row) for row in rows]

    def case(self, case_id: str) -> Case | None:
        """One case with all its snapshots, oldest first."""
        row = self._db.execute(f"SELECT {_SUMMARY} FROM cases WHERE case_id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        bodies = self._db.execute(
            "SELECT body FROM snapshots WHERE case_id = ? ORDER BY version", (case_id,)
        ).fetchall()
        return Case(_summary(row), tuple(decode_snapshot(body) for (body,) in bodies))

    def count(self) -> int:
        """How many cases there are."""
        return int(self._db.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()


def _same_decision(earlier: Snapshot, later: Snapshot) -> bool:
    """The same post content judged by the same rules: a re-sighting, not a new version."""
    return (
        earlier.post_sha256 == later.post_sha256
        and earlier.decision.versions == later.decision.versions
    )


def _summary(row: tuple) -> CaseSummary:
    case_id, status, score, categories, nip, nama, wilayah, created_at, seen_count = row
    return CaseSummary(
        case_id, status, score, tuple(json.loads(categories)), nip, nama, wilayah, created_at,
        seen_count,
    )
