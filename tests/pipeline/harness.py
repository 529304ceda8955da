"""A whole pipeline against the real broker: `netra collect/worker/indexer` as processes, in a
topic namespace of its own, and what its outcome must be."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError

from netra import demo
from netra.bus.base import DEAD_LETTERS, NAMESPACE, Message
from netra.bus.kafka import KafkaConfig, KafkaPublisher
from netra.bus.kafka_admin import ensure_topics, pipeline_topics
from netra.domain.post import PostError, decode_post
from netra.store.base import CaseStore
from netra.store.open import open_store
from processors.decide import DecisionCore

NETRA = [sys.executable, "-m", "netra.app.cli"]
PARTITIONS = 4


def demo_posts(copies: int, tag: str) -> list[bytes]:
    """`copies` renamed copies of every readable demo post (same authors, new post ids)."""
    readable = demo.readable_posts()
    return [
        json.dumps({**post, "post_id": f"{post['post_id']}-{tag}-{n}"}, ensure_ascii=False).encode()
        for n in range(copies) for post in readable
    ]


@dataclass(frozen=True)
class Outcome:
    """Post keys that must end as a case in the store, and posts set aside by the worker."""

    cases: frozenset[str]
    dead: frozenset[str]


def expected_outcome(core: DecisionCore, lines: list[bytes]) -> Outcome:
    """What the worker must make of these posts, decided here by the same core."""
    cases, dead = set(), set()
    for line in lines:
        post = decode_post(line)
        decision = core.decide(post)
        if not decision.flagged:
            continue
        try:
            if decision.asn_match:
                core.registry_entry(decision.asn_match.nip)
        except AttributeError:  # AsnMatcher.entry is being added (issue 3): such posts are set aside
            dead.add(post.key)
            continue
        cases.add(post.key)
    return Outcome(frozenset(cases), frozenset(dead))


@dataclass
class Pipeline:
    """Processes of one pipeline, each logging to a file, sharing a fresh topic namespace."""

    bootstrap: str
    workdir: Path
    namespace: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:8]}.")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    store_url: str = ""  # the indexer's case store; default: an SQLite file in `workdir`

    def __post_init__(self) -> None:
        self.store_url = self.store_url or str(self.workdir / "cases.sqlite")

    def topic(self, topic: str) -> str:
        """This pipeline's name of a topic constant (RAW_POSTS, DEAD_LETTERS, ...)."""
        return self.namespace + topic.removeprefix(NAMESPACE)

    def records(self, topic: str) -> list[Message]:
        """Every committed record of this pipeline's `topic`."""
        return read_topic(self.bootstrap, self.topic(topic))

    def publish(self, topic: str, records: list[tuple[bytes | None, bytes]]) -> None:
        """Publish (key, value) records straight into this pipeline's `topic`, in one flush."""
        asyncio.run(self._publish(self.topic(topic), records))

    async def _publish(self, topic: str, records: list[tuple[bytes | None, bytes]]) -> None:
        config = KafkaConfig(self.bootstrap)
        await ensure_topics(config, {
            self.topic(name): NewTopic(self.topic(name), new.num_partitions, 1, topic_configs=new.topic_configs)
            for name, new in pipeline_topics(PARTITIONS).items()
        })
        publisher = KafkaPublisher(config, f"{self.namespace}test-publisher")
        try:
            for key, value in records:
                await publisher.publish(topic, key, value)
            await publisher.flush()
        finally:
            await publisher.close()

    def dead_keys(self) -> set[str]:
        """Keys of the readable posts in the dead-letter topic."""
        keys = set()
        for letter in self.dead_letters().values():
            try:
                keys.add(decode_post(letter.value).key)
            except PostError:
                continue
        return keys

    def progress(self) -> int:
        """Outcomes so far: cases stored plus posts set aside."""
        return len(self.stored()) + len(self.dead_keys())

    def reached(self, expected: Outcome) -> bool:
        """True once every expected case is stored and every expected post set aside."""
        return set(self.stored()) >= expected.cases and self.dead_keys() >= expected.dead

    def group_size(self, group: str) -> int:
        """How many members this pipeline's consumer group `group` has, once it is stable."""
        return asyncio.run(self._group_size(f"{self.namespace}{group}"))

    async def _group_size(self, group: str) -> int:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await admin.start()
        try:
            [response] = await admin.describe_consumer_groups([group])
        except KafkaError:  # the group coordinator is still loading
            return 0
        finally:
            await admin.close()
        [described] = response.to_object()["groups"]
        return len(described["members"]) if described["state"] == "Stable" else 0

    def dead_letters(self) -> dict[str, Message]:
        """Dead letters by their `netra-origin` (a replayed batch may set a record aside twice)."""
        return {m.headers["netra-origin"]: m for m in self.records(DEAD_LETTERS)}

    def start(self, name: str, command: str, *args: str) -> subprocess.Popen[bytes]:
        """Start `netra <command>` as member `name`."""
        env = {**os.environ, "NETRA_TOPIC_NAMESPACE": self.namespace}
        with (self.workdir / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                [*NETRA, command, "--bootstrap", self.bootstrap, "--id", name,
                 "--partitions", str(PARTITIONS), *args],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        return process

    def worker(self, name: str, metrics_port: int = 0) -> subprocess.Popen[bytes]:
        """A processor worker over the demo registry and elections, in small batches."""
        return self.start(name, "worker", "--registry", str(demo.REGISTRY), "--elections", str(demo.ELECTIONS),
                          "--batch-size", "50", "--metrics-port", str(metrics_port))

    def indexer(self) -> subprocess.Popen[bytes]:
        """The indexer into this pipeline's case store."""
        return self.start("indexer", "indexer", "--store", self.store_url)

    def collect(self, posts: Path, delay: float = 0.0) -> None:
        """Run the collector over the file until it is dry (it resumes after its cursor)."""
        process = self.start("collector", "collect", "--posts", str(posts), "--batch-size", "50",
                             "--delay", str(delay))
        assert process.wait(timeout=120) == 0, self.log("collector")

    def kill(self, name: str) -> None:
        """kill -9: no flush, no commit, no goodbye to the group."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def stop(self, name: str) -> int:
        """SIGTERM and wait for a clean exit; its exit status."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGTERM)
        return process.wait(timeout=60)

    def stop_all(self) -> None:
        """SIGTERM every process still running (kill what does not stop)."""
        for name in list(self.processes):
            try:
                self.stop(name)
            except subprocess.TimeoutExpired:
                self.kill(name)

    def alive(self, name: str) -> bool:
        """True while the process runs."""
        return self.processes[name].poll() is None

    def log(self, name: str) -> str:
        """The end of a process's log, for assertion messages."""
        return (self.workdir / f"{name}.log").read_text(errors="replace")[-3000:]

    def stored(self) -> dict[str, int]:
        """case id -> number of snapshots, read from the indexer's store."""
        if "://" not in self.store_url and not Path(self.store_url).exists():
            return {}
        store = open_store(self.store_url)
        try:
            return {
                summary.case_id: summary.version_count
                for summary in _all_summaries(store)
            }
        finally:
            store.close()


def _all_summaries(store: CaseStore) -> list:  # type: ignore[type-arg]
    from netra.store.model import QueueQuery

    found, cursor = [], None
    while True:
        page = store.queue(QueueQuery(limit=500), actor="pipeline-test", cursor=cursor)
        found.extend(page.items)
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def wait_for(condition: Callable[[], bool], timeout: float, what: str, poll: float = 0.2) -> None:
    """Poll until the condition holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(poll)


def read_topic(bootstrap: str, topic: str) -> list[Message]:
    """Every committed record of the topic, up to its end now."""
    return asyncio.run(_read_topic(bootstrap, topic))


async def _read_topic(bootstrap: str, topic: str) -> list[Message]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if described["error_code"]:
        return []
    partitions = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, isolation_level="read_committed", enable_auto_commit=False,
        max_partition_fetch_bytes=11 * 1024 * 1024,
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Message] = []
        for tp in partitions:
            while await consumer.position(tp) < ends[tp]:
                for r in (await consumer.getmany(tp, timeout_ms=500)).get(tp, []):
                    headers = {k: v.decode() for k, v in r.headers or ()}
                    records.append(Message(r.topic, r.partition, r.offset, r.key, r.value, headers))
        return records
    finally:
        await consumer.stop()


def metric(port: int, name: str) -> float:
    """The value of one sample on a process's /metrics page (0 if absent)."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
