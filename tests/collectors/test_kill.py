"""SIGKILL a collector process mid-run and restart it: the posts on the bus are exactly the
platform's, from the first one seen to the last, each once. SIGTERM then stops it cleanly."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.collectors.conftest import bus_posts
from tests.collectors.platforms import Script, mastodon_app, mastodon_status

ROOT = Path(__file__).resolve().parents[2]
TOTAL, EVERY = 300, 0.01  # the instance publishes a status every 10 ms


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def posts_on(bus: Path) -> list[dict]:
    try:
        return bus_posts(bus)
    except sqlite3.OperationalError:  # not created yet
        return []


def test_killed_collector_restarts_without_gap_or_repeat(serve, tmp_path: Path) -> None:
    started = time.monotonic()
    statuses = [mastodon_status(n) for n in range(1, TOTAL + 1)]
    base = serve(mastodon_app(Script(), lambda: statuses[: int((time.monotonic() - started) / EVERY)]))
    config = tmp_path / "collectors.yaml"
    config.write_text(f"""
sources:
  - kind: mastodon
    name: kill-test
    base_url: {base}
    timelines: [public]
    page_size: 4
    poll_seconds: 0.02
""", encoding="utf-8")
    bus = tmp_path / "bus.sqlite"
    command = [sys.executable, "-m", "collectors.cli", "--config", str(config), "--sqlite", str(bus)]
    env = {k: v for k, v in os.environ.items() if k != "NETRA_TOPIC_NAMESPACE"}

    first = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    wait_for(lambda: len(posts_on(bus)) >= 40, 60, "the first posts")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    at_kill = len(posts_on(bus))
    assert at_kill < TOTAL, "the kill must land mid-run"

    second = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    last_id = statuses[-1]["id"]
    wait_for(lambda: any(p["post_id"] == last_id for p in posts_on(bus)), 90, "the last status")
    second.send_signal(signal.SIGTERM)
    assert second.wait(20) == 0, second.stderr.read().decode()[-2000:] if second.stderr else ""

    ids = [int(p["post_id"]) for p in posts_on(bus)]
    assert len(ids) == len(set(ids)), "no post published twice"
    assert ids == list(range(ids[0], int(last_id) + 1)), "no post skipped, in order"
    assert len(ids) > at_kill
