"""The indexer: decisions from the bus into the case store, at least once (the store is idempotent).

Invariant: a batch's offsets are committed only after every snapshot in it was recorded and
its dead letters were flushed. While the store fails the subscription is paused and the same
batch is recorded again (recording twice changes nothing).
"""

import asyncio
import functools
import time

import msgspec

from netra.bus.base import Publisher, Subscription
from netra.domain.snapshot import Snapshot, decode_snapshot
from netra.store.base import CaseStore
from processors.backpressure import until_done
from processors.dead_letter import dead_letter
from processors.metrics import LAG, LATENCY, MESSAGES_IN, MESSAGES_OUT
from processors.timing import observe_capture_to_output

STAGE = "indexer"
STORE = "store"


async def run_indexer(
    subscription: Subscription,
    publisher: Publisher,
    store: CaseStore,
    stop: asyncio.Event,
    batch_size: int = 500,
) -> None:
    """Store batches of snapshots until `stop` is set; commit each batch after it is stored."""
    while not stop.is_set():
        batch = await subscription.fetch(batch_size, timeout=0.5)
        fetched_at = time.monotonic()
        LAG.labels(STAGE).set(subscription.lag())
        if not batch:
            continue
        snapshots: list[Snapshot] = []
        for message in batch:
            try:
                snapshots.append(decode_snapshot(message.value))
            except (msgspec.DecodeError, msgspec.ValidationError) as exc:
                await dead_letter(publisher, message, STAGE, f"unreadable snapshot: {exc}")
        MESSAGES_IN.labels(STAGE).inc(len(batch))
        record = functools.partial(asyncio.to_thread, store.record_many, snapshots)
        if not await until_done(record, stop, STAGE, subscription):
            return
        if not await until_done(publisher.flush, stop, STAGE, subscription):
            return
        await subscription.commit(batch)
        MESSAGES_OUT.labels(STAGE, STORE).inc(len(snapshots))
        LATENCY.labels(STAGE).observe((time.monotonic() - fetched_at) / len(batch))
        observe_capture_to_output(STAGE, batch, fetched_at)

