"""The composition root: the one place that opens the edges (bus, store, source) and wires the
stage graph, collector → worker → indexer. `netra run` runs that graph in one process over the
SQLite bus; the Kafka processes (`netra collect`, `worker`, `indexer`) run one stage each.
"""

import asyncio
import logging
import signal
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from wsgiref.simple_server import WSGIRequestHandler, make_server

import msgspec
from prometheus_client import make_wsgi_app

from collectors.base import Source
from collectors.config import CollectorsConfig
from collectors.open import open_source
from collectors.run import run_collector
from collectors.service import run_sources
from netra.bus.base import CURSORS, DECISIONS, RAW_POSTS, Bus
from netra.bus.open import open_bus
from netra.store.base import CaseStore
from netra.store.open import open_store
from processors.decide import DecisionCore
from processors.health import STALL_SECONDS, StageHealth, health_report
from processors.indexer import IndexerStage
from processors.stage import Policy, run_stage
from processors.worker import WorkerStage

__all__ = ["open_bus", "open_source", "open_store"]
log = logging.getLogger(__name__)
WORKER_GROUP, INDEXER_GROUP = "netra-processors", "netra-indexer"


@dataclass(frozen=True, slots=True)
class Member:
    """Who a stage process is: its stable id (a transactional id derives from it), its consumer
    group, how it batches and retries, and the health it reports."""

    id: str
    group: str = ""
    policy: Policy = field(default_factory=Policy)
    health: list[StageHealth] = field(default_factory=list)

    def stage_health(self, name: str) -> StageHealth:
        """A fresh health record for the named stage, reported by this member."""
        self.health.append(StageHealth(name))
        return self.health[-1]


async def work(bus: Bus, core: DecisionCore, member: Member, stop: asyncio.Event) -> None:
    """The worker stage: raw posts to decisions, until `stop`."""
    subscription = await bus.subscribe(RAW_POSTS, member.group or WORKER_GROUP)
    publisher = bus.publisher(f"netra-worker-{member.id}")
    stage = WorkerStage(core)
    await run_stage(stage, subscription, publisher, stop, member.policy, member.stage_health(stage.name))


async def index(bus: Bus, store: CaseStore, member: Member, stop: asyncio.Event) -> None:
    """The indexer stage: decisions into the case store, until `stop`."""
    subscription = await bus.subscribe(DECISIONS, member.group or INDEXER_GROUP)
    publisher = bus.publisher(f"netra-indexer-{member.id}")
    stage = IndexerStage(store)
    await run_stage(stage, subscription, publisher, stop, member.policy, member.stage_health(stage.name))


async def collect(bus: Bus, source: Source, stop: asyncio.Event) -> str | None:
    """The collector: the source's posts after its saved cursor, until it runs dry or `stop`."""
    cursor = await bus.latest(CURSORS, source.name.encode())
    publisher = bus.publisher(f"netra-collector-{source.name}")
    last = await run_collector(source, publisher, cursor.decode() if cursor else None, stop)
    log.info("source %s collected up to cursor %s", source.name, last)
    return last


async def collect_configured(bus: Bus, config: CollectorsConfig, member_id: str, stop: asyncio.Event) -> None:
    """Every source of a collectors file (docs/collectors.md), each after its saved cursor, until `stop`."""

    async def saved_cursor(name: str) -> str | None:
        value = await bus.latest(CURSORS, name.encode())
        return value.decode() if value else None

    await run_sources(config, bus.publisher(f"netra-collector-{member_id}"), stop, saved_cursor)


async def serve(
    bus: Bus, run: Callable[[asyncio.Event], Awaitable[object]], endpoint: "Endpoint | None" = None
) -> None:
    """One stream process: create the topics, serve /metrics and /healthz, run until a signal
    (or until `run` ends), then leave the groups and close."""
    stop = stop_on_signals()
    try:
        await bus.prepare()
        if endpoint is not None:
            endpoint.start()
        await run(stop)
    finally:
        await bus.close()
    log.info("stopped: last batch committed, group left")


@dataclass
class Endpoint:
    """/metrics (Prometheus) and /healthz (stalled stages: 503) of a stream process."""

    host: str
    port: int
    health: list[StageHealth]
    stall_seconds: float = STALL_SECONDS

    def start(self) -> None:
        """Serve in a daemon thread (the event loop never serves these)."""
        metrics = make_wsgi_app()

        def app(environ: dict, respond: Callable) -> list[bytes]:  # type: ignore[type-arg]
            if environ.get("PATH_INFO") != "/healthz":
                return list(metrics(environ, respond))
            report = health_report(self.health, self.stall_seconds)
            respond("200 OK" if report["status"] == "ok" else "503 Service Unavailable",
                    [("Content-Type", "application/json")])
            return [msgspec.json.encode(report)]

        server = make_server(self.host, self.port, app, handler_class=_Quiet)
        threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the base's parameter name
        """Scrapes are not news."""


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM: stages finish the batch in hand and stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    return stop
