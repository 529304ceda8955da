"""The embedded case store: one case per post, replays change nothing, new rules add a version."""

from pathlib import Path

import msgspec

from netra.store.sqlite import SqliteCaseStore
from tests.factories import snapshot as _snapshot


def test_records_a_case_and_ignores_a_replay(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    assert store.record(_snapshot()) is True
    assert store.record(_snapshot()) is False
    (summary,) = store.queue()
    assert (summary.case_id, summary.nip, summary.seen_count, summary.status) == (
        "x:1", "198702142011011003", 1, "new")


def test_seeing_the_same_post_again_counts_without_a_second_case(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record(_snapshot())
    store.record(_snapshot(captured_at="2024-11-11T09:00:00+00:00"))
    assert store.count() == 1 and store.queue()[0].seen_count == 2
    case = store.case("x:1")
    assert case is not None and len(case.snapshots) == 1


def test_new_rules_append_a_version_and_keep_the_first_capture(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    first = _snapshot()
    store.record(first)
    store.record(_snapshot(rules="r2", score=0.5))
    case = store.case("x:1")
    assert case is not None
    assert [s.decision.versions["rules"] for s in case.snapshots] == ["r1", "r2"]
    assert msgspec.json.encode(case.snapshots[0]) == msgspec.json.encode(first)
    assert case.summary.score == 0.5


def test_queue_orders_by_score_and_filters_by_status(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    for n, score in enumerate((0.2, 0.9, 0.5)):
        snapshot = _snapshot(score=score)
        post = msgspec.structs.replace(snapshot.post, post_id=str(n))
        store.record(msgspec.structs.replace(snapshot, post=post))
    assert [c.score for c in store.queue()] == [0.9, 0.5, 0.2]
    assert [c.score for c in store.queue(limit=1, offset=1)] == [0.5]
    assert store.queue(status="confirmed") == []
