"""Benchmark: posts per second through a real Kafka broker with one and two `netra worker`
processes, against the same decision core fed from memory in this process, and the latency
from producing a post to its decision (or dead letter) becoming visible downstream.

    .venv/bin/python bench/pipeline.py [--posts 3000] [--latency-seconds 10] [--bootstrap HOST:PORT]

Without --bootstrap it starts its own broker with deploy/kafka/kafka.sh (temporary data dir).
Posts are renamed copies of the readable demo posts. The in-memory rate is measured right before
and right after each Kafka run (the mean is the reference), so drifting machine load affects
both sides alike. Throughput: workers are up and in their
group, then every post is produced at once (transactions of 500) and the clock stops when the
last expected output is read (read_committed). Latency: posts are produced at half the measured
rate, stamped with their send time; each output is timed when a downstream reader sees it.
"""

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiokafka import AIOKafkaConsumer, TopicPartition  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: E402
from aiokafka.errors import KafkaError  # noqa: E402

from netra import demo  # noqa: E402
from netra.bus.base import DEAD_LETTERS, DECISIONS, RAW_POSTS, Message  # noqa: E402
from netra.bus.kafka import MAX_MESSAGE_BYTES, KafkaConfig, KafkaPublisher  # noqa: E402
from netra.bus.kafka_admin import ensure_topics, pipeline_topics  # noqa: E402
from processors.assemble import assemble_core  # noqa: E402
from processors.decide import DecisionCore  # noqa: E402
from processors.stage import process_batch  # noqa: E402
from processors.worker import WorkerStage  # noqa: E402

PARTITIONS = 6
PRODUCE_BATCH = 500


