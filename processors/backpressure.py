"""Back-pressure: when downstream is unavailable, stop reading ahead and retry; never drop or buffer more."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from netra.bus.base import Subscription
from processors.metrics import PAUSED, RETRIES

log = logging.getLogger(__name__)
FIRST_WAIT, LONGEST_WAIT = 0.2, 5.0


class Backoff:
    """Waits between retries of a failing downstream (0.2 s doubling to 5 s), pausing the
    subscription meanwhile; `close` resumes it. One per batch."""

    def __init__(self, stop: asyncio.Event, stage: str, subscription: Subscription | None = None) -> None:
        self._stop, self._stage, self._subscription = stop, stage, subscription
        self._wait, self._paused = FIRST_WAIT, False

    async def wait(self, exc: BaseException) -> bool:
        """Count the failure and wait; False if `stop` was set meanwhile (give up, commit nothing)."""
        RETRIES.labels(self._stage).inc()
        log.warning("%s: downstream failed, retrying in %.1fs: %r", self._stage, self._wait, exc)
        if not self._paused:
            if self._subscription is not None:
                self._subscription.pause()
            self._paused = True
            PAUSED.labels(self._stage).set(1)
        try:
            await asyncio.wait_for(self._stop.wait(), timeout=self._wait)
            return False
        except TimeoutError:
            self._wait = min(self._wait * 2, LONGEST_WAIT)
            return True

    def close(self) -> None:
        """Read ahead again if a failure paused the subscription."""
        if self._paused:
            if self._subscription is not None:
                self._subscription.resume()
            PAUSED.labels(self._stage).set(0)
            self._paused = False


async def until_done(
    action: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    stage: str,
    subscription: Subscription | None = None,
) -> bool:
    """Run `action` (a flush) until it succeeds, pausing `subscription` while it fails; False if
    `stop` was set before it could succeed (the caller must then exit without committing)."""
    backoff = Backoff(stop, stage, subscription)
    try:
        while True:
            try:
                await action()
                return True
            except Exception as exc:  # the bus is the stream itself: wait for it, never drop
                if not await backoff.wait(exc):
                    return False
    finally:
        backoff.close()
