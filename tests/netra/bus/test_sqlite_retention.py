"""The SQLite log keeps personal data only as long as needed, in files only its user can read."""

import sqlite3
import stat
from pathlib import Path

from netra.bus.base import CURSORS, DEAD_LETTERS, Retention
from netra.bus.sqlite import SqliteBus, SqlitePublisher, SqliteSubscription


async def test_records_go_once_every_reader_committed_them_and_dead_letters_after_retention(tmp_path: Path) -> None:
    path = tmp_path / "bus.sqlite"
    publisher = SqlitePublisher(path)
    for n in range(4):
        await publisher.publish("raw", None, f"post {n}".encode())
    await publisher.publish(DEAD_LETTERS, None, b"old letter")
    await publisher.publish(CURSORS, b"source", b"1")
    await publisher.publish(CURSORS, b"source", b"2")
    await publisher.flush()
    with sqlite3.connect(path) as db:  # the letter was set aside long ago
        db.execute("UPDATE messages SET at = at - 20 * 86400 WHERE topic = ?", (DEAD_LETTERS,))
    await publisher.publish(DEAD_LETTERS, None, b"new letter")
    await publisher.flush()
    first, second = SqliteSubscription(path, "raw", "a"), SqliteSubscription(path, "raw", "b")
    await first.commit((await first.fetch(4, timeout=0))[:3])
    await second.commit(await second.fetch(2, timeout=0))
    bus = SqliteBus(path)

    assert bus.prune({"raw": ["a", "b", "c"]}, Retention(dead_letters_days=14)) == 2, "c never read: raw kept"
    dropped = bus.prune({"raw": ["a", "b"]}, Retention(dead_letters_days=14))
    assert dropped == 2, "the two posts both groups committed"
    with sqlite3.connect(path) as db:
        kept = db.execute("SELECT topic, value FROM messages ORDER BY offset").fetchall()
    assert kept == [("raw", b"post 2"), ("raw", b"post 3"), (CURSORS, b"2"), (DEAD_LETTERS, b"new letter")]
    assert [m.value for m in await SqliteSubscription(path, "raw", "b").fetch(10, timeout=0)] == [b"post 2", b"post 3"]


def test_the_log_file_is_private(tmp_path: Path) -> None:
    SqlitePublisher(tmp_path / "data" / "bus.sqlite").close()
    assert stat.S_IMODE((tmp_path / "data" / "bus.sqlite").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) & 0o077 == 0
