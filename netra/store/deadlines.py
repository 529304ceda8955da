"""Statutory deadlines: a finding must be registered within a window after it was discovered.

Discovery is the case's `first_seen`, the moment the store first recorded it: every backend keeps
it, it never changes (re-sightings and new decision versions leave it alone) and it is the
store's own clock. A window belongs to a status: a case is due `days` after discovery while it is
in a status that has one; a status without a window (a decision) stops the clock. The windows are
data with a content-hash version; the queue computes due times when it reads, so a changed table
applies to every case at once without rewriting any.
"""

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from netra.store.errors import StoreError
from netra.store.fields import parsed, utc_text

# Days after discovery, per status (Perbawaslu: a finding is registered within 7 days). The
# decisions (confirmed, dismissed, escalated) have none: deciding is what stops the clock.
DEFAULT_DAYS: dict[str, float] = {"new": 7, "in_review": 7, "escalation_requested": 7}
MAX_DAYS = 3650
NO_DEADLINE = "~"  # sorts after every due time (`utc` strings start with a digit)


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Per status, the seconds after discovery by which a case in it is due; `version` names the table."""

    windows: tuple[tuple[str, int], ...]
    version: str

    def seconds(self, status: str) -> int | None:
        """The window of a status in seconds, None when it has no deadline."""
        return next((window for named, window in self.windows if named == status), None)

    def due_time(self, status: str, first_seen: str | None) -> datetime | None:
        """When a case in `status` first seen at `first_seen` is due, None without a deadline."""
        window = self.seconds(status)
        if window is None or not first_seen:
            return None
        return parsed(first_seen) + timedelta(seconds=window)

    def due(self, status: str, first_seen: str | None) -> str | None:
        """`due_time` in `utc` form (it compares with stored times as a string)."""
        moment = self.due_time(status, first_seen)
        return None if moment is None else utc_text(moment)

    def seen_before(self, moment: str) -> list[tuple[str, str]]:
        """(status, bound) pairs: a case is due before `moment` iff its status is one of these and
        it was first seen before the bound (the query filters of every backend)."""
        return [(status, shifted(moment, -window)) for status, window in self.windows]


def deadlines(days: Mapping[str, float]) -> Deadlines:
    """The table for these windows (days per status, whole seconds kept); ValueError when one is invalid."""
    windows: list[tuple[str, int]] = []
    for status, value in sorted(days.items()):
        if not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= MAX_DAYS:
            raise ValueError(f"the deadline of {status!r} must be 0 to {MAX_DAYS} days, not {value!r}")
        windows.append((status, round(value * 86_400)))
    digest = hashlib.sha256(json.dumps(windows).encode()).hexdigest()[:12]
    return Deadlines(tuple(windows), f"deadlines-{digest}")


def check_position(position: list[Any]) -> None:
    """StoreError unless a "deadline" page position is (a due time or NO_DEADLINE, a case id)."""
    if not position:
        return
    if len(position) != 2 or not all(isinstance(value, str) for value in position):
        raise StoreError("cursor does not fit this sort order")
    if position[0] != NO_DEADLINE:
        try:
            parsed(position[0])
        except ValueError:
            raise StoreError("invalid cursor") from None


def shifted(moment: str, seconds: int) -> str:
    """An ISO time moved by `seconds`, in `utc` form (so it compares with stored times as a string);
    StoreError past the calendar's ends."""
    try:
        return utc_text(parsed(moment) + timedelta(seconds=seconds))
    except (OverflowError, ValueError):
        raise StoreError(f"{moment[:40]!r} moved by {seconds} s is out of range") from None


DEFAULT_DEADLINES = deadlines(DEFAULT_DAYS)
