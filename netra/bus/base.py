"""What every bus adapter offers: durable publish, and consume with explicit commit (at-least-once)."""

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

# A prefix lets several pipelines (staging, a test run) share one Kafka cluster.
NAMESPACE = os.environ.get("NETRA_TOPIC_NAMESPACE", "")
RAW_POSTS = f"{NAMESPACE}netra.posts.raw"
DECISIONS = f"{NAMESPACE}netra.decisions"
DEAD_LETTERS = f"{NAMESPACE}netra.deadletter"
CURSORS = f"{NAMESPACE}netra.collector.cursors"


@dataclass(frozen=True, slots=True)
class Message:
    """One record read from a topic; (topic, partition, offset) says where it was."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Publisher(Protocol):
    """Sends records; the records published since the last flush become durable together,
    all or none, when `flush` returns."""

    async def publish(
        self, topic: str, key: bytes | None, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        """Queue one record for sending."""
        ...

    async def flush(self) -> None:
        """Make every queued record durable, atomically. On failure it raises, nothing queued was
        kept, and the queue is left as it was, so the flush can be tried again."""
        ...


class Subscription(Protocol):
    """Reads a topic as a member of a consumer group; progress is saved only by `commit`."""

    async def fetch(self, max_messages: int, timeout: float) -> list[Message]:
        """The next records, at most `max_messages`, waiting up to `timeout` seconds for any."""
        ...

    async def commit(self, messages: Sequence[Message]) -> None:
        """Mark these records (and all before them in their partitions) as done."""
        ...

    def pause(self) -> None:
        """Stop reading ahead (back-pressure) until `resume`; records are not lost."""
        ...

    def resume(self) -> None:
        """Read ahead again after `pause`."""
        ...

    def lag(self) -> int:
        """Records waiting in this member's partitions that it has not yet fetched or committed."""
        ...


@dataclass(frozen=True, slots=True)
class Retention:
    """How long each topic keeps records, in days (Kafka `retention.ms`; the SQLite log prunes).

    Raw posts hold personal data of people never flagged: they live only until every stage has
    decided them (SQLite) or `raw_posts_days` (Kafka). Decisions live until stored (SQLite) or
    `decisions_days`; dead letters `dead_letters_days`, long enough for someone to look.
    """

    raw_posts_days: float = 3
    decisions_days: float = 7
    dead_letters_days: float = 14

    def ms(self, days: float) -> int:
        """Days as Kafka's milliseconds."""
        return int(days * 86_400_000)


DEFAULT_RETENTION = Retention()


class Bus(Protocol):
    """One bus: hands out publishers and subscriptions and closes them all at the end."""

    async def prepare(self) -> None:
        """Create what the pipeline needs (Kafka topics with their retention); idempotent."""
        ...

    def publisher(self, name: str) -> Publisher:
        """A publisher; `name` is stable per process slot (Kafka: its transactional id)."""
        ...

    async def subscribe(self, topic: str, group: str) -> Subscription:
        """A started subscription to `topic` as a member of consumer group `group`."""
        ...

    async def latest(self, topic: str, key: bytes) -> bytes | None:
        """The value of the newest committed record with this key (a collector's cursor)."""
        ...

    async def close(self) -> None:
        """Leave groups and close every publisher and subscription handed out."""
        ...
