"""The indexer: decisions from the bus into the case store, at least once (the store is idempotent)."""

import asyncio

import msgspec

from netra.bus.base import Publisher, Subscription
from netra.domain.snapshot import decode_snapshot
from netra.store.base import CaseStore
from processors.dead_letter import dead_letter
from processors.metrics import MESSAGES_IN

STAGE = "indexer"


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
        if not batch:
            continue
        for message in batch:
            try:
                snapshot = decode_snapshot(message.value)
            except (msgspec.DecodeError, msgspec.ValidationError) as exc:
                await dead_letter(publisher, message, STAGE, f"unreadable snapshot: {exc}")
                continue
            await asyncio.to_thread(store.record, snapshot)
        MESSAGES_IN.labels(STAGE).inc(len(batch))
        await publisher.flush()
        await subscription.commit(batch)
