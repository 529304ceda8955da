"""Accounts, sessions, login failures, saved filters and the security log in one SQLite file.

One machine runs the review app over it (see docs/review.md); every write is one short
transaction. Session ids are stored only as their SHA-256, so a copy of the file opens no session.
"""

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alerting.accounts.model import Account, AccountError
from netra.bus.sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY, full_name TEXT NOT NULL, role TEXT NOT NULL, scope TEXT NOT NULL,
    password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    id_sha256 TEXT PRIMARY KEY, username TEXT, data BLOB NOT NULL, expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username);
CREATE TABLE IF NOT EXISTS login_failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (key, at);
CREATE TABLE IF NOT EXISTS saved_filters (
    id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, name TEXT NOT NULL, query TEXT NOT NULL,
    UNIQUE (username, name)
);
CREATE TABLE IF NOT EXISTS security_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS security_log_no_update BEFORE UPDATE ON security_log
    BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS security_log_no_delete BEFORE DELETE ON security_log
    BEGIN SELECT RAISE(ABORT, 'the security log is append-only'); END;
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
"""
MAX_SAVED_FILTERS = 50
# Where the one-machine run keeps accounts, beside its case store.
DEFAULT_PATH = Path("var/netra/accounts.sqlite")


@dataclass(frozen=True, slots=True)
class SavedFilter:
    """A named queue query string an account keeps."""

    id: int
    name: str
    query: str


@dataclass(frozen=True, slots=True)
class SecurityEvent:
    """A login, logout, lockout, refused access, counts query or account change."""

    at: float
    actor: str
    action: str
    detail: dict[str, Any]


def _account(row: tuple[Any, ...]) -> Account:
    username, full_name, role, scope, disabled = row
    return Account(username, full_name, role, scope, bool(disabled))


def session_key(session_id: str) -> str:
    """What the sessions table stores for a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


