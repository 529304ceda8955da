"""`netra run`: the whole product on one machine, the same stage graph as on Kafka, over the
SQLite bus, with the review app, in one process.

The bus and the case store are SQLite files under the data directory, so a kill at any moment
loses nothing accepted: on restart every stage resumes after its last commit.
"""

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from alerting.review.serve import embedded_app, server_config
from netra.app.root import INDEXER_GROUP, WORKER_GROUP, Member, index, stop_on_signals, work
from netra.bus.base import DECISIONS, DEFAULT_RETENTION, RAW_POSTS, Retention
from netra.bus.sqlite import SqliteBus
from netra.store.base import CaseStore
from processors.decide import DecisionCore
from processors.health import STALL_SECONDS, health_report
from processors.stage import Policy

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EmbeddedConfig:
    """Where the embedded run keeps its files and serves its review page."""

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8080
    exit_when_idle: bool = False
    stall_seconds: float = STALL_SECONDS
    policy: Policy = field(default_factory=Policy)
    retention: Retention = DEFAULT_RETENTION
    prune_every: float = 60.0  # seconds between prunings of the bus; 0: never


def store_path(data_dir: Path) -> str:
    """Where `netra run` keeps its cases."""
    return str(data_dir / "cases.sqlite")


Collector = Callable[[SqliteBus, asyncio.Event], Awaitable[object]]


async def run_embedded(
    config: EmbeddedConfig, collector: Collector, core: DecisionCore, store: CaseStore
) -> None:
    """Run every stage until SIGINT/SIGTERM (or, with exit_when_idle, until all work is done);
    `collector` feeds the bus (one JSONL file, or every source of a collectors file); the store
    (opened at `store_path`) is closed at the end."""
    bus = SqliteBus(config.data_dir / "bus.sqlite")
    await bus.prepare()
    member = Member("embedded", policy=config.policy)
    stop = stop_on_signals()
    app = embedded_app(store, config.data_dir, config.host, sys.stderr,
                       lambda: health_report(member.health, config.stall_seconds))
    server = uvicorn.Server(server_config(app, config.host, config.port, log_level="warning"))
    stages = [
        asyncio.create_task(work(bus, core, member, stop), name="processor"),
        asyncio.create_task(index(bus, store, member, stop), name="indexer"),
    ]
    web = asyncio.create_task(server.serve(), name="review-app")
    pruner = asyncio.create_task(_prune(bus, config, stop), name="pruner")
    try:
        await collector(bus, stop)
        log.info("the sources have no more posts")
        if config.exit_when_idle:
            await _wait_idle(bus, stages)
            stop.set()
        await _first_of(asyncio.ensure_future(stop.wait()), *stages)
    finally:
        stop.set()
        await asyncio.gather(*stages, pruner)
        server.should_exit = True
        await web
        await bus.close()
        store.close()


async def _prune(bus: SqliteBus, config: EmbeddedConfig, stop: asyncio.Event) -> None:
    """Every `prune_every` seconds, drop from the bus what every stage is done with."""
    readers = {RAW_POSTS: [WORKER_GROUP], DECISIONS: [INDEXER_GROUP]}
    while config.prune_every > 0:
        try:
            await asyncio.wait_for(stop.wait(), timeout=config.prune_every)
            return
        except TimeoutError:
            dropped = await asyncio.to_thread(bus.prune, readers, config.retention)
            log.info("bus pruned: %d records dropped", dropped)


async def _wait_idle(bus: SqliteBus, stages: list[asyncio.Task[None]]) -> None:
    """Until both consumer groups have committed everything (or a stage died)."""
    while bus.lag(RAW_POSTS, WORKER_GROUP) or bus.lag(DECISIONS, INDEXER_GROUP):
        if any(stage.done() for stage in stages):
            return
        await asyncio.sleep(0.1)


async def _first_of(*tasks: "asyncio.Future[Any]") -> None:
    """Return when the first of these finishes; re-raise a stage's crash."""
    done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        task.result()
