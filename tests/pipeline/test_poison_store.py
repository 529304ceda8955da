"""Poison on the real broker and the real Elasticsearch node: an over-long post id, documents the
store refuses or whose recording raises each end on the dead-letter topic, and the stream goes on:
every other post is stored exactly once."""

import json
import uuid
from collections.abc import Iterator

import msgspec
import pytest

from netra.bus.base import DECISIONS, RAW_POSTS
from netra.domain.post import decode_post
from netra.domain.snapshot import MatchedEntry, Snapshot, encode_snapshot, post_sha256
from processors.decide import DecisionCore
from tests.pipeline.harness import Pipeline, demo_posts, expected_outcome, wait_for

pytestmark = [pytest.mark.kafka, pytest.mark.elasticsearch]


@pytest.fixture
def es_pipeline(pipeline: Pipeline, elasticsearch_url: str) -> Iterator[Pipeline]:
    """The pipeline with its indexer writing to Elasticsearch under an index prefix of its own."""
    pipeline.store_url = f"{elasticsearch_url}?prefix=poison-{uuid.uuid4().hex[:8]}"
    yield pipeline


def _flagged_snapshot(core: DecisionCore, lines: list[bytes]) -> Snapshot:
    """The evidence snapshot of the first flagged post, as the worker would publish it."""
    for line in lines:
        post = decode_post(line)
        decision = core.decide(post)
        if decision.flagged and decision.asn_match:
            entry = core.registry_entry(decision.asn_match.nip)
            return Snapshot(post, post_sha256(post), "", "test", decision,
                            MatchedEntry.of(entry) if entry else None)
    raise AssertionError("the demo has no flagged post")


def _variant(snapshot: Snapshot, post_id: str, **post_fields: str) -> bytes:
    post = msgspec.structs.replace(snapshot.post, post_id=post_id, **post_fields)
    decision = msgspec.structs.replace(snapshot.decision, post_id=post_id)
    return encode_snapshot(msgspec.structs.replace(snapshot, post=post, decision=decision))


def test_store_poison_is_dead_lettered_and_everything_else_is_stored_once(
    es_pipeline: Pipeline, core: DecisionCore
) -> None:
    pipeline = es_pipeline
    good = demo_posts(copies=2, tag="store-poison")
    expected = expected_outcome(core, good)
    first = _flagged_snapshot(core, good)
    long_raw = json.dumps({**json.loads(good[0]), "post_id": "9" * 600}).encode()
    too_long_id = _variant(first, "8" * 600)  # Elasticsearch refuses ids over 512 bytes
    immense = msgspec.structs.replace(first.registry_entry, nama="N" * 40_000)  # keyword over 32 KB
    immense_term = encode_snapshot(msgspec.structs.replace(
        msgspec.structs.replace(first, post=msgspec.structs.replace(first.post, post_id="immense"),
                                decision=msgspec.structs.replace(first.decision, post_id="immense")),
        registry_entry=immense))
    year_one = _variant(first, "year-one", created_at="0001-01-01T00:00:00+14:00")  # UTC overflows
    store_poison = [too_long_id, immense_term, year_one]

    pipeline.publish(RAW_POSTS, [(b"x:poisoner", v) for v in [*good[:20], long_raw, *good[20:]]])
    pipeline.publish(DECISIONS, [(b"x:poisoner", v) for v in store_poison])
    pipeline.indexer()
    pipeline.worker("w1")

    wait_for(lambda: pipeline.reached(expected), 180, "every outcome of the good posts")
    wait_for(lambda: len(pipeline.dead_letters()) >= 1 + len(store_poison), 120, "the poison dead-lettered")
    assert pipeline.alive("w1") and pipeline.alive("indexer")
    pipeline.stop_all()

    letters = list(pipeline.dead_letters().values())
    by_value = {m.value: m for m in letters}
    assert set(by_value) == {long_raw, *store_poison}, "exactly the poison, original bytes"
    assert by_value[long_raw].headers["netra-stage"] == "processor"
    assert "post_id" in by_value[long_raw].headers["netra-error"]
    for value in store_poison:
        assert by_value[value].headers["netra-stage"] == "indexer"
        assert by_value[value].headers["netra-error"]
    assert "OverflowError" in by_value[year_one].headers["netra-error"]
    stored = pipeline.stored()
    assert set(stored) == expected.cases, "nothing else lost, no poison stored"
    assert set(stored.values()) == {1}, "nothing stored twice"
