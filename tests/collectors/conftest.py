"""Loopback servers for the collector tests: a starlette app of recorded-shape platform answers,
served by uvicorn on a free port (real sockets), and a reader of what reached the SQLite bus."""

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette

from netra.bus.base import CURSORS, RAW_POSTS
from tests.fixtures.servers import free_port


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", timeout_graceful_shutdown=1,
    ))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def serve() -> Iterator[Callable[[Starlette], str]]:
    """`serve(app)` -> base URL; every server stops at the end of the test."""
    with_stack: list[Any] = []

    def start(app: Starlette) -> str:
        context = serving(app)
        with_stack.append(context)
        return context.__enter__()

    yield start
    for context in reversed(with_stack):
        context.__exit__(None, None, None)


def bus_posts(path: Path) -> list[dict[str, Any]]:
    """The raw posts on the SQLite bus, in order."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:  # never creates the file
        rows = db.execute("SELECT value FROM messages WHERE topic = ? ORDER BY offset", (RAW_POSTS,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def bus_cursor(path: Path, name: str) -> str | None:
    """The newest cursor of source `name` on the SQLite bus."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:  # never creates the file
        row = db.execute(
            "SELECT value FROM messages WHERE topic = ? AND key = ? ORDER BY offset DESC LIMIT 1",
            (CURSORS, name.encode()),
        ).fetchone()
    return bytes(row[0]).decode() if row else None
