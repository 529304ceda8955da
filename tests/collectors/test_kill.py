"""SIGKILL a collector process mid-run and restart it: the posts on the bus are exactly the
platform's, from the first one seen to the last, each once. SIGTERM then stops it cleanly.
On the SQLite bus of the embedded run and on the real Kafka broker."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.collectors.conftest import bus_posts
from tests.collectors.platforms import Script, mastodon_app, mastodon_status

ROOT = Path(__file__).resolve().parents[2]
TOTAL, EVERY = 300, 0.01  # the instance publishes a status every 10 ms


@dataclass
class Bus:
    """Where the collector process publishes, and how the test reads the raw posts back."""

    args: list[str]
    env: dict[str, str]
    posts: Callable[[], list[dict]]


@pytest.fixture(params=["sqlite", pytest.param("kafka", marks=pytest.mark.kafka)])
def bus(request: pytest.FixtureRequest, tmp_path: Path) -> Bus:
    env = {k: v for k, v in os.environ.items() if k != "NETRA_TOPIC_NAMESPACE"}
    if request.param == "sqlite":
        path = tmp_path / "bus.sqlite"

        def sqlite_posts() -> list[dict]:
            try:
                return bus_posts(path)
            except sqlite3.OperationalError:  # not created yet
                return []

        return Bus(["--bus", str(path)], env, sqlite_posts)
    from tests.pipeline.harness import read_topic

    bootstrap = request.getfixturevalue("kafka_bootstrap")
    namespace = f"t{uuid.uuid4().hex[:8]}."

    def kafka_posts() -> list[dict]:
        return [json.loads(m.value) for m in read_topic(bootstrap, f"{namespace}netra.posts.raw")]

    return Bus(["--bootstrap", bootstrap, "--id", "kill-test", "--partitions", "2"],
               {**env, "NETRA_TOPIC_NAMESPACE": namespace}, kafka_posts)


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_killed_collector_restarts_without_gap_or_repeat(serve, tmp_path: Path, bus: Bus) -> None:
    statuses = [mastodon_status(n) for n in range(1, TOTAL + 1)]
    started: list[float] = []

    def published() -> list[dict]:
        """The statuses published so far; the instance starts when the collector first asks."""
        started.append(time.monotonic())
        return statuses[: 1 + int((time.monotonic() - started[0]) / EVERY)]

    base = serve(mastodon_app(Script(), published))
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
    command = [sys.executable, "-m", "netra.app.cli", "collect", "--config", str(config), *bus.args]

    first = subprocess.Popen(command, cwd=ROOT, env=bus.env, stderr=(tmp_path / "first.log").open("wb"))
    wait_for(lambda: len(bus.posts()) >= 40, 90, "the first posts")
    first.send_signal(signal.SIGKILL)
    first.wait(10)
    at_kill = len(bus.posts())
    assert at_kill < TOTAL, "the kill must land mid-run"

    second = subprocess.Popen(command, cwd=ROOT, env=bus.env, stderr=(tmp_path / "second.log").open("wb"))
    last_id = statuses[-1]["id"]
    try:
        wait_for(lambda: any(p["post_id"] == last_id for p in bus.posts()), 120, "the last status")
    finally:
        second.send_signal(signal.SIGTERM)
    assert second.wait(30) == 0, second.stderr.read().decode()[-2000:] if second.stderr else ""

    ids = [int(p["post_id"]) for p in bus.posts()]
    assert len(ids) == len(set(ids)), "no post published twice"
    assert ids == list(range(ids[0], int(last_id) + 1)), "no post skipped, in order"
    assert len(ids) > at_kill
