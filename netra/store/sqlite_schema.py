"""The embedded store's tables, created and migrated by the application (`PRAGMA user_version`)."""

import sqlite3
from pathlib import Path

from netra.bus.sqlite import connect as durable_connection
from netra.domain.snapshot import decode_snapshot
from netra.store.errors import StoreError
from netra.store.fields import post_author

SCHEMA_VERSION = 4
CACHE_KIB = 128 * 1024  # page cache: the evidence and sightings keys are random hashes

_TABLES = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'new',
    score REAL NOT NULL,
    categories TEXT NOT NULL,
    elections TEXT NOT NULL,
    nip TEXT,
    nama TEXT,
    instansi TEXT,
    wilayah TEXT,
    group_key TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    posted_at TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    seen_count INTEGER NOT NULL DEFAULT 1,
    version_count INTEGER NOT NULL DEFAULT 1,
    assignee TEXT,
    escalated_to TEXT,
    latest_post_sha256 TEXT NOT NULL,
    latest_versions TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_by_score ON cases (score DESC, posted_at DESC, case_id DESC);
CREATE INDEX cases_by_time ON cases (posted_at DESC, case_id DESC);
CREATE INDEX cases_status_score ON cases (status, score DESC, posted_at DESC, case_id DESC);
CREATE INDEX cases_status_time ON cases (status, posted_at DESC, case_id DESC);
CREATE INDEX cases_wilayah ON cases (wilayah, score DESC);
CREATE INDEX cases_instansi ON cases (instansi, score DESC);
CREATE INDEX cases_assignee ON cases (assignee, score DESC);
CREATE INDEX cases_group ON cases (group_key);
CREATE TABLE case_labels (
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    case_row INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (kind, value, case_row)
) WITHOUT ROWID;
CREATE INDEX case_labels_by_case ON case_labels (case_row);
CREATE VIRTUAL TABLE case_text USING fts5(
    text, content='cases', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER case_text_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_text (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER case_text_update AFTER UPDATE OF text ON cases BEGIN
    INSERT INTO case_text (case_text, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO case_text (rowid, text) VALUES (new.id, new.text);
END;
CREATE TABLE snapshots (
    snapshot_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    version INTEGER NOT NULL,
    body BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (case_id, version)
);
CREATE TABLE sightings (
    snapshot_id TEXT PRIMARY KEY,
    case_id TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE TABLE history (
    case_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    assignee TEXT,
    reason TEXT NOT NULL,
    escalated_to TEXT,
    reason_code TEXT
);
CREATE INDEX history_by_case ON history (case_id);
CREATE TABLE notes (case_id TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, text TEXT NOT NULL);
CREATE INDEX notes_by_case ON notes (case_id);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    case_ids TEXT NOT NULL,
    detail TEXT NOT NULL,
    seq INTEGER UNIQUE,
    prev TEXT,
    hash TEXT
);
CREATE TABLE audit_subjects (
    case_id TEXT NOT NULL,
    audit_id INTEGER NOT NULL,
    PRIMARY KEY (case_id, audit_id)
) WITHOUT ROWID;
""" + "".join(f"{statement};\n" for statement in (
    # version 3: the audit hash chain is in the columns above; these complete it.
    "CREATE TABLE audited_snapshots (snapshot_id TEXT PRIMARY KEY, audit_id INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE judgements (author TEXT NOT NULL, nip TEXT NOT NULL, verdict TEXT NOT NULL,"
    " reviewer TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY (author, nip)) WITHOUT ROWID",
    "CREATE TABLE author_facts (author TEXT PRIMARY KEY, facts TEXT NOT NULL, at TEXT NOT NULL)"
    " WITHOUT ROWID",
))
# A version 2 file gets the chain columns (its older entries stay unchained) and the new tables.
_V2_TO_V3 = [
    "ALTER TABLE history ADD COLUMN reason_code TEXT",
    "ALTER TABLE audit ADD COLUMN seq INTEGER",
    "ALTER TABLE audit ADD COLUMN prev TEXT",
    "ALTER TABLE audit ADD COLUMN hash TEXT",
    "CREATE UNIQUE INDEX audit_by_seq ON audit (seq)",
]
# Version 4: the author key of each case's latest post ("other posts by the same author").
_V3_TO_V4 = [
    "ALTER TABLE cases ADD COLUMN author TEXT",
    "CREATE INDEX cases_author ON cases (author, posted_at DESC, case_id DESC)",
]
# Evidence and the audit log are append-only: the database itself refuses to change them.
def _guards(*tables: str) -> str:
    return "".join(
        f"CREATE TRIGGER {table}_no_{op} BEFORE {op.upper()} ON {table} BEGIN"
        f" SELECT RAISE(ABORT, '{table} is append-only'); END;\n"
        for table in tables for op in ("update", "delete")
    )


_APPEND_ONLY = ("snapshots", "sightings", "history", "notes", "audit", "audit_subjects", "audited_snapshots")


def connect(path: Path, create: bool) -> sqlite3.Connection:
    """A connection to the store file (WAL, full sync), checked and with the tables at SCHEMA_VERSION.

    StoreError, with the path and what to do, for a missing file (unless `create`), a directory,
    a file that is not SQLite or is corrupt (`PRAGMA quick_check` at open) or another program's database.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a case store file")
    if not path.exists() and not create:
        raise StoreError(f"no case store at {path}: check the path, or create a new store explicitly"
                         " (--create)")
    try:
        db = durable_connection(path)
        problems = [row[0] for row in db.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            db.close()
            raise StoreError(f"{path} is corrupt (SQLite quick_check: {'; '.join(problems)[:300]});"
                             " restore it from a backup")
        db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path} has schema {version}, newer than this Netra ({SCHEMA_VERSION})")
        if version == 0 and _foreign(db):
            raise StoreError(f"{path} is an SQLite database of another program, not a case store")
        if version < SCHEMA_VERSION:
            with db:
                db.execute("BEGIN IMMEDIATE")
                current = db.execute("PRAGMA user_version").fetchone()[0]
                if current < SCHEMA_VERSION:
                    _upgrade(db, current)
        _add_indexes(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be opened as a case store ({exc}); is it corrupt or not a"
                         " Netra store?") from None
    return db


# Indexes that need no new schema version: made on open when missing (an older file gets them too).
_INDEXES = {
    # the deadline filters and overdue counts: per status, cases first seen before a bound
    "cases_status_first_seen":
        "CREATE INDEX IF NOT EXISTS cases_status_first_seen ON cases (status, first_seen)",
}


def _add_indexes(db: sqlite3.Connection) -> None:
    """Create the `_INDEXES` this file lacks (one write transaction, only when one is missing)."""
    present = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = [statement for name, statement in _INDEXES.items() if name not in present]
    if missing:
        with db:
            db.execute("BEGIN IMMEDIATE")
            for statement in missing:
                db.execute(statement)


def _foreign(db: sqlite3.Connection) -> bool:
    """A version-0 file with tables that are not the version 1 case store's."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return bool(tables) and not {"cases", "snapshots"} <= tables


def _upgrade(db: sqlite3.Connection, version: int) -> None:
    """Create or upgrade the tables; a version 1 file (cases + snapshots) keeps its snapshots."""
    if version == 2:
        added = _TABLES[_TABLES.index("CREATE TABLE audited_snapshots"):] + _guards("audited_snapshots")
        for statement in _V2_TO_V3 + _statements(added):
            db.execute(statement)
    elif version < 2:
        old = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'snapshots'").fetchone() is not None
        if old:
            db.execute("ALTER TABLE snapshots RENAME TO snapshots_v1")
            db.execute("ALTER TABLE cases RENAME TO cases_v1")
            db.execute("DROP INDEX IF EXISTS cases_queue")
        for statement in _statements(_TABLES + _guards(*_APPEND_ONLY)):
            db.execute(statement)
    for statement in _V3_TO_V4:
        db.execute(statement)
    _fill_authors(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _fill_authors(db: sqlite3.Connection) -> None:
    """Give each case of an older file the author key of its latest snapshot's post."""
    rows = db.execute(
        "SELECT cases.id, snapshots.body FROM cases JOIN snapshots ON snapshots.case_id = cases.case_id"
        " AND snapshots.version = cases.version_count"
    )
    db.executemany("UPDATE cases SET author = ? WHERE id = ?",
                   [(post_author(decode_snapshot(body).post), row_id) for row_id, body in rows])


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit the open transaction)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements


def legacy_snapshots(db: sqlite3.Connection) -> list[bytes]:
    """Snapshot bodies left by a version 1 file (which had no workflow), oldest first, to re-record."""
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'snapshots_v1'").fetchone() is None:
        return []
    return [body for (body,) in db.execute("SELECT body FROM snapshots_v1 ORDER BY case_id, version")]


def drop_legacy(db: sqlite3.Connection) -> None:
    """Remove the version 1 tables once their snapshots are re-recorded."""
    db.execute("DROP TABLE IF EXISTS snapshots_v1")
    db.execute("DROP TABLE IF EXISTS cases_v1")
