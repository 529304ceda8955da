"""Runs every configured source into one bus until `stop`: each source in its own task, so a
source that waits (budget, rate limit, back-off) never holds up the others.

Invariant (as collectors/run.py): a batch's posts and the source's cursor after them are
published in one flush. The flushes of different sources are serialised by a lock, so one
source's flush never carries half of another's batch.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx

from collectors import metrics
from collectors.base import Batch, Source
from collectors.build import build_source
from collectors.config import CollectorsConfig
from collectors.posts import Seen
from collectors.run import publish_batch
from collectors.sources.polling import Context
from collectors.watch import WatchFiles
from netra.bus.base import Publisher

log = logging.getLogger(__name__)
CursorReader = Callable[[str], Awaitable[str | None]]
RESTARTS = 5


async def run_sources(
    config: CollectorsConfig, publisher: Publisher, stop: asyncio.Event, read_cursor: CursorReader,
    client: httpx.AsyncClient | None = None,
) -> None:
    """Collect from every source of `config` until each runs dry (`once`) or `stop` is set.

    `read_cursor(name)` gives a source's newest cursor on the bus (SQLite: `SqlitePublisher.latest`
    of CURSORS; Kafka: `kafka_admin.latest_value`). InputError if a watch file is unusable."""
    elections, registry = (Path(p) if p else None for p in (config.watch.elections, config.watch.registry))
    watch = WatchFiles(elections, registry) if elections or registry else None
    async with contextlib.AsyncExitStack() as stack:
        if client is None:
            client = await stack.enter_async_context(httpx.AsyncClient(follow_redirects=True))
        context = Context(client, config, watch)
        stack.callback(context.close)
        sources = [build_source(spec, context) for spec in config.sources]
        for spec in config.sources:
            metrics.initialise(spec.name, spec.budget.requests)
        if watch is not None:
            await watch.current()  # an unusable election or registry file stops here, with its line
        lock, seen = asyncio.Lock(), Seen()
        cursors = [await read_cursor(source.name) for source in sources]
        await asyncio.gather(*(
            run_source(source, publisher, stop, cursor, lock, seen, spec.poll_seconds)
            for source, cursor, spec in zip(sources, cursors, config.sources, strict=True)
        ))


async def run_source(
    source: Source, publisher: Publisher, stop: asyncio.Event, cursor: str | None,
    lock: asyncio.Lock, seen: Seen, restart_after: float,
) -> None:
    """Hand the source's batches on; after a failure (a bug, or a payload no guard foresaw) start
    it again from its last cursor, up to RESTARTS times in a row, `restart_after` seconds apart."""
    failures = 0
    while failures <= RESTARTS and not stop.is_set():
        log.info("source %s starts after cursor %s", source.name, (cursor or "(none)")[:200])
        batches = source.batches(cursor)
        try:
            while (batch := await _next_unless_stopped(batches, stop)) is not None:
                async with lock:  # the duplicate check and the flush as one step across sources
                    fresh, keys = seen.new(batch.posts)
                    if not await publish_batch(source.name, Batch(fresh, batch.cursor), publisher, stop):
                        return
                    seen.add(keys)
                metrics.FETCHED.labels(source.name).inc(len(batch.posts))
                metrics.DUPLICATES.labels(source.name).inc(len(batch.posts) - len(fresh))
                cursor, failures = batch.cursor, 0
                metrics.NEW.labels(source.name).inc(len(fresh))
                metrics.LAST_SUCCESS.labels(source.name).set(time.time())
            break
        except Exception:
            failures += 1
            metrics.ERRORS.labels(source.name).inc()
            log.exception("source %s failed (%d in a row); the others go on", source.name, failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), restart_after)
        finally:
            await _close(batches)
    log.info("source %s stopped", source.name)


async def _next_unless_stopped(batches: AsyncIterator[Batch], stop: asyncio.Event) -> Batch | None:
    """The next batch, or None when the source ran dry or `stop` was set first (its wait cancelled:
    nothing of an unfinished batch was published)."""
    if stop.is_set():
        return None
    following = asyncio.ensure_future(anext(batches))
    stopping = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait((following, stopping), return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if following not in done:
        following.cancel()
        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
            await following
        return None
    try:
        return following.result()
    except StopAsyncIteration:
        return None


async def _close(batches: AsyncIterator[Batch]) -> None:
    closing = getattr(batches, "aclose", None)
    if closing is not None:
        with contextlib.suppress(Exception):
            await closing()
