"""Two workers in one group share the partitions; every flagged post still ends as exactly one case."""

from pathlib import Path

import pytest

from netra.bus.base import RAW_POSTS
from processors.decide import DecisionCore
from tests.fixtures.servers import free_port
from tests.pipeline.harness import Pipeline, demo_posts, expected_outcome, metric, wait_for

pytestmark = pytest.mark.kafka
IN = 'netra_messages_in_total{stage="processor"}'


def test_two_workers_share_the_stream(pipeline: Pipeline, core: DecisionCore, tmp_path: Path) -> None:
    lines = demo_posts(copies=20, tag="scale")
    expected = expected_outcome(core, lines)
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b"\n".join(lines) + b"\n")
    ports = {"w1": free_port(), "w2": free_port()}
    for name, port in ports.items():
        pipeline.worker(name, metrics_port=port)
    pipeline.indexer()
    wait_for(lambda: pipeline.group_size("netra-processors") == 2, 120, "both workers in the group")

    pipeline.collect(posts)
    wait_for(lambda: pipeline.reached(expected), 180, "every outcome")
    wait_for(lambda: sum(_in(port) for port in ports.values()) >= len(lines), 60, "every post consumed")
    shares = {name: _in(port) for name, port in ports.items()}
    pipeline.stop_all()

    assert all(share > 0 for share in shares.values()), f"both workers got partitions: {shares}"
    assert len(pipeline.records(RAW_POSTS)) == len(lines)
    stored = pipeline.stored()
    assert set(stored) == expected.cases and set(stored.values()) <= {1}
    assert pipeline.dead_keys() == expected.dead


def _in(port: int) -> float:
    return metric(port, IN)
