"""One stream stage, generic: fetch a batch, handle each record, write, flush, commit.

Invariant: a batch's offsets are committed only after everything it produced (records, store
writes, dead letters) is durable. A crash before the commit replays the batch, and a replay
changes nothing downstream (identical snapshots, which the store keys by hash).

Failures are typed at the edges (`netra.failures`), after quix-streams' error callbacks:
- `Unavailable` (or a ConnectionError, TimeoutError) while handling, writing or flushing: pause,
  back off and retry the same batch; nothing is dropped, nothing piles up. A flush failing for
  any reason is retried the same way: the bus is the stream itself.
- `Rejected` for one record: dead-letter it with the stage, the reason and its original bytes.
- Any other exception on one record: retried `attempts` times, then dead-lettered with its
  traceback. A bulk write that keeps failing is retried record by record to find the culprit.
"""

import asyncio
import logging
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from netra.bus.base import Message, Publisher, Subscription
from netra.failures import Rejected, Unavailable
from processors.backpressure import Backoff
from processors.dead_letter import dead_letter
from processors.gc_policy import collect_between_batches, settle
from processors.health import StageHealth
from processors.metrics import FLAGGED, LAG, LATENCY, MESSAGES_IN, MESSAGES_OUT, UNKNOWN_REGION
from processors.timing import observe_capture_to_output

log = logging.getLogger(__name__)
TRANSIENT = (Unavailable, ConnectionError, TimeoutError)  # an edge is down; anything else is the record


@dataclass(frozen=True, slots=True)
class Output:
    """A record a stage produces for a topic."""

    topic: str
    key: bytes | None
    value: bytes
    headers: dict[str, str]


@dataclass(frozen=True, slots=True)
class Handled:
    """What handling one record gave: records to publish, an item for the batch write, and the
    categories it was flagged for (counted once the batch is durable)."""

    outputs: tuple[Output, ...] = ()
    item: Any = None
    flagged: tuple[str, ...] = ()
    region: str = ""  # the matched entry's wilayah, for the flags-per-region metric


@dataclass(frozen=True, slots=True)
class Failed:
    """Why one record is set aside: `rejected` (can never succeed) or `error` (a bug, traceback)."""

    kind: str
    reason: str


class Stage(Protocol):
    """The record-level work of one stage; `handle` and `write` run in a worker thread."""

    name: str  # metrics label and dead-letter `netra-stage`
    sink: str  # metrics label of where `write` puts items ("store"); "" when it writes nothing

    def handle(self, message: Message) -> Handled:
        """The work on one record; raise Rejected for a record that can never succeed."""
        ...

    def write(self, items: Sequence[Any]) -> None:
        """Write the batch's items (bulk); raise Rejected naming the item (`key_of`) it refuses,
        or an ExceptionGroup of them, and Unavailable when the edge is down."""
        ...

    def key_of(self, item: Any) -> str:
        """The key a Rejected from `write` names this item by."""
        ...


@dataclass(frozen=True, slots=True)
class Policy:
    """How a stage fetches and how often an unexpected failure on one record is tried."""

    batch_size: int = 500
    attempts: int = 3


async def run_stage(
    stage: Stage,
    subscription: Subscription,
    publisher: Publisher,
    stop: asyncio.Event,
    policy: Policy = Policy(),
    health: StageHealth | None = None,
) -> None:
    """Process batches until `stop` is set; the batch in hand is finished and committed first."""
    health = health or StageHealth(stage.name)
    settle()  # what the stage loaded is kept for good: full collections wait for a boundary
    while not stop.is_set():
        batch = await subscription.fetch(policy.batch_size, timeout=0.5)
        fetched_at = time.monotonic()
        lag = subscription.lag()
        LAG.labels(stage.name).set(lag)
        health.observe(lag)
        if not batch:
            continue
        if not await process_batch(stage, batch, publisher, stop, policy, subscription):
            return  # stopped while downstream was unavailable: the batch will be replayed
        await subscription.commit(batch)
        health.progressed()
        collect_between_batches()  # a full collection, when due, here rather than in a record
        observe_capture_to_output(stage.name, batch, fetched_at)


async def process_batch(
    stage: Stage,
    batch: Sequence[Message],
    publisher: Publisher,
    stop: asyncio.Event,
    policy: Policy = Policy(),
    subscription: Subscription | None = None,
) -> bool:
    """Handle, write, publish and flush one batch; False if `stop` came while downstream was down."""
    started = time.perf_counter()
    backoff = Backoff(stop, stage.name, subscription)
    try:
        results = await _handle_all(stage, batch, policy.attempts, backoff)
        items = {i: r.item for i, r in enumerate(results) if isinstance(r, Handled) and r.item is not None}
        refused = await _write(stage, items, policy.attempts, backoff)
        outcomes: list[Handled | Failed] = [refused.get(i, result) for i, result in enumerate(results)]
        for message, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Failed):
                await dead_letter(publisher, message, stage.name, outcome.reason, outcome.kind)
            else:
                for out in outcome.outputs:
                    await publisher.publish(out.topic, out.key, out.value, out.headers)
        while True:
            try:
                await publisher.flush()
                break
            except Exception as exc:  # the bus is the stream itself: wait for it, never drop
                if not await backoff.wait(exc):
                    return False
    except _Stopped:
        return False
    finally:
        backoff.close()
    _count(stage, batch, outcomes, started)
    return True


