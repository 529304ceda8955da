"""Reactions already handed on, so that reading a list of likers again (it has no time order to
resume from) repeats nobody, in this run or after a restart.

Kept per source in a small SQLite file under `state_dir`, not in the cursor: a candidate's
posts can gather tens of thousands of reactions. A source records a batch's reactions after
the runner has flushed it (`commit` right after its `yield`), so a crash between the two
repeats at most that one batch of reactions; none is ever lost.
"""

from pathlib import Path

from netra.bus.sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handed_on (
    post_id TEXT NOT NULL,
    reaction TEXT NOT NULL,
    PRIMARY KEY (post_id, reaction)
) WITHOUT ROWID;
"""


class Ledger:
    """Which reactions (e.g. `like:<account id>`) to which post were handed on."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._db.executescript(_SCHEMA)
        self._pending: set[tuple[str, str]] = set()

    def fresh(self, post_id: str, reaction: str) -> bool:
        """True the first time this reaction to this post is seen (it is then pending)."""
        key = (post_id, reaction)
        if key in self._pending:
            return False
        found = self._db.execute(
            "SELECT 1 FROM handed_on WHERE post_id = ? AND reaction = ?", key
        ).fetchone()
        if found:
            return False
        self._pending.add(key)
        return True

    def commit(self) -> None:
        """Record the pending reactions: their batch is on the bus."""
        if self._pending:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO handed_on VALUES (?, ?)", self._pending)
            self._pending.clear()

    def close(self) -> None:
        """Close the file."""
        self._db.close()
