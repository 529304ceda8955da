"""Shared pytest set-up: the real servers (Kafka, Elasticsearch) live in tests/fixtures."""

import gc
from collections.abc import Iterator

import pytest

pytest_plugins = [
    "tests.fixtures.kafka", "tests.fixtures.elasticsearch", "tests.fixtures.opensearch", "tests.fixtures.smtp",
]


@pytest.fixture(autouse=True)
def _collector_as_it_was() -> Iterator[None]:
    """A stage run in a test settles the collector (processors.gc_policy): give the rest of the
    session Python's own full collections back."""
    thresholds = gc.get_threshold()
    yield
    if gc.get_threshold() != thresholds:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