async def _handle_all(
    stage: Stage, batch: Sequence[Message], attempts: int, backoff: Backoff
) -> list[Handled | Failed]:
    """Every record handled in a worker thread (the event loop stays free)."""
    while True:
        try:
            return await asyncio.to_thread(lambda: [_handle(stage, m, attempts) for m in batch])
        except TRANSIENT as exc:  # an edge the handling reads from is down: the whole batch waits
            if not await backoff.wait(exc):
                raise _Stopped from exc


def _handle(stage: Stage, message: Message, attempts: int) -> Handled | Failed:
    error = ""
    for attempt in range(1, attempts + 1):
        try:
            return stage.handle(message)
        except TRANSIENT:
            raise
        except Rejected as exc:
            return Failed("rejected", exc.reason)
        except Exception:
            log.warning("%s: handling %s failed (attempt %d of %d)", stage.name, _where(message),
                        attempt, attempts, exc_info=True)
            error = traceback.format_exc()
    return Failed("error", error)


async def _write(stage: Stage, items: dict[int, Any], attempts: int, backoff: Backoff) -> dict[int, Failed]:
    """Write the items in bulk; the refused ones by their batch index."""
    refused: dict[int, Failed] = {}
    pending = dict(items)
    failures = 0
    while pending and failures < attempts:
        exc = await _attempt(stage, list(pending.values()), backoff)
        if exc is None:
            return refused
        named = _rejected_keys(exc)
        indices = {i for i, item in pending.items() if stage.key_of(item) in named}
        if not indices:  # a bug, or a rejection not naming its record: find it one by one
            failures += 1
            log.warning("%s: bulk write failed (%d of %d): %r", stage.name, failures, attempts, exc)
        for i in indices:
            refused[i] = Failed("rejected", named[stage.key_of(pending.pop(i))])
    for i, item in pending.items():
        failed = await _write_one(stage, item, attempts, backoff)
        if failed is not None:
            refused[i] = failed
    return refused


async def _write_one(stage: Stage, item: Any, attempts: int, backoff: Backoff) -> Failed | None:
    """One item written alone: None, or why it failed for good."""
    for _ in range(attempts):
        exc = await _attempt(stage, [item], backoff)
        if exc is None:
            return None
        named = _rejected_keys(exc)
        if named:
            return Failed("rejected", next(iter(named.values())))
    return Failed("error", "".join(traceback.format_exception(exc)))


async def _attempt(stage: Stage, items: list[Any], backoff: Backoff) -> Exception | None:
    """One write of `items` (in a worker thread), waiting out outages; the exception if it failed."""
    while True:
        try:
            await asyncio.to_thread(stage.write, items)
            return None
        except TRANSIENT as exc:
            if not await backoff.wait(exc):
                raise _Stopped from exc
        except Exception as exc:
            return exc


class _Stopped(Exception):
    """`stop` was set while downstream was unavailable: leave the batch uncommitted."""


def _rejected_keys(exc: BaseException) -> dict[str, str]:
    """key -> reason of every Rejected in `exc` (one, or an ExceptionGroup of them); {} otherwise."""
    if isinstance(exc, Rejected):
        return {exc.key: exc.reason}
    if isinstance(exc, BaseExceptionGroup):
        matched, rest = exc.split(Rejected)
        if matched is not None and rest is None:
            return {k: r for leaf in matched.exceptions for k, r in _rejected_keys(leaf).items()}
    return {}


def _count(stage: Stage, batch: Sequence[Message], outcomes: list[Handled | Failed], started: float) -> None:
    """Metrics of a batch once it is durable (a retried batch is counted once)."""
    MESSAGES_IN.labels(stage.name).inc(len(batch))
    handled = [o for o in outcomes if isinstance(o, Handled)]
    for outcome in handled:
        for out in outcome.outputs:
            MESSAGES_OUT.labels(stage.name, out.topic).inc()
        for category in outcome.flagged:
            FLAGGED.labels(category, outcome.region or UNKNOWN_REGION).inc()
    if stage.sink:
        MESSAGES_OUT.labels(stage.name, stage.sink).inc(sum(o.item is not None for o in handled))
    LATENCY.labels(stage.name).observe((time.perf_counter() - started) / max(len(batch), 1))


def _where(message: Message) -> str:
    return f"{message.topic}/{message.partition}/{message.offset}"
