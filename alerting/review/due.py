"""A case's statutory deadline as a reviewer reads it: when it is due and how long is left (or late)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from alerting.review.i18n import ngettext
from netra.store.deadlines import Deadlines
from netra.store.fields import utc_text
from netra.store.model import CaseSummary


@dataclass(frozen=True, slots=True)
class Due:
    """When the case is due (ISO, shown with `when`), whether that has passed, and by how much."""

    at: str
    overdue: bool
    span: str


def due_of(summary: CaseSummary, deadlines: Deadlines, moment: datetime | None = None) -> Due | None:
    """The deadline of a case in its current status; None when the status has none (decided)."""
    due = deadlines.due_time(summary.status, summary.first_seen)
    if due is None:
        return None
    seconds = (due - (moment or datetime.now(UTC))).total_seconds()
    return Due(utc_text(due), seconds < 0, span(abs(seconds)))


def span(seconds: float) -> str:
    """A duration in days and hours (minutes under an hour), in this request's language."""
    minutes = int(seconds // 60)
    days, hours = divmod(minutes // 60, 24)
    if not days and not hours:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
    parts = [ngettext("%(num)d day", "%(num)d days", days) % {"num": days}] if days else []
    if hours:
        parts.append(ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours})
    return " ".join(parts)
