"""How long posts took from the collector's capture to a stage's commit (a metric, not a decision)."""

import time
from collections.abc import Sequence
from datetime import UTC, datetime

from netra.bus.base import Message
from processors.metrics import CAPTURE_TO_OUTPUT

CAPTURED_AT = "netra-captured-at"


def observe_capture_to_output(stage: str, batch: Sequence[Message], fetched_at: float) -> None:
    """Record for each record the seconds since its capture; a record without a readable capture
    header is counted too, from `fetched_at` (time.monotonic() when this stage fetched it)."""
    now = datetime.now(UTC)
    since_fetch = time.monotonic() - fetched_at
    captured, fetched = CAPTURE_TO_OUTPUT.labels(stage, "capture"), CAPTURE_TO_OUTPUT.labels(stage, "fetch")
    for message in batch:
        try:
            seconds = (now - datetime.fromisoformat(message.headers[CAPTURED_AT])).total_seconds()
        except (KeyError, ValueError, TypeError):
            fetched.observe(since_fetch)
            continue
        captured.observe(seconds)