class MemoryPublisher:
    """Keeps published records in a list: the in-memory stand-in for the bus."""

    def __init__(self) -> None:
        self.records: list[tuple[str, bytes | None, bytes]] = []

    async def publish(
        self, topic: str, key: bytes | None, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        """Keep the record."""
        self.records.append((topic, key, value))

    async def flush(self) -> None:
        """Nothing to make durable."""


def decide(batch: list[Message], publisher: MemoryPublisher, core: DecisionCore) -> None:
    """One batch through the worker stage's own code, as `run_stage` runs it."""
    asyncio.run(process_batch(WorkerStage(core), batch, publisher, asyncio.Event()))  # type: ignore[arg-type]


def copies(base: list[dict[str, object]], count: int, tag: str) -> list[tuple[bytes, bytes]]:
    """(author key, post bytes) for `count` renamed copies, cycling over the base posts."""
    out = []
    for n in range(count):
        post = base[n % len(base)]
        author = post["author"]
        assert isinstance(author, dict)
        key = f"{post['platform']}:{author.get('id') or author.get('handle')}".encode()
        out.append((key, json.dumps({**post, "post_id": f"{post['post_id']}-{tag}-{n}"}).encode()))
    return out


def in_memory(core: DecisionCore, posts: list[tuple[bytes, bytes]]) -> float:
    """Posts/s of the worker's own batch code, fed from memory and publishing into a list."""
    messages = [Message(RAW_POSTS, 0, n, key, value, {}) for n, (key, value) in enumerate(posts)]
    publisher = MemoryPublisher()
    started = time.perf_counter()
    for start in range(0, len(messages), 500):
        decide(messages[start:start + 500], publisher, core)
    return len(messages) / (time.perf_counter() - started)


def outputs_per_post(core: DecisionCore, base: list[dict[str, object]]) -> list[int]:
    """How many records (decision or dead letter) the worker publishes for each base post."""
    counts = []
    for key, value in copies(base, len(base), "probe"):
        probe = MemoryPublisher()
        decide([Message(RAW_POSTS, 0, 0, key, value, {})], probe, core)
        counts.append(len(probe.records))
    return counts


def expected_outputs(per_base: list[int], count: int) -> int:
    """Outputs of `count` copies cycling over the base posts."""
    return sum(per_base[n % len(per_base)] for n in range(count))


class Broker:
    """A throw-away broker started with deploy/kafka/kafka.sh on free loopback ports."""

    def __init__(self) -> None:
        self.data = tempfile.mkdtemp(prefix="netra-bench-kafka-")
        self.port = _free_port()
        self.env = {**os.environ, "NETRA_KAFKA_PORT": str(self.port),
                    "NETRA_KAFKA_CONTROLLER_PORT": str(_free_port()), "NETRA_KAFKA_DATA": self.data}
        self.bootstrap = f"127.0.0.1:{self.port}"

    def run(self, command: str) -> None:
        """kafka.sh start|stop for this broker."""
        subprocess.run([str(ROOT / "deploy" / "kafka" / "kafka.sh"), command], env=self.env, check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Run:
    """Workers in a fresh topic namespace, a producer, and a downstream reader of their outputs."""

    def __init__(self, bootstrap: str, workers: int, logs: Path) -> None:
        self.bootstrap, self.workers, self.logs = bootstrap, workers, logs
        self.namespace = f"bench{uuid.uuid4().hex[:6]}."
        self.config = KafkaConfig(bootstrap)
        self.processes: list[subprocess.Popen[bytes]] = []
        self.latencies: list[float] = []
        self.seen = 0

    def topic(self, name: str) -> str:
        """This run's name of a pipeline topic."""
        return self.namespace + name

    async def start(self) -> None:
        """Create the topics, start the workers and wait until all are in the group."""
        await ensure_topics(self.config, {
            self.topic(name): NewTopic(self.topic(name), t.num_partitions, 1, topic_configs=t.topic_configs)
            for name, t in pipeline_topics(PARTITIONS).items()
        })
        env = {**os.environ, "NETRA_TOPIC_NAMESPACE": self.namespace}
        for n in range(self.workers):
            with (self.logs / f"{self.namespace}w{n}.log").open("wb") as log:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-m", "netra.app.cli", "worker", "--bootstrap", self.bootstrap,
                     "--id", f"w{n}", "--partitions", str(PARTITIONS),
                     "--registry", str(demo.REGISTRY), "--elections", str(demo.ELECTIONS)],
                    env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))
        while await self._members() < self.workers:
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a worker exited ({process.returncode}); see {self.logs}")
            await asyncio.sleep(0.5)

    async def _members(self) -> int:
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await admin.start()
        try:
            [response] = await admin.describe_consumer_groups([f"{self.namespace}netra-processors"])
        except KafkaError:
            return 0
        finally:
            await admin.close()
        [group] = response.to_object()["groups"]
        return len(group["members"]) if group["state"] == "Stable" else 0

    def stop(self) -> None:
        """SIGTERM the workers and wait for them."""
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=60)

    async def reader(self) -> AIOKafkaConsumer:
        """A read_committed reader of the decisions and dead letters, from the beginning."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap, isolation_level="read_committed", enable_auto_commit=False,
            auto_offset_reset="earliest", max_partition_fetch_bytes=MAX_MESSAGE_BYTES + 65536,
        )
        await consumer.start()
        consumer.assign([TopicPartition(self.topic(t), p) for t in (DECISIONS, DEAD_LETTERS)
                         for p in range(PARTITIONS)])
        return consumer

    async def read_until(self, consumer: AIOKafkaConsumer, outputs: int) -> float:
        """Read outputs until `outputs` have been seen in total; the time the last one came."""
        last = time.perf_counter()
        while self.seen < outputs:
            batches = await consumer.getmany(timeout_ms=200)
            now_wall, last = datetime.now(UTC), time.perf_counter()
            for records in batches.values():
                for record in records:
                    self.seen += 1
                    stamp = dict(record.headers or ()).get("netra-captured-at")
                    if stamp:
                        sent = datetime.fromisoformat(stamp.decode())
                        self.latencies.append((now_wall - sent).total_seconds())
        return last

    async def produce(self, posts: list[tuple[bytes, bytes]], rate: float | None) -> None:
        """Send posts in transactions; paced at `rate` posts/s, or as fast as possible."""
        publisher = KafkaPublisher(self.config, f"{self.namespace}bench-producer")
        step = PRODUCE_BATCH if rate is None else max(1, int(rate / 20))
        started = time.perf_counter()
        try:
            for start in range(0, len(posts), step):
                if rate is not None:
                    await asyncio.sleep(max(0.0, started + start / rate - time.perf_counter()))
                headers = {"netra-captured-at": datetime.now(UTC).isoformat(), "netra-collector": "bench"}
                for key, value in posts[start:start + step]:
                    await publisher.publish(self.topic(RAW_POSTS), key, value, headers)
                await publisher.flush()
        finally:
            await publisher.close()


async def measure(bootstrap: str, workers: int, posts: list[tuple[bytes, bytes]],
                  paced: list[tuple[bytes, bytes]], per_base: list[int], seconds: float,
                  logs: Path) -> dict[str, float]:
    """Throughput and produce-to-output latency with `workers` worker processes."""
    run = Run(bootstrap, workers, logs)
    await run.start()
    consumer = await run.reader()
    try:
        started = time.perf_counter()
        producing = asyncio.create_task(run.produce(posts, rate=None))
        throughput_outputs = expected_outputs(per_base, len(posts))
        finished = await run.read_until(consumer, throughput_outputs)
        await producing
        rate = len(posts) / (finished - started)
        run.latencies.clear()
        pace = rate / 2
        paced = paced[: int(pace * seconds)]
        producing = asyncio.create_task(run.produce(paced, rate=pace))
        await run.read_until(consumer, throughput_outputs + expected_outputs(per_base, len(paced)))
        await producing
    finally:
        await consumer.stop()
        run.stop()
    latencies = sorted(run.latencies)
    return {
        "posts_per_s": rate,
        "paced_posts_per_s": pace,
        "latency_p50_s": latencies[len(latencies) // 2],
        "latency_p99_s": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "latency_samples": len(latencies),
    }


def main() -> None:
    """Run the benchmark and print the figures (and a JSON line) for docs/pipeline.md."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--bootstrap", help="an existing broker (default: start one)")
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="netra-bench-logs-"))
    # This process logs to a file, as the workers do, so both sides pay the same for logging.
    logging.basicConfig(filename=logs / "bench.log", level=logging.INFO)
    print(f"logs in {logs}", flush=True)

    core = assemble_core(demo.REGISTRY, demo.ELECTIONS, [])
    base = demo.readable_posts()
    per_base = outputs_per_post(core, base)
    memory = copies(base, args.posts, "memory")

    broker = None
    if not args.bootstrap:
        broker = Broker()
        broker.run("start")
    bootstrap = args.bootstrap or broker.bootstrap  # type: ignore[union-attr]
    results: dict[str, object] = {"posts": args.posts}
    try:
        for workers in (1, 2):
            posts = copies(base, args.posts, f"w{workers}")
            paced = copies(base, args.posts, f"p{workers}")
            before = in_memory(core, memory)
            figures = await_measure(bootstrap, workers, posts, paced, per_base, args.latency_seconds, logs)
            after = in_memory(core, memory)
            figures["memory_posts_per_s"] = (before + after) / 2
            figures["ratio_to_memory"] = figures["posts_per_s"] / figures["memory_posts_per_s"]
            results[f"workers_{workers}"] = figures
            print(f"Kafka, {workers} worker(s): {figures['posts_per_s']:.0f} posts/s; in memory "
                  f"{before:.0f} before, {after:.0f} after; ratio {figures['ratio_to_memory']:.2f}; "
                  f"at {figures['paced_posts_per_s']:.0f} posts/s produce-to-output p50 "
                  f"{figures['latency_p50_s'] * 1000:.0f} ms, p99 {figures['latency_p99_s'] * 1000:.0f} ms "
                  f"({figures['latency_samples']} outputs)", flush=True)
    finally:
        if broker is not None:
            broker.run("stop")
    print(json.dumps(results))


def await_measure(*args: object) -> dict[str, float]:
    """Run one measurement in its own event loop."""
    return asyncio.run(measure(*args))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
