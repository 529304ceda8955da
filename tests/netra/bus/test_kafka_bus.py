"""What only the Kafka adapter has to prove: flushes are transactions, and a successor fences a zombie."""

import contextlib
import uuid

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import NewTopic
from aiokafka.errors import KafkaError

from netra.bus.kafka import MAX_MESSAGE_BYTES, KafkaConfig, KafkaPublisher, KafkaSubscription
from netra.bus.kafka_admin import ensure_topics
from tests.netra.bus.test_bus_contract import fetch_all

pytestmark = pytest.mark.kafka


async def _topic(config: KafkaConfig) -> str:
    name = f"kafka-bus-{uuid.uuid4().hex[:8]}"
    await ensure_topics(config, {name: NewTopic(name, 2, 1)})
    return name


async def test_a_failed_flush_keeps_nothing(kafka_bootstrap: str) -> None:
    config = KafkaConfig(kafka_bootstrap)
    topic = await _topic(config)
    failing = KafkaPublisher(config, f"t-{topic}")
    await failing.publish(topic, b"a", b"small, sent first")
    await failing.publish(topic, b"b", b"x" * (MAX_MESSAGE_BYTES + 1024 * 1024))
    with pytest.raises(KafkaError):
        await failing.flush()
    await failing.close()

    publisher = KafkaPublisher(config, f"t-{topic}")
    await publisher.publish(topic, b"a", b"after")
    await publisher.flush()
    await publisher.close()
    subscription = KafkaSubscription(config, [topic], "g")
    await subscription.start()
    try:
        assert [m.value for m in await fetch_all(subscription, 1)] == [b"after"]
        assert await subscription.fetch(10, timeout=1) == []
    finally:
        await subscription.close()


async def test_a_successor_aborts_what_a_dead_publisher_left_open(kafka_bootstrap: str) -> None:
    config = KafkaConfig(kafka_bootstrap)
    topic = await _topic(config)
    zombie = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, transactional_id=f"t-{topic}",
                              enable_idempotence=True, acks="all")
    await zombie.start()
    await zombie.begin_transaction()
    await (await zombie.send(topic, b"never committed", key=b"a"))  # then it "dies" holding the transaction

    successor = KafkaPublisher(config, f"t-{topic}")
    await successor.publish(topic, b"a", b"committed")
    await successor.flush()
    await successor.close()
    subscription = KafkaSubscription(config, [topic], "g")
    await subscription.start()
    try:  # read_committed readers are not held up by the zombie's open transaction
        assert [m.value for m in await fetch_all(subscription, 1)] == [b"committed"]
    finally:
        await subscription.close()
        with contextlib.suppress(KafkaError):  # it has been fenced
            await zombie.stop()


async def test_netra_sets_the_retention_of_the_topics_it_creates(kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    from netra.bus import kafka_admin
    from netra.bus.base import Retention

    names = {name: f"retention-{uuid.uuid4().hex[:8]}.{name}" for name in ("raw", "decisions", "dead", "cursors")}
    for constant, name in zip(("RAW_POSTS", "DECISIONS", "DEAD_LETTERS", "CURSORS"), names.values(), strict=True):
        monkeypatch.setattr(kafka_admin, constant, name)
    bus = kafka_admin.KafkaBus(KafkaConfig(kafka_bootstrap), 1, 1, Retention(1, 2, 0.5))
    await bus.prepare()
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        described = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name) for name in names.values()])
    finally:
        await admin.close()
    configs = {resource[3]: {entry[0]: entry[1] for entry in resource[4]}
               for response in described for resource in response.resources}
    assert [configs[names[n]]["retention.ms"] for n in ("raw", "decisions", "dead")] == [
        "86400000", "172800000", "43200000"]
    assert configs[names["cursors"]]["cleanup.policy"] == "compact"
