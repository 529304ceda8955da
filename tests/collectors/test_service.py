"""The runner: every source's metrics exist at zero before its first event; a source's budget
makes it wait alone while the others go on; a duplicate across sources is handed on once."""

import asyncio
from pathlib import Path

from prometheus_client import REGISTRY

from collectors.base import Batch
from collectors.posts import Seen
from collectors.service import run_source
from netra.bus.sqlite import SqlitePublisher
from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect, metric
from tests.collectors.platforms import Script, mastodon_app, mastodon_status


async def test_budget_duplicates_and_metrics_per_source(serve, tmp_path: Path) -> None:
    statuses = [mastodon_status(n) for n in range(1, 4)]
    slow, fast = Script(), Script()
    slow_base = serve(mastodon_app(slow, lambda: statuses))
    fast_base = serve(mastodon_app(fast, lambda: statuses))
    (tmp_path / "empty.jsonl").write_bytes(b"")
    text = f"""
sources:
  - kind: mastodon
    name: svc-budget
    base_url: {slow_base}
    timelines: [public, local, "tag:a", "tag:b"]
    once: true
    budget: {{requests: 2, per_seconds: 2}}
  - kind: mastodon
    name: svc-free
    base_url: {fast_base}
    timelines: [public]
    once: true
  - kind: file
    name: svc-idle
    path: empty.jsonl
    once: true
"""
    bus = await collect(text, tmp_path)
    assert metric("netra_collector_rate_limit_waits_total", "svc-budget") >= 1
    assert fast.requests[-1][0] < slow.requests[-1][0] - 0.5, "the free source did not wait for the budget"
    ids = [p["post_id"] for p in bus_posts(bus)]
    assert sorted(ids) == sorted(s["id"] for s in statuses), "the same statuses from five timelines, once each"
    duplicates = sum(metric("netra_collector_duplicates_total", s) for s in ("svc-budget", "svc-free"))
    assert duplicates == 4 * 3
    for name in ("netra_collector_fetched_total", "netra_collector_errors_total",
                 "netra_collector_rate_limit_waits_total", "netra_collector_last_success_timestamp_seconds"):
        assert REGISTRY.get_sample_value(name, {"source": "svc-idle"}) == 0, f"{name} exists at zero"


class Flaky:
    """A source with a bug that shows once, after its first batch."""

    name = "flaky"

    def __init__(self) -> None:
        self.cursors: list[str | None] = []

    async def batches(self, cursor: str | None):
        self.cursors.append(cursor)
        done = int(cursor or 0)
        yield Batch([post_line(done + 1)], str(done + 1))
        if len(self.cursors) == 1:
            raise RuntimeError("a bug no guard foresaw")
        yield Batch([post_line(done + 2)], str(done + 2))


def post_line(n: int) -> bytes:
    return f'{{"platform": "x", "post_id": "{n}", "created_at": "2024-11-10T08:15:00+07:00", "text": "", "author": {{"id": "9"}}}}'.encode()


async def test_a_failed_source_restarts_from_its_last_cursor(tmp_path: Path) -> None:
    publisher = SqlitePublisher(tmp_path / "bus.sqlite")
    source = Flaky()
    await run_source(source, publisher, asyncio.Event(), None, asyncio.Lock(), Seen(), restart_after=0.01)
    publisher.close()
    assert source.cursors == [None, "1"]
    assert [p["post_id"] for p in bus_posts(tmp_path / "bus.sqlite")] == ["1", "2", "3"]
    assert metric("netra_collector_errors_total", "flaky") == 1


def test_collect_with_a_bad_config_exits_2_naming_file_and_line(tmp_path: Path, capsys) -> None:
    from netra.app.cli import main

    config = tmp_path / "collectors.yaml"
    config.write_text("watch: {elections: elections.yaml}\nsources:\n  - {kind: feed, name: f, urls: [], once: true}\n")
    (tmp_path / "elections.yaml").write_text("elections:\n  - {id: e1}\n")
    assert main(["collect", "--config", str(config), "--bus", str(tmp_path / "bus.sqlite")]) == 2
    assert "elections.yaml:2: election 'e1' lacks a `region`" in capsys.readouterr().err
