"""Debian's Prometheus scrapes the running embedded product (`netra run`) and loads Netra's rules."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.prometheus import api, prometheus_server
from tests.fixtures.servers import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[str]:
    """`netra run` with the demo data on a free port; its host:port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "netra.app.cli", "run", "--data-dir", str(tmp_path / "netra"), "--port", str(port),
         "--delay", "0.05"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "netra.log", "w"),  # noqa: SIM115
    )
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "netra.log").read_text()[-3000:]
        try:
            urllib.request.urlopen(f"http://{address}/healthz", timeout=2).close()
            break
        except OSError:
            time.sleep(0.5)
    try:
        yield address
    finally:
        process.terminate()
        process.wait(timeout=60)


def wait_for(check: Callable[[], Any], timeout: float = 60) -> Any:
    """The first truthy answer of `check`, polled until `timeout` (then its last answer)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def test_prometheus_scrapes_every_process_and_loads_the_rules(embedded: str) -> None:
    with prometheus_server({"netra-review": [embedded]}) as url:
        targets = wait_for(lambda: [t for t in api(url, "/api/v1/targets")["activeTargets"]
                                    if t["health"] == "up"])
        assert {t["labels"]["job"] for t in targets} == {"netra-review"}
        groups = api(url, "/api/v1/rules")["groups"]
        alerts = {rule["name"] for group in groups for rule in group["rules"]}
        assert {"NetraPipelineStalled", "NetraReviewBacklogTooOld", "NetraDigestFailing"} <= alerts
        assert all(rule["health"] != "err" for group in groups for rule in group["rules"])
        flagged = wait_for(lambda: api(url, "/api/v1/query", query='sum(netra_messages_out_total{stage="processor"})')
                           ["result"])
        assert flagged and float(flagged[0]["value"][1]) > 0
        backlog = wait_for(lambda: api(url, "/api/v1/query", query="sum(netra_review_backlog)")["result"])
        assert backlog and float(backlog[0]["value"][1]) > 0
        zero = api(url, "/api/v1/query", query='netra_downstream_retries_total{stage="indexer"}')["result"]
        assert zero and zero[0]["value"][1] == "0"
