"""Run configured sources into a SQLite bus in the test's own event loop, as `netra collect` does."""

import asyncio
from pathlib import Path

import httpx
from prometheus_client import REGISTRY

from collectors.config import load_config
from collectors.service import run_sources
from netra.bus.base import CURSORS
from netra.bus.sqlite import SqlitePublisher


async def collect(config_text: str, directory: Path, timeout: float = 30) -> Path:
    """Write the config, run its sources (they should be `once`) until done; the bus file."""
    path = directory / "collectors.yaml"
    path.write_text(config_text, encoding="utf-8")
    config = load_config(path)
    bus = directory / "bus.sqlite"
    publisher = SqlitePublisher(bus)

    async def cursor(name: str) -> str | None:
        value = publisher.latest(CURSORS, name.encode())
        return value.decode() if value else None

    try:
        async with httpx.AsyncClient() as client:
            await asyncio.wait_for(run_sources(config, publisher, asyncio.Event(), cursor, client), timeout)
    finally:
        publisher.close()
    return bus


def metric(name: str, source: str) -> float:
    """A collector metric's value for one source."""
    return REGISTRY.get_sample_value(name, {"source": source}) or 0.0
