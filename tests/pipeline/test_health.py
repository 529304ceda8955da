"""/healthz of a stream process says `stalled` (503) while records wait and nothing is committed."""

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from netra.app.root import Endpoint
from netra.bus.base import Message
from netra.bus.sqlite import SqlitePublisher, SqliteSubscription
from netra.failures import Unavailable
from processors.health import StageHealth
from processors.stage import Handled, run_stage
from tests.fixtures.servers import free_port


class DownStore:
    """A stage whose store is down until `up` is set."""

    name = "indexer"
    sink = "store"

    def __init__(self) -> None:
        self.up = False

    def handle(self, message: Message) -> Handled:
        return Handled(item=message.value)

    def write(self, items: Sequence[Any]) -> None:
        if not self.up:
            raise Unavailable("store down")

    def key_of(self, item: Any) -> str:
        return ""


async def _status(port: int) -> tuple[int, dict]:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    return response.status_code, response.json()


async def test_a_stage_waiting_on_a_down_store_is_reported_stalled_then_ok(tmp_path: Path) -> None:
    bus = tmp_path / "bus.sqlite"
    source = SqlitePublisher(bus)
    await source.publish("in", None, b"a")
    await source.flush()
    health, port, stage, stop = StageHealth("indexer"), free_port(), DownStore(), asyncio.Event()
    Endpoint("127.0.0.1", port, [health], stall_seconds=0.5).start()
    subscription = SqliteSubscription(bus, "in", "g", poll_interval=0.01)
    task = asyncio.create_task(run_stage(stage, subscription, source, stop, health=health))  # type: ignore[arg-type]

    async with asyncio.timeout(30):
        while (await _status(port))[0] != 503:
            await asyncio.sleep(0.1)
    _, body = await _status(port)
    assert body["status"] == "stalled" and body["stages"]["indexer"]["lag"] == 1
    assert b"netra_backpressure_paused" in httpx.get(f"http://127.0.0.1:{port}/metrics").content

    stage.up = True
    async with asyncio.timeout(30):
        while subscription.lag():
            await asyncio.sleep(0.1)
        while (await _status(port))[0] != 200:
            await asyncio.sleep(0.1)
    stop.set()
    await task
    assert (await _status(port))[1]["status"] == "ok"
