"""The long-running stream processes on Kafka: `netra worker`, `netra indexer`, `netra collect`.

Group names and transactional ids carry the topic namespace (NETRA_TOPIC_NAMESPACE) too. Each
process creates the topics it needs, serves `/metrics`, and on SIGTERM or SIGINT finishes the
batch in hand, flushes, commits and leaves its consumer group before it exits.
"""

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from prometheus_client import start_http_server

from collectors.base import Source
from collectors.run import run_collector
from netra.bus.base import CURSORS, DECISIONS, NAMESPACE, RAW_POSTS
from netra.bus.kafka import KafkaConfig, KafkaPublisher, KafkaSubscription
from netra.bus.kafka_admin import ensure_topics, latest_value, pipeline_topics
from netra.store.base import CaseStore
from processors.decide import DecisionCore
from processors.indexer import run_indexer
from processors.worker import run_processor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StreamConfig:
    """How one stream process reaches Kafka, who it is, and where it serves its metrics."""

    kafka: KafkaConfig
    member_id: str  # stable per process slot: its producer's transactional id derives from it
    group: str = ""  # consumer group (collectors have none); prefixed with the topic namespace
    partitions: int = 6
    replication: int = 1
    batch_size: int = 500
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 0  # 0: no /metrics endpoint


async def serve_worker(config: StreamConfig, core: DecisionCore) -> None:
    """Consume raw posts, publish decisions and dead letters, until a signal stops it."""
    await _prepare(config)
    subscription = KafkaSubscription(config.kafka, [RAW_POSTS], f"{NAMESPACE}{config.group}")
    publisher = KafkaPublisher(config.kafka, f"{NAMESPACE}netra-worker-{config.member_id}")
    await _serve(subscription, publisher, lambda stop: run_processor(
        subscription, publisher, core, stop, config.batch_size))


async def serve_indexer(config: StreamConfig, store: CaseStore) -> None:
    """Consume decisions into the case store until a signal stops it."""
    await _prepare(config)
    subscription = KafkaSubscription(config.kafka, [DECISIONS], f"{NAMESPACE}{config.group}")
    publisher = KafkaPublisher(config.kafka, f"{NAMESPACE}netra-indexer-{config.member_id}")
    try:
        await _serve(subscription, publisher, lambda stop: run_indexer(
            subscription, publisher, store, stop, config.batch_size))
    finally:
        store.close()


async def serve_collector(config: StreamConfig, source: Source) -> None:
    """Publish the source's posts after its saved cursor until it runs dry or a signal stops it."""
    await _prepare(config)
    cursor = await latest_value(config.kafka, CURSORS, source.name.encode())
    publisher = KafkaPublisher(config.kafka, f"{NAMESPACE}netra-collector-{source.name}")
    stop = _stop_on_signals()
    try:
        last = await run_collector(source, publisher, cursor.decode() if cursor else None, stop)
        log.info("source %s collected up to cursor %s", source.name, last)
    finally:
        await publisher.close()


async def _prepare(config: StreamConfig) -> None:
    if config.metrics_port:
        start_http_server(config.metrics_port, addr=config.metrics_host)
    await ensure_topics(config.kafka, pipeline_topics(config.partitions), config.replication)


async def _serve(
    subscription: KafkaSubscription,
    publisher: KafkaPublisher,
    loop: Callable[[asyncio.Event], Awaitable[None]],
) -> None:
    """Run a consume loop until a signal; then leave the group and stop the producer."""
    stop = _stop_on_signals()
    await subscription.start()
    try:
        await loop(stop)
    finally:
        await subscription.close()
        await publisher.close()
    log.info("stopped: last batch committed, group left")


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
