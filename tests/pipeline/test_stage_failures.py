"""The stage runner's typed failures, on the SQLite bus: a rejected record is set aside at once, a
record whose handling raises is retried a bounded number of times and set aside with its
traceback, a store that refuses one document loses only that one, an outage waits."""

import asyncio
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from netra.bus.base import DEAD_LETTERS, Message
from netra.bus.sqlite import SqlitePublisher, SqliteSubscription
from netra.failures import Rejected, Unavailable
from processors.stage import Handled, Policy, run_stage

ATTEMPTS = 3


class Recorder:
    """A stage over records `b"n"` that writes them to a list; `poison` says what fails how."""

    name = "test"
    sink = "store"

    def __init__(self, handle_fails: dict[bytes, BaseException] | None = None,
                 write_fails: Any = None) -> None:
        self.handle_fails = handle_fails or {}
        self.write_fails = write_fails  # callable(items) raising, or None
        self.handled: Counter[bytes] = Counter()
        self.written: list[str] = []

    def handle(self, message: Message) -> Handled:
        self.handled[message.value] += 1
        failure = self.handle_fails.get(message.value)
        if failure is not None:
            raise failure
        return Handled(item=message.value.decode())

    def write(self, items: Sequence[Any]) -> None:
        if self.write_fails is not None:
            self.write_fails(list(items))
        self.written.extend(items)

    def key_of(self, item: Any) -> str:
        return str(item)


async def _run(tmp_path: Path, stage: Recorder, values: list[bytes]) -> tuple[list[Message], int]:
    """Publish `values`, run the stage until they are committed; the dead letters and the lag."""
    bus = tmp_path / "bus.sqlite"
    source = SqlitePublisher(bus)
    for value in values:
        await source.publish("in", b"k", value)
    await source.flush()
    subscription = SqliteSubscription(bus, "in", "g", poll_interval=0.01)
    stop = asyncio.Event()
    task = asyncio.create_task(run_stage(stage, subscription, SqlitePublisher(bus), stop,  # type: ignore[arg-type]
                                         Policy(batch_size=100, attempts=ATTEMPTS)))
    async with asyncio.timeout(60):
        while subscription.lag():
            await asyncio.sleep(0.02)
    stop.set()
    await task
    letters = await SqliteSubscription(bus, DEAD_LETTERS, "check").fetch(100, timeout=0)
    return letters, subscription.lag()


VALUES = [str(n).encode() for n in range(10)]


async def test_a_record_whose_handling_raises_is_retried_then_set_aside_with_its_traceback(tmp_path: Path) -> None:
    stage = Recorder(handle_fails={b"4": ZeroDivisionError("a bug")})
    letters, lag = await _run(tmp_path, stage, VALUES)
    assert lag == 0
    assert stage.handled[b"4"] == ATTEMPTS
    assert [m.value for m in letters] == [b"4"]
    [letter] = letters
    assert letter.headers["netra-failure"] == "error"
    assert letter.headers["netra-stage"] == "test"
    assert "Traceback" in letter.headers["netra-error"] and "ZeroDivisionError: a bug" in letter.headers["netra-error"]
    assert letter.headers["netra-origin"].startswith("in/0/")
    assert sorted(stage.written) == sorted(v.decode() for v in VALUES if v != b"4")


async def test_a_rejected_record_is_set_aside_at_once(tmp_path: Path) -> None:
    stage = Recorder(handle_fails={b"2": Rejected("post_id over 512 bytes")})
    letters, _ = await _run(tmp_path, stage, VALUES)
    assert stage.handled[b"2"] == 1
    assert [(m.value, m.headers["netra-failure"], m.headers["netra-error"]) for m in letters] == [
        (b"2", "rejected", "post_id over 512 bytes")]
    assert len(stage.written) == len(VALUES) - 1


@pytest.mark.parametrize("grouped", [False, True], ids=["one", "group"])
async def test_a_document_the_store_refuses_loses_only_that_document(tmp_path: Path, grouped: bool) -> None:
    def refuse(items: list[str]) -> None:
        refused = [Rejected(f"id {item} refused", item) for item in items if item in ("3", "7")]
        if refused:
            raise ExceptionGroup("bulk refusals", refused) if grouped else refused[0]

    stage = Recorder(write_fails=refuse)
    letters, lag = await _run(tmp_path, stage, VALUES)
    assert lag == 0
    assert sorted(m.value for m in letters) == [b"3", b"7"]
    assert {m.headers["netra-failure"] for m in letters} == {"rejected"}
    assert sorted(stage.written) == sorted(v.decode() for v in VALUES if v not in (b"3", b"7"))


async def test_a_bulk_write_that_keeps_failing_is_split_to_find_the_culprit(tmp_path: Path) -> None:
    attempts: Counter[str] = Counter()

    def overflow(items: list[str]) -> None:
        attempts["bulk" if len(items) > 1 else items[0]] += 1
        if "5" in items:
            raise OverflowError("date value out of range")

    stage = Recorder(write_fails=overflow)
    letters, _ = await _run(tmp_path, stage, VALUES)
    assert [m.value for m in letters] == [b"5"]
    assert "OverflowError" in letters[0].headers["netra-error"]
    assert attempts["bulk"] == ATTEMPTS and attempts["5"] == ATTEMPTS
    assert Counter(stage.written) == Counter(v.decode() for v in VALUES if v != b"5"), "each written once"


async def test_an_unavailable_store_pauses_and_retries_the_same_batch(tmp_path: Path) -> None:
    outage = [Unavailable("store down")] * 2

    def flaky(items: list[str]) -> None:
        if outage:
            raise outage.pop()

    stage = Recorder(write_fails=flaky)
    letters, lag = await _run(tmp_path, stage, VALUES)
    assert letters == [] and lag == 0
    assert sorted(stage.written) == sorted(v.decode() for v in VALUES)


async def test_an_edge_unavailable_while_handling_retries_the_batch_not_dead_letters(tmp_path: Path) -> None:
    outage = [Unavailable("judgements unavailable")]

    class Reading(Recorder):
        def handle(self, message: Message) -> Handled:
            if outage:
                raise outage.pop()
            return super().handle(message)

    stage = Reading()
    letters, _ = await _run(tmp_path, stage, VALUES)
    assert letters == []
    assert sorted(stage.written) == sorted(v.decode() for v in VALUES)
