"""The audit log as a hash chain: each entry carries the hash of the one before it (issue 11).

An entry's hash is the SHA-256 of its canonical JSON (sorted keys, no spaces) including its
`seq` and the previous entry's hash (`prev`, empty for the first). Editing an entry changes its
hash; deleting one leaves a gap in `seq` or a `prev` that names nothing: `verify` finds both.
"""

import hashlib
import json
from collections.abc import Iterable
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
class Verification:
    """What `verify` found: how many chained entries hold, and every break (empty: the log is intact)."""

    entries: int
    unchained: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no entry was edited, removed or reordered."""
        return not self.problems


def verify(entries: Iterable[dict[str, Any]], unchained: int = 0, max_problems: int = 20) -> Verification:
    """Walk chained entries in `seq` order; `unchained` counts entries from before the chain began."""
    problems: list[str] = []
    count, expected_seq, prev = 0, 1, GENESIS
    for entry in entries:
        count += 1
        seq = entry.get("seq")
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
            break
    return Verification(count, unchained, tuple(problems))
