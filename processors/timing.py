"""How long posts took from the collector's capture to a stage's commit (a metric, not a decision)."""

from collections.abc import Sequence
from datetime import UTC, datetime

from netra.bus.base import Message
from processors.metrics import CAPTURE_TO_OUTPUT

CAPTURED_AT = "netra-captured-at"


def observe_capture_to_output(stage: str, batch: Sequence[Message]) -> None:
    """Record, for each record that says when it was captured, the seconds since then."""
    now = datetime.now(UTC)
    histogram = CAPTURE_TO_OUTPUT.labels(stage)
    for message in batch:
        stamp = message.headers.get(CAPTURED_AT)
        if stamp:
            try:
                histogram.observe((now - datetime.fromisoformat(stamp)).total_seconds())
            except ValueError:
                continue