class AccountRepository:
    """The review app's own small database (not the case store: no personal data of ASN here)."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._lock = threading.Lock()
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # accounts

    def add(self, account: Account, password_hash: str) -> None:
        """Create an account; AccountError if the username is taken."""
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, 0, ?)",
                    (
                        account.username,
                        account.full_name,
                        account.role,
                        account.scope,
                        password_hash,
                        time.time(),
                    ),
                )
        except sqlite3.IntegrityError:
            raise AccountError(f"an account {account.username!r} exists already") from None

    def get(self, username: str) -> Account | None:
        """The account, disabled or not; None if there is none."""
        rows = self._read(
            "SELECT username, full_name, role, scope, disabled FROM accounts WHERE username = ?", username
        )
        return _account(rows[0]) if rows else None

    def all(self) -> list[Account]:
        """Every account, by username."""
        rows = self._read("SELECT username, full_name, role, scope, disabled FROM accounts ORDER BY username")
        return [_account(row) for row in rows]

    def password_hash(self, username: str) -> str | None:
        """The stored hash of an enabled account (None: no such account, or disabled)."""
        rows = self._read("SELECT password_hash FROM accounts WHERE username = ? AND disabled = 0", username)
        return rows[0][0] if rows else None

    def set_password(self, username: str, password_hash: str) -> None:
        """Replace the password and end every session of the account."""
        self._update(username, "password_hash = ?", password_hash)

    def set_disabled(self, username: str, disabled: bool) -> None:
        """Disable (or enable) the account; disabling ends its sessions."""
        self._update(username, "disabled = ?", int(disabled))

    def _update(self, username: str, assignment: str, value: object) -> None:
        with self._write() as db:
            if (
                db.execute(f"UPDATE accounts SET {assignment} WHERE username = ?", (value, username)).rowcount
                == 0
            ):
                raise AccountError(f"no account {username!r}")
            db.execute("DELETE FROM sessions WHERE username = ?", (username,))

    # sessions (server-side rows behind the session cookie)

    def read_session(self, session_id: str) -> bytes:
        """The session's data, or empty bytes when it is unknown or expired."""
        rows = self._read(
            "SELECT data FROM sessions WHERE id_sha256 = ? AND expires_at > ?",
            session_key(session_id),
            time.time(),
        )
        return bytes(rows[0][0]) if rows else b""

    def write_session(self, session_id: str, data: bytes, ttl: int) -> None:
        """Keep the session's data for `ttl` seconds; the row names its user so logins can be ended."""
        try:
            username = json.loads(data).get("user")
        except ValueError:
            username = None
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO sessions VALUES (?, ?, ?, ?)",
                (session_key(session_id), username, data, time.time() + ttl),
            )
            db.execute("DELETE FROM sessions WHERE expires_at <= ?", (time.time(),))

    def remove_session(self, session_id: str) -> None:
        """End one session."""
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (session_key(session_id),))

    # login failures: lockout per username and rate limit per client address

    def failures(self, key: str, since: float) -> int:
        """Failed logins under `key` (a username or a client address) since a time."""
        return int(
            self._read("SELECT COUNT(*) FROM login_failures WHERE key = ? AND at > ?", key, since)[0][0]
        )

    def add_failure(self, *keys: str) -> None:
        """Count a failed login against each key."""
        now = time.time()
        with self._write() as db:
            db.executemany("INSERT INTO login_failures VALUES (?, ?)", [(key, now) for key in keys])
            db.execute("DELETE FROM login_failures WHERE at < ?", (now - 86_400,))

    def clear_failures(self, key: str) -> None:
        """Forget a key's failures (after a successful login or a reset)."""
        with self._write() as db:
            db.execute("DELETE FROM login_failures WHERE key = ?", (key,))

    # saved filters

    def save_filter(self, username: str, name: str, query: str) -> None:
        """Keep (or replace) a named queue query; AccountError beyond MAX_SAVED_FILTERS."""
        with self._write() as db:
            count = db.execute(
                "SELECT COUNT(*) FROM saved_filters WHERE username = ?", (username,)
            ).fetchone()[0]
            if count >= MAX_SAVED_FILTERS:
                raise AccountError(f"at most {MAX_SAVED_FILTERS} saved filters")
            db.execute(
                "INSERT INTO saved_filters (username, name, query) VALUES (?, ?, ?) "
                "ON CONFLICT (username, name) DO UPDATE SET query = excluded.query",
                (username, name, query),
            )

    def filters(self, username: str) -> list[SavedFilter]:
        """The account's saved filters, by name."""
        rows = self._read(
            "SELECT id, name, query FROM saved_filters WHERE username = ? ORDER BY name", username
        )
        return [SavedFilter(*row) for row in rows]

    def delete_filter(self, username: str, filter_id: int) -> None:
        """Remove one of the account's own saved filters (another's id does nothing)."""
        with self._write() as db:
            db.execute("DELETE FROM saved_filters WHERE id = ? AND username = ?", (filter_id, username))

    # security log and the app's secret

    def log(self, actor: str, action: str, **detail: Any) -> None:
        """Append to the security log (logins, refusals, counts queries, account changes)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO security_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                (time.time(), actor, action, json.dumps(detail, sort_keys=True, default=str)),
            )

    def events(self, limit: int = 100) -> list[SecurityEvent]:
        """The newest security log entries, newest first."""
        rows = self._read(
            "SELECT at, actor, action, detail FROM security_log ORDER BY id DESC LIMIT ?", limit
        )
        return [SecurityEvent(at, actor, action, json.loads(detail)) for at, actor, action, detail in rows]

    def secret(self) -> bytes:
        """The key that signs CSRF tokens: made once, kept in this file."""
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO settings VALUES ('secret', ?)", (secrets.token_bytes(32),))
            return bytes(db.execute("SELECT value FROM settings WHERE name = 'secret'").fetchone()[0])

    def close(self) -> None:
        """Release the connection."""
        self._db.close()
