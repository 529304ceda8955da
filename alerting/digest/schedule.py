"""When digests go out: every day (or week) at a local time; each run belongs to one slot.

The slot is the latest scheduled moment not after now, named by its local date (`2026-11-30`,
or the Monday of its week for weekly digests). A run at any time sends what the current slot
still owes, so a late start or a restart catches up instead of skipping a day.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

PERIODS = {"daily": 1, "weekly": 7}


@dataclass(frozen=True, slots=True)
class Schedule:
    """Every `period` at `at` in `timezone` (Asia/Jakarta: WIB)."""

    period: str = "daily"
    at: time = time(7, 0)
    timezone: str = "Asia/Jakarta"

    def slot_start(self, now: datetime) -> datetime:
        """The latest scheduled moment at or before `now` (an aware datetime)."""
        local = now.astimezone(ZoneInfo(self.timezone))
        start = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.period == "weekly":
            start -= timedelta(days=start.weekday())
        while start > local:
            start -= timedelta(days=PERIODS[self.period])
        return start

    def slot(self, now: datetime) -> str:
        """The name of the slot `now` falls in."""
        return self.slot_start(now).date().isoformat()

    def next_run(self, now: datetime) -> datetime:
        """The next scheduled moment after `now`."""
        return self.slot_start(now) + timedelta(days=PERIODS[self.period])
