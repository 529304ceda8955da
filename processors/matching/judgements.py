"""Reviewer judgements on (author, NIP) pairs, which later matching honours.

A rejected pair is never proposed again; a confirmed pair is matched by account. The latest
judgement on a pair wins, so a reviewer can undo one. `JudgementStore` is the seam: the
in-memory store here (`netra scan`, tests) and the case store's (`netra/store`, where the review
app records them) pass the same contract tests.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
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
