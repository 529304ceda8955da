"""The bus on Kafka: the pipeline's topics (created by code, with Netra's retention: the broker
does not auto-create them), key read-back, and `KafkaBus`, which hands out members."""

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from netra.bus.base import (
    CURSORS,
    DEAD_LETTERS,
    DECISIONS,
    DEFAULT_RETENTION,
    NAMESPACE,
    RAW_POSTS,
    Publisher,
    Retention,
    Subscription,
)
from netra.bus.kafka import KafkaConfig, KafkaPublisher, KafkaSubscription

_ALREADY_EXISTS = 36  # Kafka error code TOPIC_ALREADY_EXISTS


def pipeline_topics(partitions: int, retention: Retention = DEFAULT_RETENTION) -> dict[str, NewTopic]:
    """Every topic of the pipeline: posts, decisions and dead letters spread over `partitions`
    with Netra's retention, cursors compacted in one partition (only the latest cursor matters)."""
    def kept(days: float) -> dict[str, str]:
        return {"retention.ms": str(retention.ms(days))}

    return {
        RAW_POSTS: NewTopic(RAW_POSTS, partitions, 1, topic_configs=kept(retention.raw_posts_days)),
        DECISIONS: NewTopic(DECISIONS, partitions, 1, topic_configs=kept(retention.decisions_days)),
        DEAD_LETTERS: NewTopic(DEAD_LETTERS, partitions, 1, topic_configs=kept(retention.dead_letters_days)),
        CURSORS: NewTopic(CURSORS, 1, 1, topic_configs={"cleanup.policy": "compact"}),
    }


async def ensure_topics(
    config: KafkaConfig, topics: Mapping[str, NewTopic], replication: int = 1, timeout: float = 30
) -> None:
    """Create the topics that are missing (existing ones are left as they are) and wait until
    every partition has a leader."""
    admin = AIOKafkaAdminClient(**config.client_options())
    await admin.start()
    try:
        wanted = [
            NewTopic(t.name, t.num_partitions, replication, topic_configs=t.topic_configs)
            for t in topics.values()
        ]
        response = await admin.create_topics(wanted, timeout_ms=int(timeout * 1000))
        for name, code, *rest in response.topic_errors:
            if code not in (0, _ALREADY_EXISTS):
                raise KafkaError(f"cannot create topic {name}: error {code} {rest}")
        async with asyncio.timeout(timeout):
            while not await _all_led(admin, list(topics)):
                await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def _all_led(admin: AIOKafkaAdminClient, names: list[str]) -> bool:
    described = await admin.describe_topics(names)
    return all(
        d["error_code"] == 0 and d["partitions"] and all(p["leader"] >= 0 for p in d["partitions"])
        for d in described
    )


async def latest_value(config: KafkaConfig, topic: str, key: bytes, timeout: float = 30) -> bytes | None:
    """The value of the newest committed record with this key (a collector's cursor), or None."""
    partitions = [TopicPartition(topic, p) for p in await _partitions(config, topic)]
    if not partitions:
        return None
    consumer = AIOKafkaConsumer(
        **config.client_options(), isolation_level="read_committed", enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: bytes | None = None
        async with asyncio.timeout(timeout):
            for tp in partitions:
                while await consumer.position(tp) < ends[tp]:
                    for record in (await consumer.getmany(tp, timeout_ms=200)).get(tp, []):
                        if record.key == key:
                            found = record.value
        return found
    finally:
        await consumer.stop()


async def _partitions(config: KafkaConfig, topic: str) -> list[int]:
    """The topic's partition numbers; none if it does not exist."""
    admin = AIOKafkaAdminClient(**config.client_options())
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for p in described["partitions"]) if described["error_code"] == 0 else []


class KafkaBus:
    """The pipeline's bus on a Kafka cluster; groups and transactional ids carry the namespace."""

    def __init__(
        self,
        config: KafkaConfig,
        partitions: int = 6,
        replication: int = 1,
        retention: Retention = DEFAULT_RETENTION,
    ) -> None:
        self.config, self._partitions, self._replication = config, partitions, replication
        self._retention = retention
        self._publishers: list[KafkaPublisher] = []
        self._subscriptions: list[KafkaSubscription] = []

    async def prepare(self) -> None:
        """Create the missing topics, with `--partitions`, `--replication` and the retention."""
        topics = pipeline_topics(self._partitions, self._retention)
        await ensure_topics(self.config, topics, self._replication)

    def publisher(self, name: str) -> Publisher:
        """A transactional publisher; `name` is its transactional id (stable per process slot)."""
        opened = KafkaPublisher(self.config, f"{NAMESPACE}{name}")
        self._publishers.append(opened)
        return opened

    async def subscribe(self, topic: str, group: str) -> Subscription:
        """A member of consumer group `group` on `topic`, connected."""
        opened = KafkaSubscription(self.config, [topic], f"{NAMESPACE}{group}")
        await opened.start()
        self._subscriptions.append(opened)
        return opened

    async def latest(self, topic: str, key: bytes) -> bytes | None:
        """The value of the newest committed record with this key."""
        return await latest_value(self.config, topic, key)

    async def close(self) -> None:
        """Leave the groups (partitions move on at once), then stop the producers."""
        for subscription in self._subscriptions:
            await subscription.close()
        for publisher in self._publishers:
            await publisher.close()
        self._subscriptions.clear()
        self._publishers.clear()
