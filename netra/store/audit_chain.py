"""The audit log as a hash chain: each entry carries the hash of the one before it (issue 11).

An entry's hash is the SHA-256 of its canonical JSON (sorted keys, no spaces) including its
`seq` and the previous entry's hash (`prev`, empty for the first). Editing an entry changes its
hash; deleting one leaves a gap in `seq` or a `prev` that names nothing: `verify` finds both.
Removing the newest entries leaves a shorter chain that still holds together: only a head recorded
elsewhere (`netra audit head`, then `verify --expect`) shows that the chain once went further.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = ""


def entry_hash(entry: dict[str, Any]) -> str:
    """The hash of one entry: every field except `hash` itself."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def link(entry: dict[str, Any], seq: int, prev: str) -> dict[str, Any]:
    """The entry placed at `seq` after an entry whose hash is `prev`, with its own hash."""
    chained = {**entry, "seq": seq, "prev": prev}
    return {**chained, "hash": entry_hash(chained)}


@dataclass(frozen=True, slots=True)
class Head:
    """An entry of the chain as an operator records it: its place and hash, written `SEQ:HASH`."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def parse_head(text: str) -> Head:
    """A recorded head `SEQ:HASH`; ValueError naming the expected form otherwise."""
    seq, sep, hashed = text.strip().partition(":")
    if not (sep and seq.isdigit() and int(seq) > 0 and len(hashed) == 64
            and all(c in "0123456789abcdef" for c in hashed)):
        raise ValueError(f"a head is SEQ:HASH (a positive number, ':' and 64 hex digits), not {text[:80]!r}")
    return Head(int(seq), hashed)


@dataclass(frozen=True, slots=True)
class Verification:
    """What `verify` found: how many chained entries hold, and every break (empty: the log is intact)."""

    entries: int
    unchained: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no entry was edited, removed or reordered."""
        return not self.problems


def verify(
    entries: Iterable[dict[str, Any]], unchained: int = 0, max_problems: int = 20, expect: Sequence[Head] = ()
) -> Verification:
    """Walk chained entries in `seq` order; `unchained` counts entries from before the chain began.

    Each head in `expect` (recorded earlier) must still be in the chain with the same hash.
    """
    problems: list[str] = []
    count, expected_seq, prev = 0, 1, GENESIS
    recorded = {head.seq: head.hash for head in expect}
    for entry in entries:
        count += 1
        seq = entry.get("seq")
        if isinstance(seq, int) and seq in recorded and recorded.pop(seq) != entry.get("hash"):
            problems.append(f"entry {seq}: is not the entry recorded as a head (the chain was rewritten)")
        if seq != expected_seq:
            problems.append(f"entry {seq}: expected entry {expected_seq} here (an entry is missing or moved)")
        if entry.get("prev") != prev:
            problems.append(f"entry {seq}: does not follow the entry before it (prev hash differs)")
        if entry_hash(entry) != entry.get("hash"):
            problems.append(f"entry {seq}: its content does not match its hash (edited)")
        prev = str(entry.get("hash"))
        expected_seq = (seq if isinstance(seq, int) else expected_seq) + 1
        if len(problems) >= max_problems:
            problems.append("... stopped after too many problems")
            return Verification(count, unchained, tuple(problems))
    problems += [f"entry {missing}: recorded as a head, but the chain ends before it (newest entries removed)"
                 for missing in sorted(recorded)]
    return Verification(count, unchained, tuple(problems))
