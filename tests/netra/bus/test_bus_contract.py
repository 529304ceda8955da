"""One contract, every bus adapter: the SQLite log and a real Kafka broker behave the same."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiokafka.admin import NewTopic

from netra.bus.base import Message, Publisher, Subscription
from netra.bus.kafka import KafkaConfig, KafkaPublisher, KafkaSubscription
from netra.bus.kafka_admin import ensure_topics, latest_value
from netra.bus.sqlite import SqlitePublisher, SqliteSubscription


@dataclass
class Bus:
    """Opens publishers and subscriptions of one adapter and closes them after the test."""

    new_publisher: Callable[[], Awaitable[Publisher]]
    new_subscription: Callable[[str, str], Awaitable[Subscription]]
    new_topic: Callable[[], Awaitable[str]]
    latest: Callable[[str, bytes], Awaitable[bytes | None]]
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


def _sqlite_bus(path: Path) -> Bus:
    async def publisher() -> Publisher:
        opened = SqlitePublisher(path)
        bus.closers.append(_async(opened.close))
        return opened

    async def subscription(topic: str, group: str) -> Subscription:
        opened = SqliteSubscription(path, topic, group, poll_interval=0.05)
        bus.closers.append(_async(opened.close))
        return opened

    async def topic() -> str:
        return f"t-{uuid.uuid4().hex[:8]}"

    async def latest(topic: str, key: bytes) -> bytes | None:
        reader = SqlitePublisher(path)
        try:
            return reader.latest(topic, key)
        finally:
            reader.close()

    bus = Bus(publisher, subscription, topic, latest)
    return bus


def _kafka_bus(bootstrap: str) -> Bus:
    config = KafkaConfig(bootstrap)

    async def publisher() -> Publisher:
        opened = KafkaPublisher(config, f"contract-{uuid.uuid4().hex[:8]}")
        bus.closers.append(opened.close)
        return opened

    async def subscription(topic: str, group: str) -> Subscription:
        opened = KafkaSubscription(config, [topic], group)
        await opened.start()
        bus.closers.append(opened.close)
        return opened

    async def topic() -> str:
        name = f"contract-{uuid.uuid4().hex[:8]}"
        await ensure_topics(config, {name: NewTopic(name, 1, 1)})
        return name

    async def latest(topic: str, key: bytes) -> bytes | None:
        return await latest_value(config, topic, key)

    bus = Bus(publisher, subscription, topic, latest)
    return bus


def _async(close: Callable[[], None]) -> Callable[[], Awaitable[None]]:
    async def closer() -> None:
        close()
    return closer


@pytest.fixture(params=["sqlite", pytest.param("kafka", marks=pytest.mark.kafka)])
async def bus(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Bus]:
    """The adapter under test."""
    if request.param == "sqlite":
        opened = _sqlite_bus(tmp_path / "bus.sqlite")
    else:
        opened = _kafka_bus(request.getfixturevalue("kafka_bootstrap"))
    yield opened
    for close in reversed(opened.closers):
        await close()


async def fetch_all(subscription: Subscription, count: int, rounds: int = 60) -> list[Message]:
    """Fetch until `count` records came (or `rounds` empty waits passed)."""
    got: list[Message] = []
    for _ in range(rounds):
        got += await subscription.fetch(count - len(got), timeout=0.5)
        if len(got) >= count:
            break
    return got


async def test_flushed_records_arrive_with_key_value_and_headers(bus: Bus) -> None:
    topic = await bus.new_topic()
    publisher = await bus.new_publisher()
    for n in range(5):
        await publisher.publish(topic, b"author", f"m{n}".encode(), {"netra-n": str(n)})
    await publisher.flush()
    got = await fetch_all(await bus.new_subscription(topic, "g"), 5)
    assert [(m.key, m.value, m.headers) for m in got] == [
        (b"author", f"m{n}".encode(), {"netra-n": str(n)}) for n in range(5)
    ]
    assert all(m.topic == topic for m in got)
    assert len({(m.partition, m.offset) for m in got}) == 5


async def test_unflushed_records_are_never_seen(bus: Bus) -> None:
    topic = await bus.new_topic()
    subscription = await bus.new_subscription(topic, "g")
    publisher = await bus.new_publisher()
    await publisher.publish(topic, None, b"pending")
    assert await subscription.fetch(10, timeout=0.5) == []
    await publisher.flush()
    assert [m.value for m in await fetch_all(subscription, 1)] == [b"pending"]


async def test_one_flush_spans_topics(bus: Bus) -> None:
    posts, cursors = await bus.new_topic(), await bus.new_topic()
    publisher = await bus.new_publisher()
    await publisher.publish(posts, b"a", b"post")
    await publisher.publish(cursors, b"src", b"7")
    await publisher.flush()
    await publisher.flush()  # nothing queued: a no-op
    assert [m.value for m in await fetch_all(await bus.new_subscription(posts, "g"), 1)] == [b"post"]
    assert await bus.latest(cursors, b"src") == b"7"


async def test_a_group_resumes_after_its_last_commit(bus: Bus) -> None:
    topic = await bus.new_topic()
    publisher = await bus.new_publisher()
    for n in range(5):
        await publisher.publish(topic, b"k", f"m{n}".encode())
    await publisher.flush()

    first = await bus.new_subscription(topic, "g")
    batch = await fetch_all(first, 5)
    await first.commit(batch[:2])  # then it dies holding m2..m4
    await bus.closers.pop()()

    again = await bus.new_subscription(topic, "g")
    assert [m.value for m in await fetch_all(again, 3)] == [b"m2", b"m3", b"m4"]
    assert len(await fetch_all(await bus.new_subscription(topic, "other"), 5)) == 5


async def test_pause_and_resume_lose_nothing(bus: Bus) -> None:
    topic = await bus.new_topic()
    publisher = await bus.new_publisher()
    for n in range(4):
        await publisher.publish(topic, b"k", f"m{n}".encode())
    await publisher.flush()
    subscription = await bus.new_subscription(topic, "g")
    first = await fetch_all(subscription, 1)
    subscription.pause()
    subscription.resume()
    rest = await fetch_all(subscription, 4 - len(first))
    assert [m.value for m in first + rest] == [b"m0", b"m1", b"m2", b"m3"]


async def test_lag_counts_what_is_not_yet_done(bus: Bus) -> None:
    topic = await bus.new_topic()
    publisher = await bus.new_publisher()
    for n in range(3):
        await publisher.publish(topic, b"k", f"m{n}".encode())
    await publisher.flush()
    subscription = await bus.new_subscription(topic, "g")
    batch = await fetch_all(subscription, 3)
    await subscription.commit(batch)
    assert await subscription.fetch(10, timeout=0.5) == []  # caught up
    assert subscription.lag() == 0


async def test_latest_value_of_a_key(bus: Bus) -> None:
    topic = await bus.new_topic()
    publisher = await bus.new_publisher()
    for cursor in (b"10", b"20"):
        await publisher.publish(topic, b"src", cursor)
        await publisher.flush()
    await publisher.publish(topic, b"other", b"99")
    await publisher.flush()
    assert await bus.latest(topic, b"src") == b"20"
    assert await bus.latest(topic, b"none") is None
    assert await bus.latest(f"missing-{uuid.uuid4().hex[:6]}", b"src") is None
