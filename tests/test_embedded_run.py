"""The one-command product: killed with SIGKILL mid-stream and restarted, it loses and repeats nothing."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from netra import demo
from netra.bus.base import DEAD_LETTERS, RAW_POSTS
from tests.fixtures.servers import free_port

NETRA = [sys.executable, "-m", "netra.app.cli"]


def _rows(path: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(sql, args).fetchall()


def _demo_lines() -> list[bytes]:
    return [line for line in demo.POSTS.read_bytes().splitlines() if line.strip()]


def _case_count(path: Path) -> int:
    """Cases stored so far; 0 while the store has not created its file or tables yet."""
    try:
        return int(_rows(path, "SELECT COUNT(*) FROM cases")[0][0]) if path.exists() else 0
    except sqlite3.OperationalError:
        return 0


def _flagged_by_scan(tmp_path: Path) -> set[str]:
    decisions = tmp_path / "decisions.jsonl"
    subprocess.run([*NETRA, "scan", "--registry", str(demo.REGISTRY), "--elections", str(demo.ELECTIONS),
                    "--claims", str(demo.CLAIMS),
                    "--input", str(demo.POSTS), "--output", str(decisions)], check=False, timeout=300)
    lines = [json.loads(line) for line in decisions.read_text().splitlines()]
    return {f"{d['platform']}:{d['post_id']}" for d in lines if d.get("flagged")}


def _wait_for(condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_kill_and_restart_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    data, port = tmp_path / "run", free_port()
    bus, cases = data / "bus.sqlite", data / "cases.sqlite"
    args = [*NETRA, "run", "--data-dir", str(data), "--port", str(port), "--batch-size", "3",
            "--prune-every", "0"]  # keep every raw post, to check each was published once
    first = subprocess.Popen([*args, "--delay", "0.3"], stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: _case_count(cases) > 0, 180)
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()["status"] == "ok"
        collected = _rows(bus, "SELECT COUNT(*) FROM messages WHERE topic = ?", RAW_POSTS)[0][0]
        assert 0 < collected < len(_demo_lines()), "the kill must land mid-stream"
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()

    second = subprocess.run([*args, "--delay", "0", "--exit-when-idle"], stderr=subprocess.PIPE, timeout=300)
    assert second.returncode == 0, second.stderr.decode()[-2000:]

    raw = _rows(bus, "SELECT value FROM messages WHERE topic = ?", RAW_POSTS)
    assert sorted(value for (value,) in raw) == sorted(_demo_lines())
    assert len(_rows(bus, "SELECT 1 FROM messages WHERE topic = ?", DEAD_LETTERS)) == 2
    stored = _rows(cases, "SELECT case_id, seen_count FROM cases")
    assert {case_id for case_id, _ in stored} == _flagged_by_scan(tmp_path)
    assert all(seen == 1 for _, seen in stored)
    assert {oct(path.stat().st_mode & 0o777) for path in data.iterdir()} == {"0o600"}, "private files"


def test_run_collects_from_a_collectors_file(tmp_path: Path) -> None:
    """`netra run --collectors` feeds the same stage graph from every configured source."""
    config = tmp_path / "collectors.yaml"
    config.write_text(f"sources:\n  - {{kind: file, name: demo, path: {demo.POSTS}, once: true}}\n")
    data = tmp_path / "netra"
    done = subprocess.run(
        [*NETRA, "run", "--collectors", str(config), "--data-dir", str(data), "--port", str(free_port()),
         "--claims", str(demo.CLAIMS), "--exit-when-idle"],
        capture_output=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert len(_rows(data / "bus.sqlite", "SELECT 1 FROM messages WHERE topic = ?", DEAD_LETTERS)) == 2
    cases = {row[0] for row in _rows(data / "cases.sqlite", "SELECT case_id FROM cases")}
    assert cases == _flagged_by_scan(tmp_path)
