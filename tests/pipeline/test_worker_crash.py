"""kill -9 a worker mid-stream, restart it: every accepted post ends with exactly one outcome."""

from pathlib import Path

import pytest

from netra.bus.base import RAW_POSTS
from processors.decide import DecisionCore
from tests.pipeline.harness import Pipeline, demo_posts, expected_outcome, wait_for

pytestmark = pytest.mark.kafka


def test_killed_worker_loses_and_duplicates_nothing(pipeline: Pipeline, core: DecisionCore, tmp_path: Path) -> None:
    lines = demo_posts(copies=40, tag="crash")
    expected = expected_outcome(core, lines)
    half = len(lines) // 2
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b"\n".join(lines[:half]) + b"\n")

    pipeline.indexer()
    pipeline.worker("w1")
    pipeline.collect(posts, delay=0.1)
    wait_for(lambda: pipeline.progress() > 0, 120, "the first outcomes")
    pipeline.kill("w1")
    assert pipeline.progress() < len(expected.cases) + len(expected.dead), "the kill must land mid-stream"

    with posts.open("ab") as more:  # the stream goes on while the worker is down
        more.write(b"\n".join(lines[half:]) + b"\n")
    pipeline.collect(posts)
    pipeline.worker("w1")  # the same id: its producer fences the killed one's open transaction

    wait_for(lambda: pipeline.reached(expected), 180, "every outcome")
    pipeline.stop_all()

    raw = pipeline.records(RAW_POSTS)
    assert sorted(m.value for m in raw) == sorted(lines), "each post published exactly once"
    stored = pipeline.stored()
    assert set(stored) == expected.cases
    assert set(stored.values()) <= {1}, "one decision per case, replays ignored"
    assert pipeline.dead_keys() == expected.dead


