"""A durable log in one SQLite file: the bus for the embedded, one-machine run.

Each topic is one partition. Published records reach the disk together when `flush` commits
their transaction; consumer-group offsets live in the same file.
"""

import asyncio
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from netra.bus.base import Message

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
    """An SQLite connection set up for durable, concurrent use (WAL, full sync)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


class SqlitePublisher:
    """Publishes into the log; `flush` commits everything published since the last flush."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._db.executescript(_SCHEMA)
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
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT INTO messages (topic, key, value, headers) VALUES (?, ?, ?, ?)",
                self._pending,
            )
        self._pending.clear()

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
        self._db = connect(path)
        self._db.executescript(_SCHEMA)
        self._topic, self._group, self._poll = topic, group, poll_interval
        self._next = self._committed()

    def _committed(self) -> int:
        row = self._db.execute(
            "SELECT next_offset FROM group_offsets WHERE grp = ? AND topic = ?",
            (self._group, self._topic),
        ).fetchone()
        return int(row[0]) if row else 0

    async def fetch(self, max_messages: int, timeout: float) -> list[Message]:
        """The next records after what this subscription has fetched, polling until timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            rows = self._db.execute(
                "SELECT offset, key, value, headers FROM messages"
                " WHERE topic = ? AND offset >= ? ORDER BY offset LIMIT ?",
                (self._topic, self._next, max_messages),
            ).fetchall()
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
        next_offset = max(m.offset for m in messages) + 1
        with self._db:
            self._db.execute(
                "INSERT INTO group_offsets (grp, topic, next_offset) VALUES (?, ?, ?)"
                " ON CONFLICT (grp, topic)"
                " DO UPDATE SET next_offset = MAX(next_offset, excluded.next_offset)",
                (self._group, self._topic, next_offset),
            )

    def pause(self) -> None:
        """Nothing to do: this adapter never reads ahead."""

    def resume(self) -> None:
        """Nothing to do: this adapter never reads ahead."""

    def lag(self) -> int:
        """Records in the topic not yet committed by this group."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM messages WHERE topic = ? AND offset >= ?",
            (self._topic, self._committed()),
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the file."""
        self._db.close()
