"""What the alerter already told whom, and when it last sent per region and channel (SQLite)."""

import threading
from collections.abc import Iterable
from pathlib import Path

from alerting.digest.ledger import private_connection, transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS alerted (case_id TEXT NOT NULL, channel TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (case_id, channel));
CREATE TABLE IF NOT EXISTS last_sent (region TEXT NOT NULL, channel TEXT NOT NULL, at REAL NOT NULL,
    PRIMARY KEY (region, channel));
"""


class AlertState:
    """Alerted cases per channel, and the last send per (region, channel), in one private file."""

    def __init__(self, path: Path) -> None:
        self._db = private_connection(path)
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def alerted(self, channel: str) -> set[str]:
        """Case ids already alerted on this channel."""
        with self._lock:
            return {
                c for (c,) in self._db.execute("SELECT case_id FROM alerted WHERE channel = ?", (channel,))
            }

    def last_sent(self, region: str, channel: str) -> float | None:
        """When (epoch seconds) this region was last alerted on this channel."""
        with self._lock:
            row = self._db.execute(
                "SELECT at FROM last_sent WHERE region = ? AND channel = ?", (region, channel)
            ).fetchone()
        return float(row[0]) if row else None

    def record(self, region: str, channel: str, case_ids: Iterable[str], at: float) -> None:
        """Mark these cases alerted and the region just sent, in one transaction."""
        with self._lock, transaction(self._db):
            self._db.executemany(
                "INSERT OR IGNORE INTO alerted VALUES (?, ?, ?)", [(c, channel, at) for c in case_ids]
            )
            self._db.execute("INSERT OR REPLACE INTO last_sent VALUES (?, ?, ?)", (region, channel, at))

    def close(self) -> None:
        """Release the connection."""
        self._db.close()
