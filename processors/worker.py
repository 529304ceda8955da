"""The processor worker: raw posts in, decisions with evidence out, at least once.

Invariant: a batch's offsets are committed only after every record it produced (decisions and
dead letters) was acknowledged by `flush`. A crash before the commit replays the batch; the
snapshots it produces are identical, so the store ignores them. While the flush fails the
subscription is paused and the same batch is retried: nothing is dropped, nothing piles up.
"""

import asyncio
import logging
import time
from collections.abc import Sequence

from netra.bus.base import DECISIONS, Message, Publisher, Subscription
from netra.domain.post import PostError, decode_post
from netra.domain.snapshot import MatchedEntry, Snapshot, encode_snapshot, post_sha256
from processors.backpressure import until_done
from processors.dead_letter import dead_letter
from processors.decide import DecisionCore
from processors.metrics import FLAGGED, LAG, LATENCY, MESSAGES_IN, MESSAGES_OUT, UNKNOWN_REGION
from processors.timing import observe_capture_to_output

log = logging.getLogger(__name__)
STAGE = "processor"


async def run_processor(
    subscription: Subscription,
    publisher: Publisher,
    core: DecisionCore,
    stop: asyncio.Event,
    batch_size: int = 500,
) -> None:
    """Process batches until `stop` is set; the batch in hand is finished and committed first."""
    while not stop.is_set():
        batch = await subscription.fetch(batch_size, timeout=0.5)
        fetched_at = time.monotonic()
        LAG.labels(STAGE).set(subscription.lag())
        if not batch:
            continue
        await process_batch(batch, publisher, core)
        if not await until_done(publisher.flush, stop, STAGE, subscription):
            return  # stopped while downstream was failing: the batch will be replayed
        await subscription.commit(batch)
        observe_capture_to_output(STAGE, batch, fetched_at)


async def process_batch(batch: Sequence[Message], publisher: Publisher, core: DecisionCore) -> None:
    """Decide every record of the batch; publish flagged decisions and dead letters."""
    started = time.perf_counter()
    for message in batch:
        try:
            post = decode_post(message.value)
        except PostError as exc:
            await dead_letter(publisher, message, STAGE, str(exc))
            continue
        try:
            decision = core.decide(post)
            if not decision.flagged:
                continue
            entry = core.registry_entry(decision.asn_match.nip) if decision.asn_match else None
        except Exception as exc:  # a bug must not stop the stream: set the post aside, loudly
            log.exception("deciding %s failed", post.key)
            await dead_letter(publisher, message, STAGE, f"internal error: {exc!r}")
            continue
        for category in decision.categories:
            FLAGGED.labels(category, (entry.wilayah if entry else "") or UNKNOWN_REGION).inc()
        snapshot = Snapshot(
            post=post,
            post_sha256=post_sha256(post),
            captured_at=message.headers.get("netra-captured-at", ""),
            collector=message.headers.get("netra-collector", ""),
            decision=decision,
            registry_entry=MatchedEntry.of(entry) if entry else None,
        )
        await publisher.publish(DECISIONS, message.key, encode_snapshot(snapshot), message.headers)
        MESSAGES_OUT.labels(STAGE, DECISIONS).inc()
    MESSAGES_IN.labels(STAGE).inc(len(batch))
    LATENCY.labels(STAGE).observe((time.perf_counter() - started) / max(len(batch), 1))
