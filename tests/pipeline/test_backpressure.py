"""A failing downstream pauses the stage and the same batch is retried: nothing dropped, nothing skipped."""

import asyncio
from collections.abc import Sequence
from pathlib import Path

from netra.bus.base import DEAD_LETTERS, Message
from netra.bus.sqlite import SqlitePublisher, SqliteSubscription
from processors.stage import run_stage
from processors.worker import WorkerStage


class FlakyPublisher(SqlitePublisher):
    """An SQLite publisher whose first `failures` flushes fail, as a broker outage would."""

    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures

    async def flush(self) -> None:
        if self.failures:
            self.failures -= 1
            raise ConnectionError("broker unreachable")
        await super().flush()


class Watched(SqliteSubscription):
    """An SQLite subscription that records pause/resume and what it committed."""

    def __init__(self, path: Path, topic: str) -> None:
        super().__init__(path, topic, "g", poll_interval=0.01)
        self.calls: list[str] = []

    def pause(self) -> None:
        self.calls.append("pause")

    def resume(self) -> None:
        self.calls.append("resume")

    async def commit(self, messages: Sequence[Message]) -> None:
        self.calls.append(f"commit {len(messages)}")
        await super().commit(messages)


class NoCore:
    """Never reached: every record below is unreadable, so it is dead-lettered before deciding."""


async def test_the_worker_pauses_and_retries_until_downstream_recovers(tmp_path: Path) -> None:
    bus = tmp_path / "bus.sqlite"
    source = SqlitePublisher(bus)
    for n in range(3):
        await source.publish("raw", None, f"not json {n}".encode())
    await source.flush()
    subscription = Watched(bus, "raw")
    publisher = FlakyPublisher(bus, failures=2)
    stop = asyncio.Event()

    worker = asyncio.create_task(run_stage(WorkerStage(NoCore()), subscription, publisher, stop))  # type: ignore[arg-type]
    async with asyncio.timeout(30):
        while not any(call.startswith("commit") for call in subscription.calls):
            await asyncio.sleep(0.05)
    stop.set()
    await worker

    assert subscription.calls == ["pause", "resume", "commit 3"]
    letters = await SqliteSubscription(bus, DEAD_LETTERS, "check").fetch(10, timeout=0)
    assert sorted(m.value for m in letters) == [b"not json 0", b"not json 1", b"not json 2"]


async def test_a_stop_while_downstream_fails_commits_nothing(tmp_path: Path) -> None:
    bus = tmp_path / "bus.sqlite"
    source = SqlitePublisher(bus)
    await source.publish("raw", None, b"not json")
    await source.flush()
    subscription = Watched(bus, "raw")
    stop = asyncio.Event()
    worker = asyncio.create_task(run_stage(
        WorkerStage(NoCore()), subscription, FlakyPublisher(bus, failures=1000), stop))  # type: ignore[arg-type]
    async with asyncio.timeout(30):
        while "pause" not in subscription.calls:
            await asyncio.sleep(0.05)
    stop.set()
    await worker
    assert subscription.calls == ["pause", "resume"]
    assert subscription.lag() == 1  # replayed by whoever comes next
