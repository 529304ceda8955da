"""Back-pressure: when downstream fails, stop reading ahead and retry; never drop, never buffer more."""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from netra.bus.base import Subscription
from processors.metrics import PAUSED, RETRIES

log = logging.getLogger(__name__)
FIRST_WAIT, LONGEST_WAIT = 0.2, 5.0


async def until_done(
    action: Callable[[], Awaitable[object]],
    stop: asyncio.Event,
    stage: str,
    subscription: Subscription | None = None,
) -> bool:
    """Run `action` until it succeeds, pausing `subscription` while it fails; False if `stop` was
    set before it could succeed (the caller must then exit without committing)."""
    wait, paused = FIRST_WAIT, False
    try:
        while True:
            try:
                await action()
                return True
            except Exception as exc:  # any downstream failure: wait, never drop
                RETRIES.labels(stage).inc()
                log.warning("%s: downstream failed, retrying in %.1fs: %r", stage, wait, exc)
                if subscription is not None and not paused:
                    subscription.pause()
                paused = True
                PAUSED.labels(stage).set(1)
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
                return False
            except TimeoutError:
                wait = min(wait * 2, LONGEST_WAIT)
    finally:
        if paused:
            if subscription is not None:
                subscription.resume()
            PAUSED.labels(stage).set(0)
