"""What only the embedded store does: migrate old files, refuse edits, and refuse a wrong or broken file."""

import sqlite3
from pathlib import Path

import pytest

from netra.domain.snapshot import encode_snapshot
from netra.failures import Unavailable
from netra.store.errors import StoreError
from netra.store.model import QueueQuery
from netra.store.open import open_store
from netra.store.sqlite import SqliteCaseStore
from tests.factories import flagged, snapshot

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


def test_a_missing_path_is_refused_unless_creating(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "cases.sqlite"
    with pytest.raises(StoreError, match=r"no case store at .*--create"):
        open_store(str(path))
    assert not path.exists() and not path.parent.exists()
    open_store(str(path), create=True).close()
    assert open_store(f"sqlite://{path}").count() == 0


def test_a_file_that_is_not_a_store_gives_a_clear_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all " * 400)
    with pytest.raises(StoreError, match="cannot be opened as a case store"):
        open_store(str(garbage))
    other = tmp_path / "bus.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE log (offset INTEGER)")
    db.close()
    with pytest.raises(StoreError, match="another program"):
        open_store(str(other))
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))


def test_a_corruption_in_the_middle_of_the_file_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    store = SqliteCaseStore(path)
    store.record_many(flagged(str(n), text="kata " * 200) for n in range(300))
    store.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    page = 4096
    middle = (len(data) // page // 2) * page
    data[middle + 8:middle + page - 8] = b"\xff" * (page - 16)  # keep the header, wreck one page's cells
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="corrupt"):
        SqliteCaseStore(path, create=False)


def _four_audit_entries(path: Path) -> SqliteCaseStore:
    """A store whose audit chain holds a record and three reads."""
    store = SqliteCaseStore(path)
    store.record(snapshot())
    for _ in range(3):
        store.case("x:1", "ana")
    return store


def test_an_edited_or_deleted_audit_row_breaks_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    store = _four_audit_entries(path)
    assert store.verify_audit().ok
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_update")  # what an attacker with the file would do first
    db.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
    db.commit()
    edited = SqliteCaseStore(path).verify_audit()
    assert not edited.ok and any("entry 2" in p and "edited" in p for p in edited.problems)
    db.execute("UPDATE audit SET actor = 'ana' WHERE seq = 2")
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq = 3")
    db.commit()
    deleted = SqliteCaseStore(path).verify_audit()
    assert not deleted.ok and any("missing" in p for p in deleted.problems), deleted


def test_removing_the_newest_audit_rows_is_caught_only_against_a_recorded_head(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    store = _four_audit_entries(path)
    head = store.audit_head()
    assert head is not None and head.seq == 4
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP TRIGGER audit_no_delete")
    db.execute("DELETE FROM audit WHERE seq >= 3")
    db.commit()
    truncated = SqliteCaseStore(path)
    assert truncated.verify_audit().ok, "a shorter chain still holds together on its own"
    result = truncated.verify_audit([head])
    assert not result.ok and result.problems == (
        "entry 4: recorded as a head, but the chain ends before it (newest entries removed)",)
    truncated.case("x:1", "ana")
    truncated.case("x:1", "ana")  # new entries fill the places again, with other hashes
    assert any("entry 4" in p and "rewritten" in p for p in truncated.verify_audit([head]).problems)


def test_a_version_3_file_gets_each_case_s_author(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    SqliteCaseStore(path).record_many([flagged("1", nip="111"), flagged("2", nip="222")])
    db = sqlite3.connect(path)
    db.execute("DROP INDEX cases_author")
    db.execute("ALTER TABLE cases DROP COLUMN author")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()
    store = SqliteCaseStore(path)
    assert [c.case_id for c in store.queue(QueueQuery(author="x:asn222"), "ana").items] == ["x:2"]
    assert store.verify_audit().ok


def test_a_store_locked_by_another_writer_is_unavailable_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    store = SqliteCaseStore(path)
    store._repo._db.execute("PRAGMA busy_timeout = 100")  # type: ignore[attr-defined]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    with pytest.raises(Unavailable, match="locked"):
        store.record(snapshot())
    other.execute("ROLLBACK")
    assert store.record(snapshot()) is True, "the same record succeeds once the lock is gone"
