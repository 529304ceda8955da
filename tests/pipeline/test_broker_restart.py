"""The broker restarts mid-stream: collector and workers wait, recover, and lose or duplicate nothing."""

from pathlib import Path

import pytest

from netra.bus.base import RAW_POSTS
from processors.decide import DecisionCore
from tests.fixtures.kafka import KafkaBroker
from tests.pipeline.harness import Pipeline, demo_posts, expected_outcome, wait_for

pytestmark = pytest.mark.kafka


def test_the_pipeline_rides_out_a_broker_restart(
    kafka_broker: KafkaBroker, pipeline: Pipeline, core: DecisionCore, tmp_path: Path
) -> None:
    lines = demo_posts(copies=30, tag="restart")
    expected = expected_outcome(core, lines)
    posts = tmp_path / "posts.jsonl"
    posts.write_bytes(b"\n".join(lines) + b"\n")

    pipeline.indexer()
    pipeline.worker("w1")
    wait_for(lambda: pipeline.group_size("netra-processors") == 1, 120, "the worker in its group")
    collector = pipeline.start("collector", "collect", "--posts", str(posts), "--batch-size", "25",
                               "--delay", "0.2")
    wait_for(lambda: pipeline.progress() > 0, 120, "the first outcomes")

    kafka_broker.stop()  # collector, worker and indexer are all mid-stream
    kafka_broker.start()

    assert collector.wait(timeout=180) == 0, pipeline.log("collector")
    wait_for(lambda: pipeline.reached(expected), 180, "every outcome")
    assert pipeline.alive("w1") and pipeline.alive("indexer"), "a broker outage is waited out"
    assert pipeline.stop("w1") == 0 and pipeline.stop("indexer") == 0

    assert sorted(m.value for m in pipeline.records(RAW_POSTS)) == sorted(lines)
    stored = pipeline.stored()
    assert set(stored) == expected.cases
    assert set(stored.values()) <= {1}, "one decision per case, replays ignored"
    assert pipeline.dead_keys() == expected.dead
