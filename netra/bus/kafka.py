"""The bus on Apache Kafka: transactional publish, consumer-group reads with manual commits.

Invariant (what makes the pipeline at-least-once without duplicates in the store):
- A `flush` sends everything queued since the last flush inside ONE Kafka transaction and
  commits it; readers use `read_committed`, so they see all of a flush or none of it. A failed
  flush aborts the transaction (or drops the producer, whose successor with the same
  transactional id fences it and aborts what it left open) and keeps the queue for a retry.
- A subscription commits, per partition, the offset after the last record it was given to
  commit, and only for partitions it still owns; after a rebalance the new owner replays
  from the last commit.
"""

import asyncio
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError

from netra.bus.base import Message
from netra.failures import Unavailable

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 10 * 1024 * 1024  # the broker's message.max.bytes (deploy/kafka)
_HEADROOM = 64 * 1024  # a batch's own framing and headers on top of one maximal record


@dataclass(frozen=True, slots=True)
class KafkaConfig:
    """Where the brokers are and the timeouts a member of the pipeline lives by."""

    bootstrap: str
    session_timeout_ms: int = 6000  # a killed worker's partitions move on after this
    heartbeat_interval_ms: int = 1500
    max_poll_interval_ms: int = 300_000
    transaction_timeout_ms: int = 30_000  # an abandoned transaction blocks readers this long at most
    request_timeout_ms: int = 30_000
    security_protocol: str = "PLAINTEXT"  # SASL_PLAINTEXT / SASL_SSL with a SASL user
    sasl_mechanism: str | None = None  # SCRAM-SHA-512 in the deployment
    sasl_username: str | None = None
    sasl_password: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, bootstrap: str) -> "KafkaConfig":
        """The brokers at `bootstrap`, as the user the environment names: NETRA_KAFKA_SECURITY_PROTOCOL,
        NETRA_KAFKA_SASL_MECHANISM, NETRA_KAFKA_SASL_USERNAME and the secret file
        NETRA_KAFKA_SASL_PASSWORD_FILE (no password in an environment variable or a command line)."""
        env = os.environ
        password_file = env.get("NETRA_KAFKA_SASL_PASSWORD_FILE")
        password = Path(password_file).read_text(encoding="utf-8").rstrip("\r\n") if password_file else None
        return cls(
            bootstrap,
            security_protocol=env.get("NETRA_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
            sasl_mechanism=env.get("NETRA_KAFKA_SASL_MECHANISM"),
            sasl_username=env.get("NETRA_KAFKA_SASL_USERNAME"),
            sasl_password=password,
        )

    def client_options(self) -> dict[str, Any]:
        """What every aiokafka client of this config is given: the brokers and, with SASL, the user."""
        options: dict[str, Any] = {"bootstrap_servers": self.bootstrap,
                                   "security_protocol": self.security_protocol}
        if self.sasl_mechanism:
            options.update(sasl_mechanism=self.sasl_mechanism, sasl_plain_username=self.sasl_username,
                           sasl_plain_password=self.sasl_password)
        return options


class KafkaPublisher:
    """Publishes through a transactional, idempotent producer (acks=all); one flush, one transaction."""

    def __init__(self, config: KafkaConfig, transactional_id: str) -> None:
        self._config, self._transactional_id = config, transactional_id
        self._producer: AIOKafkaProducer | None = None
        self._pending: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]] = []

    async def publish(
        self, topic: str, key: bytes | None, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        """Queue one record until the next flush."""
        encoded = [(name, text.encode()) for name, text in (headers or {}).items()]
        self._pending.append((topic, key, value, encoded))

    async def flush(self) -> None:
        """Send the queued records in one transaction and commit it; on failure abort and raise
        (Unavailable when the brokers cannot be reached or ask for a retry)."""
        if not self._pending:
            return
        try:
            producer = await self._started()
            await producer.begin_transaction()
            sent = [
                await producer.send(topic, value, key=key, headers=headers)
                for topic, key, value, headers in self._pending
            ]
            await asyncio.gather(*sent)
            await producer.commit_transaction()
        except (KafkaError, OSError) as exc:  # OSError covers TimeoutError
            await self._discard()
            if isinstance(exc, OSError) or getattr(exc, "retriable", False):
                raise Unavailable(f"kafka: {exc!r}") from exc
            raise  # not an outage (a record too large, a fenced producer): the caller decides
        self._pending.clear()

    async def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                **self._config.client_options(),
                transactional_id=self._transactional_id,
                transaction_timeout_ms=self._config.transaction_timeout_ms,
                request_timeout_ms=self._config.request_timeout_ms,
                enable_idempotence=True,
                acks="all",
                max_request_size=MAX_MESSAGE_BYTES + _HEADROOM,
                max_batch_size=256 * 1024,
            )
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _discard(self) -> None:
        """Drop the producer after a failure; the next flush starts one that fences it."""
        producer, self._producer = self._producer, None
        if producer is None:
            return
        try:
            await producer.stop()
        except (KafkaError, OSError) as exc:
            log.warning("stopping a failed producer: %r", exc)

    async def close(self) -> None:
        """Stop the producer; records not yet flushed were never acknowledged and are dropped."""
        self._pending.clear()
        await self._discard()


