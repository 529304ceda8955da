"""The Kafka broker used by the tests is real: topics, acks=all, consumer groups, restarts."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.fixtures.kafka import KafkaBroker

pytestmark = pytest.mark.kafka

KEYS = [f"author-{i}".encode() for i in range(12)]


async def create_topic(bootstrap: str, partitions: int = 3) -> str:
    """Create a fresh topic with the given partition count and return its name."""
    name = f"test-broker-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
        for _ in range(50):  # metadata reaches the broker shortly after the controller
            [desc] = await admin.describe_topics([name])
            if desc["error_code"] == 0 and len(desc["partitions"]) == partitions:
                return name
            await asyncio.sleep(0.1)
        raise AssertionError(f"topic {name} not visible: {desc}")
    finally:
        await admin.close()


async def produce(bootstrap: str, topic: str, count: int, tag: str) -> dict[bytes, int]:
    """Send `count` keyed messages with acks=all; return key -> partition."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        placed: dict[bytes, int] = {}
        for i in range(count):
            key = KEYS[i % len(KEYS)]
            meta = await producer.send_and_wait(topic, f"{tag}-{i}".encode(), key=key)
            assert placed.setdefault(key, meta.partition) == meta.partition
        return placed
    finally:
        await producer.stop()


async def consume(bootstrap: str, topic: str, group: str, count: int) -> list[ConsumerRecord]:
    """Read `count` messages as member of `group`, commit, and return them."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        got: list[ConsumerRecord] = []
        async with asyncio.timeout(30):
            while len(got) < count:
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    got.extend(records)
        await consumer.commit()
        return got
    finally:
        await consumer.stop()


async def test_keyed_messages_round_trip(kafka_bootstrap: str) -> None:
    """Keyed messages sent with acks=all come back, one author per partition, in order."""
    topic = await create_topic(kafka_bootstrap)
    placed = await produce(kafka_bootstrap, topic, 60, "a")
    assert len(set(placed.values())) > 1  # 12 keys spread over the 3 partitions

    got = await consume(kafka_bootstrap, topic, f"g-{topic}", 60)
    assert sorted(r.value for r in got) == sorted(f"a-{i}".encode() for i in range(60))
    for r in got:
        assert r.partition == placed[r.key]
    for key in KEYS:  # per-key order is kept
        seq = [int(r.value.split(b"-")[1]) for r in got if r.key == key]
        assert seq == sorted(seq)


async def test_committed_data_survives_restart(kafka_broker: KafkaBroker) -> None:
    """Messages and committed group offsets are still there after the broker restarts."""
    bootstrap = kafka_broker.bootstrap
    topic = await create_topic(bootstrap)
    group = f"g-{topic}"
    await produce(bootstrap, topic, 30, "before")
    assert len(await consume(bootstrap, topic, group, 30)) == 30

    kafka_broker.stop()
    assert not kafka_broker.is_up()
    kafka_broker.start()

    await produce(bootstrap, topic, 15, "after")
    # The same group resumes after its committed offsets: only the new messages.
    resumed = await consume(bootstrap, topic, group, 15)
    assert sorted(r.value for r in resumed) == sorted(f"after-{i}".encode() for i in range(15))
    # A new group still sees everything written before the restart.
    everything = await consume(bootstrap, topic, f"{group}-new", 45)
    assert len({(r.partition, r.offset) for r in everything}) == 45


async def test_topic_has_three_partitions(kafka_bootstrap: str) -> None:
    """The new topic has partitions 0-2, each led by node 1 and empty."""
    topic = await create_topic(kafka_bootstrap)
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        [desc] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    leaders = sorted((p["partition"], p["leader"]) for p in desc["partitions"])
    assert leaders == [(0, 1), (1, 1), (2, 1)]
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka_bootstrap)
    await consumer.start()
    try:
        ends = await consumer.end_offsets([TopicPartition(topic, p) for p in range(3)])
    finally:
        await consumer.stop()
    assert set(ends.values()) == {0}
