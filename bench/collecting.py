"""Benchmark: the collectors' runner into the SQLite bus, and the cost of resuming a big file.

    .venv/bin/python bench/collecting.py [--lines 200000] [--statuses 20000]

1. A JSONL export of `--lines` posts read into the bus (batches of 500, dedup, one flush per
   batch): posts per second.
2. Resuming that file at its last line: seconds to the first batch (the cursor is a byte
   offset checked against the file's first 64 KiB, so this does not grow with the file).
3. A Mastodon-shaped timeline of `--statuses` statuses on a loopback uvicorn server, paged 40
   at a time by min_id: posts per second (HTTP- and JSON-bound, as in production).
"""

import argparse
import asyncio
import json
import socket
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from collectors.config import load_config
from collectors.jsonl import JsonlSource
from collectors.service import run_sources
from netra.bus.base import CURSORS, RAW_POSTS
from netra.bus.sqlite import SqlitePublisher

FIRST_ID = 110_000_000_000_000_000


def status(number: int) -> bytes:
    """A Mastodon status (the fields of GET /api/v1/timelines/public that the collector reads)."""
    return json.dumps({
        "id": str(FIRST_ID + number), "created_at": "2024-11-10T01:15:00.000Z", "language": "id",
        "url": f"https://mastodon.example/@dwi/{FIRST_ID + number}", "edited_at": None, "reblog": None,
        "content": f"<p>Ayo coblos nomor 1! <a href='#'>#SutopoRatna</a> {number}</p>",
        "media_attachments": [],
        "account": {"id": "98765", "acct": "dwi", "display_name": "Dwi Hartanto", "note": "<p>Guru</p>"},
    }).encode()


def post(number: int) -> bytes:
    """A post already in the contract format (an export line)."""
    return json.dumps({
        "platform": "x", "post_id": str(number), "created_at": "2024-11-10T08:15:00+07:00",
        "text": f"Ayo coblos nomor 1! #SutopoRatna {number}", "author": {"id": str(number % 977)},
        "raw": {"n": number},
    }).encode()


async def collect(config: Path, bus: Path, until: int = 0) -> float:
    """Seconds to run every source of `config` into `bus`: until they run dry (`once`), or
    until `until` raw posts are on the bus."""
    publisher = SqlitePublisher(bus)
    stop = asyncio.Event()

    async def watch() -> None:
        while until and not stop.is_set():
            if _count(bus) >= until:
                stop.set()
            await asyncio.sleep(0.05)

    async def cursor(name: str) -> str | None:
        value = publisher.latest(CURSORS, name.encode())
        return value.decode() if value else None

    started = time.perf_counter()
    watching = asyncio.create_task(watch())
    async with httpx.AsyncClient() as client:
        await run_sources(load_config(config), publisher, stop, cursor, client)
    stop.set()
    await watching
    publisher.close()
    return time.perf_counter() - started


def _count(bus: Path) -> int:
    with closing(sqlite3.connect(bus)) as db:
        return int(db.execute("SELECT count(*) FROM messages WHERE topic = ?", (RAW_POSTS,)).fetchone()[0])


async def first_batch(path: Path, cursor: str) -> float:
    """Seconds from opening the file at `cursor` to its first batch."""
    started = time.perf_counter()
    async for _ in JsonlSource(path, batch_size=500).batches(cursor):
        break
    return time.perf_counter() - started


def serve_timeline(count: int) -> tuple[str, uvicorn.Server]:
    statuses = [status(n) for n in range(1, count + 1)]

    async def timeline(request: Request) -> Response:
        limit = int(request.query_params.get("limit", 40))
        after = int(request.query_params.get("min_id", FIRST_ID)) - FIRST_ID
        page = statuses[max(after, 0):max(after, 0) + limit][::-1]
        return Response(b"[" + b",".join(page) + b"]", media_type="application/json")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=[Route("/api/v1/timelines/public", timeline)]),
                                           host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return f"http://127.0.0.1:{port}", server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--statuses", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        export = root / "export.jsonl"
        export.write_bytes(b"".join(post(n) + b"\n" for n in range(args.lines)))
        (root / "file.yaml").write_text("sources:\n  - {kind: file, name: bench-file, path: export.jsonl, "
                                        "batch_size: 500, once: true}\n")
        seconds = asyncio.run(collect(root / "file.yaml", root / "file.sqlite"))
        print(f"file → bus: {args.lines} posts in {seconds:.2f} s = {args.lines / seconds:,.0f} posts/s")
        publisher = SqlitePublisher(root / "file.sqlite")
        cursor = (publisher.latest(CURSORS, b"bench-file") or b"").decode()
        publisher.close()
        with export.open("ab") as out:
            out.write(post(args.lines) + b"\n")
        resume = min(asyncio.run(first_batch(export, cursor)) for _ in range(5))
        megabytes = export.stat().st_size / 1e6
        print(f"resume after line {args.lines} of {megabytes:.0f} MB: {resume * 1000:.2f} ms to the next")

        base, server = serve_timeline(args.statuses)
        (root / "mastodon.yaml").write_text(
            f"sources:\n  - {{kind: mastodon, name: bench-mastodon, base_url: '{base}', timelines: [public], "
            f"page_size: 40, poll_seconds: 0, budget: {{requests: 100000, per_seconds: 1}}}}\n")
        seconds = asyncio.run(collect_from_start(root, base, args.statuses))
        print(f"mastodon timeline over loopback HTTP: {_count(root / 'mastodon.sqlite')} statuses in "
              f"{seconds:.2f} s = {args.statuses / seconds:,.0f} posts/s")
        server.should_exit = True


async def collect_from_start(root: Path, base: str, count: int) -> float:
    """A checkpoint just before the first status, so the whole timeline is read page by page."""
    publisher = SqlitePublisher(root / "mastodon.sqlite")
    cursor = json.dumps({"since": {"public": str(FIRST_ID)}})
    await publisher.publish(CURSORS, b"bench-mastodon", cursor.encode())
    await publisher.flush()
    publisher.close()
    return await collect(root / "mastodon.yaml", root / "mastodon.sqlite", until=count)


if __name__ == "__main__":
    main()
