"""Is a stage making progress? Stalled: records wait (lag > 0) but nothing was committed for a while."""

import time
from dataclasses import dataclass, field

STALL_SECONDS = 120.0


@dataclass
class StageHealth:
    """The last lag a stage saw and when it last committed (or was idle)."""

    name: str
    lag: int = 0
    last_progress: float = field(default_factory=time.monotonic)

    def observe(self, lag: int) -> None:
        """The lag after a fetch; an idle stage (no lag) counts as up to date."""
        self.lag = lag
        if lag == 0:
            self.last_progress = time.monotonic()

    def progressed(self) -> None:
        """A batch was committed."""
        self.last_progress = time.monotonic()

    def stalled(self, limit: float = STALL_SECONDS) -> bool:
        """True when records wait and nothing was committed for `limit` seconds."""
        return self.lag > 0 and time.monotonic() - self.last_progress > limit

    def report(self, limit: float = STALL_SECONDS) -> dict[str, object]:
        """The stage's state for /healthz."""
        return {
            "status": "stalled" if self.stalled(limit) else "ok",
            "lag": self.lag,
            "seconds_since_progress": round(time.monotonic() - self.last_progress, 1),
        }


def health_report(stages: list[StageHealth], limit: float = STALL_SECONDS) -> dict[str, object]:
    """Overall status (`stalled` if any stage is) and each stage's state."""
    reports = {stage.name: stage.report(limit) for stage in stages}
    stalled = any(report["status"] == "stalled" for report in reports.values())
    return {"status": "stalled" if stalled else "ok", "stages": reports}
