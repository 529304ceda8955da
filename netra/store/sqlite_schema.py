"""The embedded store's tables, created and migrated by the application (`PRAGMA user_version`)."""

import sqlite3
from pathlib import Path

from netra.bus.sqlite import connect as durable_connection

SCHEMA_VERSION = 2
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
    escalated_to TEXT
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
    detail TEXT NOT NULL
);
CREATE TABLE audit_subjects (
    case_id TEXT NOT NULL,
    audit_id INTEGER NOT NULL,
    PRIMARY KEY (case_id, audit_id)
) WITHOUT ROWID;
"""
# Evidence and the audit log are append-only: the database itself refuses to change them.
_GUARDS = "".join(
    f"CREATE TRIGGER {table}_no_{op} BEFORE {op.upper()} ON {table} BEGIN"
    f" SELECT RAISE(ABORT, '{table} is append-only'); END;\n"
    for table in ("snapshots", "sightings", "history", "notes", "audit", "audit_subjects")
    for op in ("update", "delete")
)


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the store file (WAL, full sync), with the tables at SCHEMA_VERSION."""
    db = durable_connection(path)
    db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(f"{path} has schema {version}, newer than this Netra ({SCHEMA_VERSION})")
    if version < SCHEMA_VERSION:
        with db:
            db.execute("BEGIN IMMEDIATE")
            if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                _upgrade(db)
    return db


def _upgrade(db: sqlite3.Connection) -> None:
    """Create the tables; a version 1 file (cases + snapshots, no user_version) keeps its snapshots."""
    old = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'snapshots'").fetchone() is not None
    if old:
        db.execute("ALTER TABLE snapshots RENAME TO snapshots_v1")
        db.execute("ALTER TABLE cases RENAME TO cases_v1")
        db.execute("DROP INDEX IF EXISTS cases_queue")
    for statement in _statements(_TABLES + _GUARDS):
        db.execute(statement)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


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
