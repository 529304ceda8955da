"""A durable log in one SQLite file: the bus for the embedded, one-machine run.

Each topic is one partition. Published records reach the disk together when `flush` commits
their transaction; consumer-group offsets live in the same file. Reads and writes run in a
worker thread (a synchronous write waits for the disk), so the event loop stays free.
"""

import asyncio
import json
import os
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from netra.bus.base import CURSORS, DEAD_LETTERS, Message, Publisher, Retention, Subscription
from netra.failures import Unavailable

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    offset INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    key BLOB,
    value BLOB NOT NULL,
    headers TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_topic ON messages (topic, offset);
CREATE TABLE IF NOT EXISTS group_offsets (
    grp TEXT NOT NULL,
    topic TEXT NOT NULL,
    next_offset INTEGER NOT NULL,
    PRIMARY KEY (grp, topic)
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """An SQLite connection set up for durable, concurrent use (WAL, full sync). A new file is
    created private (0600); SQLite gives its WAL and shared-memory files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


def _open_log(path: Path) -> sqlite3.Connection:
    """A connection to the log, its tables created (and `at`, the publish time, added to old files)."""
    db = connect(path)
    db.executescript(_SCHEMA)
    if "at" not in {row[1] for row in db.execute("PRAGMA table_info(messages)")}:
        db.execute("ALTER TABLE messages ADD COLUMN at REAL")
    return db


class SqlitePublisher:
    """Publishes into the log; `flush` commits everything published since the last flush."""

    def __init__(self, path: Path) -> None:
        self._db = _open_log(path)
        self._pending: list[tuple[str, bytes | None, bytes, str]] = []

    async def publish(
        self, topic: str, key: bytes | None, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        """Queue one record until the next flush."""
        self._pending.append((topic, key, value, json.dumps(headers or {})))

    async def flush(self) -> None:
        """Write the queued records in one transaction (kept queued if it fails)."""
        if not self._pending:
            return
        try:
            await asyncio.to_thread(self._write, self._pending)
        except sqlite3.OperationalError as exc:  # locked, disk full, I/O error: try again later
            raise Unavailable(f"bus file: {exc}") from exc
        self._pending = []

    def _write(self, records: list[tuple[str, bytes | None, bytes, str]]) -> None:
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT INTO messages (topic, key, value, headers, at) VALUES (?, ?, ?, ?, ?)",
                [(*record, time.time()) for record in records],
            )

    def latest(self, topic: str, key: bytes) -> bytes | None:
        """The value of the newest record with this key (e.g. a collector's cursor)."""
        row = self._db.execute(
            "SELECT value FROM messages WHERE topic = ? AND key = ? ORDER BY offset DESC LIMIT 1",
            (topic, key),
        ).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        """Close the file (unflushed records are dropped: they were never acknowledged)."""
        self._db.close()


class SqliteSubscription:
    """Reads one topic for one consumer group, resuming after its last commit."""

    def __init__(self, path: Path, topic: str, group: str, poll_interval: float = 0.2) -> None:
        self._db = _open_log(path)
        self._lock = threading.Lock()  # the loop (lag) and a worker thread (fetch, commit) share it
        self._topic, self._group, self._poll = topic, group, poll_interval
        self._next = self._committed()

    def _committed(self) -> int:
        with self._lock:
            row = self._db.execute(
                "SELECT next_offset FROM group_offsets WHERE grp = ? AND topic = ?",
                (self._group, self._topic),
            ).fetchone()
        return int(row[0]) if row else 0

    def _read(self, start: int, limit: int) -> list[tuple[int, bytes | None, bytes, str]]:
        with self._lock:
            return self._db.execute(
                "SELECT offset, key, value, headers FROM messages"
                " WHERE topic = ? AND offset >= ? ORDER BY offset LIMIT ?",
                (self._topic, start, limit),
            ).fetchall()

    def _save(self, next_offset: int) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO group_offsets (grp, topic, next_offset) VALUES (?, ?, ?)"
                " ON CONFLICT (grp, topic)"
                " DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)",
                (self._group, self._topic, next_offset),
            )

    async def fetch(self, max_messages: int, timeout: float) -> list[Message]:
        """The next records after what this subscription has fetched, polling until timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            rows = await asyncio.to_thread(self._read, self._next, max_messages)
            if rows or loop.time() >= deadline:
                break
            await asyncio.sleep(self._poll)
        if rows:
            self._next = rows[-1][0] + 1
        return [Message(self._topic, 0, o, k, v, json.loads(h)) for o, k, v, h in rows]

    async def commit(self, messages: Sequence[Message]) -> None:
        """Save progress past the last of these records."""
        if not messages:
            return
        await asyncio.to_thread(self._save, max(m.offset for m in messages) + 1)

    def pause(self) -> None:
        """Nothing to do: this adapter never reads ahead."""

    def resume(self) -> None:
        """Nothing to do: this adapter never reads ahead."""

    def lag(self) -> int:
        """Records in the topic not yet committed by this group."""
        committed = self._committed()
        with self._lock:
            row = self._db.execute(
                "SELECT COUNT(*) FROM messages WHERE topic = ? AND offset >= ?", (self._topic, committed)
            ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()


class SqliteBus:
    """The bus of one machine: every publisher and subscription over one SQLite file."""

    def __init__(self, path: Path, poll_interval: float = 0.2) -> None:
        self.path, self._poll = path, poll_interval
        self._opened: list[SqlitePublisher | SqliteSubscription] = []

    async def prepare(self) -> None:
        """Create the file and its tables."""
        self.publisher("prepare")

    def publisher(self, name: str) -> Publisher:
        """A publisher into the file (`name` needs no fencing here)."""
        opened = SqlitePublisher(self.path)
        self._opened.append(opened)
        return opened

    async def subscribe(self, topic: str, group: str) -> Subscription:
        """A reader of `topic` for `group`, after the group's last commit."""
        opened = SqliteSubscription(self.path, topic, group, self._poll)
        self._opened.append(opened)
        return opened

    async def latest(self, topic: str, key: bytes) -> bytes | None:
        """The value of the newest record with this key."""
        reader = SqlitePublisher(self.path)
        try:
            return reader.latest(topic, key)
        finally:
            reader.close()

    def lag(self, topic: str, group: str) -> int:
        """Records of `topic` that `group` has not committed yet."""
        reader = SqliteSubscription(self.path, topic, group)
        try:
            return reader.lag()
        finally:
            reader.close()

    def prune(self, readers: Mapping[str, Sequence[str]], retention: Retention) -> int:
        """Drop what nobody needs any more; how many records went. A record of a topic in
        `readers` goes once every group reading it has committed it (raw posts once decided:
        a flagged one lives on in its decision's snapshot); dead letters after their retention;
        cursors but the newest of each source."""
        db = _open_log(self.path)
        try:
            with db:
                before = db.total_changes
                for topic, groups in readers.items():
                    marks = [db.execute(
                        "SELECT next_offset FROM group_offsets WHERE grp = ? AND topic = ?", (group, topic)
                    ).fetchone() for group in groups]
                    if groups and all(marks):
                        done = min(int(mark[0]) for mark in marks)
                        db.execute("DELETE FROM messages WHERE topic = ? AND offset < ?", (topic, done))
                cutoff = time.time() - retention.dead_letters_days * 86_400
                db.execute("DELETE FROM messages WHERE topic = ? AND at < ?", (DEAD_LETTERS, cutoff))
                db.execute("DELETE FROM messages WHERE topic = ? AND offset NOT IN (SELECT MAX(offset)"
                           " FROM messages WHERE topic = ? GROUP BY key)", (CURSORS, CURSORS))
                return db.total_changes - before
        finally:
            db.close()

    async def close(self) -> None:
        """Close every connection handed out."""
        for opened in self._opened:
            opened.close()
        self._opened.clear()
