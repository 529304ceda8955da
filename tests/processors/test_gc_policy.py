"""Full garbage collections wait for a batch boundary once a stage has settled."""

import gc
from collections.abc import Iterator

import pytest

from processors.gc_policy import collect_between_batches, full_collections_deferred, settle


@pytest.fixture
def collector() -> Iterator[list[int]]:
    """The generations of the collections started while the test runs; the collector's
    thresholds and frozen objects are given back afterwards."""
    thresholds = gc.get_threshold()
    gc.set_threshold(700, 10, 10)  # CPython's defaults, whatever ran before
    started: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def cyclic_garbage(count: int) -> None:
    """Objects only a collection frees, as a stage's records leave behind."""
    for _ in range(count):
        node: list = []
        node.append(node)


def test_settled_stage_runs_no_full_collection_until_the_batch_boundary(collector):
    settle()
    assert full_collections_deferred()
    collector.clear()
    cyclic_garbage(300_000)  # more than ten middle-generation collections' worth
    assert 1 in collector and 2 not in collector
    assert collect_between_batches()
    assert collector[-1] == 2
    assert not collect_between_batches()  # nothing due right after one


def test_unsettled_process_keeps_the_collectors_own_schedule(collector):
    assert not full_collections_deferred()
    cyclic_garbage(300_000)
    assert not collect_between_batches()
    assert gc.get_threshold() == (700, 10, 10)
