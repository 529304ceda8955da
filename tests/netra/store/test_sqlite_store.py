"""What only the embedded store does: migrate a version 1 file, and refuse edits to evidence and audit."""

import sqlite3
from pathlib import Path

import pytest

from netra.domain.snapshot import encode_snapshot
from netra.store.sqlite import SqliteCaseStore
from tests.factories import snapshot

V1_SCHEMA = """
CREATE TABLE cases (case_id TEXT PRIMARY KEY, status TEXT NOT NULL DEFAULT 'new', score REAL NOT NULL,
    categories TEXT NOT NULL, nip TEXT, nama TEXT, wilayah TEXT, created_at TEXT NOT NULL,
    first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, seen_count INTEGER NOT NULL DEFAULT 1);
CREATE INDEX cases_queue ON cases (status, score DESC);
CREATE TABLE snapshots (snapshot_id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases (case_id),
    version INTEGER NOT NULL, body BLOB NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (case_id, version));
"""


def test_a_version_1_file_is_migrated_with_its_evidence_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    first, second = snapshot(), snapshot(rules="r2", score=0.4)
    with sqlite3.connect(path) as db:
        db.executescript(V1_SCHEMA)
        db.execute("INSERT INTO cases VALUES ('x:1', 'new', 0.4, '[\"endorsement\"]', NULL, NULL, NULL, 'c',"
                   " 'f', 'l', 3)")
        for version, snap in enumerate((first, second), 1):
            db.execute("INSERT INTO snapshots VALUES (?, 'x:1', ?, ?, 'r')", (str(version), version,
                                                                           encode_snapshot(snap)))
    db.close()
    store = SqliteCaseStore(path)
    case = store.case("x:1", "test")
    assert case is not None
    assert [encode_snapshot(s) for s in case.snapshots] == [encode_snapshot(first), encode_snapshot(second)]
    assert (case.summary.seen_count, case.summary.version_count, store.count()) == (3, 2, 1)
    assert any(e.action == "migrate" for e in store.audit())
    store.close()
    assert SqliteCaseStore(path).count() == 1


def test_evidence_and_audit_rows_cannot_be_changed(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record(snapshot())
    store.close()
    db = sqlite3.connect(tmp_path / "cases.sqlite")
    for statement in ("UPDATE snapshots SET body = x'00'", "DELETE FROM audit", "UPDATE audit SET actor = 'x'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(statement)
