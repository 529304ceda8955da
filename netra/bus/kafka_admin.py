"""Kafka topics of the pipeline (created by code: the broker does not auto-create) and key read-back."""

import asyncio
from collections.abc import Mapping

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from netra.bus.base import CURSORS, DEAD_LETTERS, DECISIONS, RAW_POSTS
from netra.bus.kafka import KafkaConfig

_ALREADY_EXISTS = 36  # Kafka error code TOPIC_ALREADY_EXISTS


def pipeline_topics(partitions: int) -> dict[str, NewTopic]:
    """Every topic of the pipeline: posts, decisions and dead letters spread over `partitions`,
    cursors compacted in one partition (only the latest cursor of each source matters)."""
    return {
        RAW_POSTS: NewTopic(RAW_POSTS, partitions, 1),
        DECISIONS: NewTopic(DECISIONS, partitions, 1),
        DEAD_LETTERS: NewTopic(DEAD_LETTERS, partitions, 1),
        CURSORS: NewTopic(CURSORS, 1, 1, topic_configs={"cleanup.policy": "compact"}),
    }


async def ensure_topics(
    config: KafkaConfig, topics: Mapping[str, NewTopic], replication: int = 1, timeout: float = 30
) -> None:
    """Create the topics that are missing (existing ones are left as they are) and wait until
    every partition has a leader."""
    admin = AIOKafkaAdminClient(bootstrap_servers=config.bootstrap)
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
        bootstrap_servers=config.bootstrap, isolation_level="read_committed", enable_auto_commit=False
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
    admin = AIOKafkaAdminClient(bootstrap_servers=config.bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(p["partition"] for p in described["partitions"]) if described["error_code"] == 0 else []
