"""The whole product on one machine: collector, processor, indexer and review app in one process.

The bus and the case store are SQLite files under the data directory, so a kill at any moment
loses nothing accepted: on restart every stage resumes after its last commit.
"""

import asyncio
import logging
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from alerting.review.serve import embedded_app, server_config
from collectors.base import Source
from collectors.run import CURSORS, run_collector
from netra.bus.base import DECISIONS, RAW_POSTS
from netra.bus.sqlite import SqlitePublisher, SqliteSubscription
from netra.store.sqlite import SqliteCaseStore
from processors.decide import DecisionCore
from processors.indexer import run_indexer
from processors.worker import run_processor

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EmbeddedConfig:
    """Where the embedded run keeps its files and serves its review page."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    exit_when_idle: bool = False


async def run_embedded(config: EmbeddedConfig, source: Source, core: DecisionCore) -> None:
    """Run every stage until SIGINT/SIGTERM (or, with exit_when_idle, until all work is done)."""
    bus_path = config.data_dir / "bus.sqlite"
    store = SqliteCaseStore(config.data_dir / "cases.sqlite")
    collector_out, processor_out, indexer_out = (SqlitePublisher(bus_path) for _ in range(3))
    posts_in = SqliteSubscription(bus_path, RAW_POSTS, group="processors")
    decisions_in = SqliteSubscription(bus_path, DECISIONS, group="indexer")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    cursor = collector_out.latest(CURSORS, source.name.encode())
    app = embedded_app(store, config.data_dir, config.host, sys.stderr)
    server = uvicorn.Server(server_config(app, config.host, config.port, log_level="warning"))
    stages = [
        asyncio.create_task(run_processor(posts_in, processor_out, core, stop), name="processor"),
        asyncio.create_task(run_indexer(decisions_in, indexer_out, store, stop), name="indexer"),
    ]
    web = asyncio.create_task(server.serve(), name="review-app")
    try:
        await run_collector(source, collector_out, cursor.decode() if cursor else None, stop)
        log.info("source %s has no more posts", source.name)
        if config.exit_when_idle:
            await _wait_idle(posts_in, decisions_in, stages)
            stop.set()
        await _first_of(asyncio.ensure_future(stop.wait()), *stages)
    finally:
        stop.set()
        await asyncio.gather(*stages)
        server.should_exit = True
        await web
        for closable in (collector_out, processor_out, indexer_out, posts_in, decisions_in, store):
            closable.close()


async def _wait_idle(
    posts_in: SqliteSubscription, decisions_in: SqliteSubscription, stages: list[asyncio.Task[None]]
) -> None:
    """Until both consumer groups have committed everything (or a stage died)."""
    while posts_in.lag() or decisions_in.lag():
        if any(stage.done() for stage in stages):
            return
        await asyncio.sleep(0.1)


async def _first_of(*tasks: "asyncio.Future[Any]") -> None:
    """Return when the first of these finishes; re-raise a stage's crash."""
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        task.result()
