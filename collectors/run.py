"""Runs a source into the bus: raw posts keyed by author, then the source's cursor.

Invariant: a batch's posts and the cursor after them are flushed together, and a flush is
atomic (one SQLite transaction; one Kafka transaction), so a restart resumes exactly after the
last batch accepted: no post skipped, none published twice.
"""

import asyncio
from datetime import UTC, datetime

import msgspec

from collectors.base import Batch, Source
from netra.bus.base import CURSORS, RAW_POSTS, Publisher
from processors.backpressure import until_done
from processors.metrics import MESSAGES_OUT

__all__ = ["CURSORS", "author_key", "publish_batch", "run_collector"]
STAGE = "collector"


class _Keyed(msgspec.Struct):
    platform: str = ""
    author: dict[str, object] = {}


_key_decoder = msgspec.json.Decoder(_Keyed)


def author_key(raw: bytes) -> bytes | None:
    """`platform:author` so that one author's posts share a partition; None if unreadable."""
    try:
        keyed = _key_decoder.decode(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        return None
    author = keyed.author.get("id") or keyed.author.get("handle")
    return f"{keyed.platform}:{author}".encode() if author is not None else None


async def run_collector(
    source: Source, publisher: Publisher, cursor: str | None, stop: asyncio.Event
) -> str | None:
    """Publish the source's batches after `cursor` until it runs dry or `stop` is set; the last cursor."""
    async for batch in source.batches(cursor):
        if not await publish_batch(source.name, batch, publisher, stop):
            break  # stopped while the bus was failing: this batch was not accepted
        cursor = batch.cursor
        if stop.is_set():
            break
    return cursor


async def publish_batch(name: str, batch: Batch, publisher: Publisher, stop: asyncio.Event) -> bool:
    """Publish a batch's posts and then its cursor in one flush; False if `stop` came first."""
    captured_at = datetime.now(UTC).isoformat()
    headers = {"netra-collector": name, "netra-captured-at": captured_at}
    for raw in batch.posts:
        await publisher.publish(RAW_POSTS, author_key(raw), raw, headers)
    await publisher.publish(CURSORS, name.encode(), batch.cursor.encode())
    if not await until_done(publisher.flush, stop, STAGE):
        return False
    MESSAGES_OUT.labels(STAGE, RAW_POSTS).inc(len(batch.posts))
    return True