class KafkaSubscription:
    """Reads topics as a member of a consumer group; commits exactly the offsets it is given."""

    def __init__(self, config: KafkaConfig, topics: Sequence[str], group: str) -> None:
        self._consumer = AIOKafkaConsumer(
            *topics,
            **config.client_options(),
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            max_partition_fetch_bytes=MAX_MESSAGE_BYTES + _HEADROOM,
            fetch_max_bytes=4 * MAX_MESSAGE_BYTES,
            session_timeout_ms=config.session_timeout_ms,
            heartbeat_interval_ms=config.heartbeat_interval_ms,
            max_poll_interval_ms=config.max_poll_interval_ms,
            request_timeout_ms=config.request_timeout_ms + 5000,
        )
        self._lag = 0

    async def start(self) -> None:
        """Connect and join the group (partitions are assigned on the first fetch)."""
        await self._consumer.start()

    async def fetch(self, max_messages: int, timeout: float) -> list[Message]:
        """The next records from the partitions this member owns, waiting up to `timeout` seconds."""
        batches = await self._consumer.getmany(timeout_ms=int(timeout * 1000), max_records=max_messages)
        messages = [_message(record) for records in batches.values() for record in records]
        await self._measure_lag()
        return messages

    async def commit(self, messages: Sequence[Message]) -> None:
        """Commit, per partition still owned, the offset after the last of these records."""
        owned = self._consumer.assignment()
        offsets: dict[TopicPartition, int] = {}
        for m in messages:
            tp = TopicPartition(m.topic, m.partition)
            if tp in owned:
                offsets[tp] = max(offsets.get(tp, 0), m.offset + 1)
        if not offsets:
            return
        try:
            await self._consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            log.warning("commit refused after a rebalance; the new owner replays: %s", exc)

    def pause(self) -> None:
        """Stop fetching ahead on every owned partition."""
        self._consumer.pause(*self._consumer.assignment())

    def resume(self) -> None:
        """Fetch again on every owned partition."""
        self._consumer.resume(*self._consumer.assignment())

    def lag(self) -> int:
        """Committed records in the owned partitions not yet handed out (as of the last fetch)."""
        return self._lag

    async def _measure_lag(self) -> None:
        total = 0
        for tp in self._consumer.assignment():
            end = self._consumer.last_stable_offset(tp)
            if end is not None:  # known once a fetch answered, so the position is known too
                total += max(end - await self._consumer.position(tp), 0)
        self._lag = total

    async def close(self) -> None:
        """Leave the group (its partitions move to the other members at once) and disconnect."""
        await self._consumer.stop()


def _message(record: ConsumerRecord) -> Message:
    headers = {name: value.decode("utf-8", "replace") for name, value in record.headers or ()}
    return Message(record.topic, record.partition, record.offset, record.key, record.value, headers)
