"""Fixtures of the pipeline fault tests: the decision core that says what to expect, a pipeline."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from netra import demo
from processors.assemble import assemble_core
from processors.decide import DecisionCore
from tests.pipeline.harness import Pipeline


@pytest.fixture(scope="session")
def core() -> DecisionCore:
    """The decision core the workers use (demo registry and elections)."""
    return assemble_core(demo.REGISTRY, demo.ELECTIONS, [])


@pytest.fixture
def pipeline(kafka_bootstrap: str, tmp_path: Path) -> Iterator[Pipeline]:
    """A pipeline in its own topic namespace; every process is stopped after the test."""
    running = Pipeline(kafka_bootstrap, tmp_path)
    try:
        yield running
    finally:
        running.stop_all()
