"""Reviewer judgements on (author, NIP) pairs, which later matching honours.

A rejected pair is never proposed again; a confirmed pair is matched by account. The latest
judgement on a pair wins, so a reviewer can undo one. `JudgementStore` is the seam: the
in-memory and SQLite stores here pass the same contract tests, and another store can too.
"""

import sqlite3
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from netra.domain.judgement import Judgement, Verdict


class JudgementStore(Protocol):
    """Where judgements are kept."""

    def record(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same pair."""
        ...

    def confirmed(self, authors: Iterable[str]) -> Judgement | None:
        """The latest standing confirmation for any of these author keys."""
        ...

    def rejected(self, authors: Iterable[str]) -> set[str]:
        """NIPs standing rejected for any of these author keys."""
        ...


def _stamped(judgement: Judgement) -> Judgement:
    """The judgement with its time set (UTC, ISO 8601) if it had none."""
    if judgement.at:
        return judgement
    at = datetime.now(UTC).isoformat(timespec="seconds")
    return Judgement(judgement.author, judgement.nip, judgement.verdict, judgement.reviewer,
                     judgement.note, at)


class MemoryJudgements:
    """Judgements in a dict; for tests and `netra scan`."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], tuple[int, Judgement]] = {}
        self._seq = 0

    def record(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same pair."""
        self._seq += 1
        self._pairs[(judgement.author, judgement.nip)] = (self._seq, _stamped(judgement))

    def _standing(self, authors: Iterable[str]) -> list[tuple[int, Judgement]]:
        wanted = set(authors)
        return [item for (author, _), item in self._pairs.items() if author in wanted]

    def confirmed(self, authors: Iterable[str]) -> Judgement | None:
        """The latest standing confirmation for any of these author keys."""
        found = [item for item in self._standing(authors) if item[1].verdict is Verdict.CONFIRMED]
        return max(found, key=lambda item: item[0])[1] if found else None

    def rejected(self, authors: Iterable[str]) -> set[str]:
        """NIPs standing rejected for any of these author keys."""
        return {j.nip for _, j in self._standing(authors) if j.verdict is Verdict.REJECTED}


class SqliteJudgements:
    """Judgements in one SQLite file, safe to share between threads of one process."""

    _SCHEMA = """
        CREATE TABLE IF NOT EXISTS judgement (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            author TEXT NOT NULL, nip TEXT NOT NULL, verdict TEXT NOT NULL,
            reviewer TEXT NOT NULL, note TEXT NOT NULL, at TEXT NOT NULL,
            UNIQUE (author, nip) ON CONFLICT REPLACE
        );
        CREATE INDEX IF NOT EXISTS judgement_author ON judgement (author);
    """

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        with self._lock, self._db:
            self._db.executescript(self._SCHEMA)

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def record(self, judgement: Judgement) -> None:
        """Keep a judgement; it replaces any earlier one on the same pair."""
        j = _stamped(judgement)
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO judgement (author, nip, verdict, reviewer, note, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (j.author, j.nip, j.verdict.value, j.reviewer, j.note, j.at),
            )

    def _standing(self, authors: Iterable[str], verdict: Verdict) -> list[Judgement]:
        keys = list(dict.fromkeys(authors))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        with self._lock:
            rows = self._db.execute(
                "SELECT author, nip, verdict, reviewer, note, at FROM judgement"
                f" WHERE author IN ({marks}) AND verdict = ? ORDER BY seq DESC",
                (*keys, verdict.value),
            ).fetchall()
        return [Judgement(a, n, Verdict(v), r, note, at) for a, n, v, r, note, at in rows]

    def confirmed(self, authors: Iterable[str]) -> Judgement | None:
        """The latest standing confirmation for any of these author keys."""
        found = self._standing(authors, Verdict.CONFIRMED)
        return found[0] if found else None

    def rejected(self, authors: Iterable[str]) -> set[str]:
        """NIPs standing rejected for any of these author keys."""
        return {j.nip for j in self._standing(authors, Verdict.REJECTED)}
