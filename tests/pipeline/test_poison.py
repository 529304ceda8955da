"""Poison records go to the dead-letter topic with their original bytes, and the stream goes on."""

import json

import pytest

from netra.bus.base import DECISIONS, RAW_POSTS
from processors.decide import DecisionCore
from tests.pipeline.harness import Pipeline, demo_posts, expected_outcome, wait_for

pytestmark = pytest.mark.kafka

BAD_JSON = b'{"platform": "x", "post_id": "9", "text": "Ayo coblos'
WRONG_TYPES = json.dumps({"platform": "x", "post_id": ["9"], "created_at": 5, "text": 7, "author": "me"}).encode()
NOT_UTF8 = b'{"platform": "x", "post_id": "\xff\xfe", "text": "x"}'
HUGE = json.dumps({
    "platform": "x", "post_id": "huge", "created_at": "2024-11-10T08:00:00+07:00",
    "text": "coblos nomor 1 " * (5 * 1024 * 1024 // 15), "author": {"handle": "flood"},
}).encode()
POISON = [BAD_JSON, WRONG_TYPES, NOT_UTF8, HUGE]


def test_poison_is_dead_lettered_and_the_stream_goes_on(pipeline: Pipeline, core: DecisionCore) -> None:
    good = demo_posts(copies=4, tag="poison")
    expected = expected_outcome(core, good)
    mixed = [*good[:40], *POISON, *good[40:]]
    pipeline.publish(RAW_POSTS, [(b"x:poisoner", value) for value in mixed])
    pipeline.publish(DECISIONS, [(b"x:poisoner", b'{"post": "not a snapshot"}')])
    pipeline.indexer()
    pipeline.worker("w1")

    wait_for(lambda: pipeline.reached(expected), 180, "every outcome of the good posts")
    wait_for(lambda: len(pipeline.dead_letters()) >= len(POISON) + 1, 60, "the poison dead-lettered")
    assert pipeline.alive("w1") and pipeline.alive("indexer")
    pipeline.stop_all()

    letters = pipeline.dead_letters()
    raw = {m.value: m for m in pipeline.records(RAW_POSTS)}
    by_stage = {stage: [m for m in letters.values() if m.headers["netra-stage"] == stage]
                for stage in ("processor", "indexer")}
    poisoned = [m for m in by_stage["processor"] if m.value in POISON]
    assert sorted(m.value for m in poisoned) == sorted(POISON), "original bytes, 5 MB included"
    for letter in poisoned:
        origin = raw[letter.value]
        assert letter.headers["netra-origin"] == f"{origin.topic}/{origin.partition}/{origin.offset}"
        assert letter.headers["netra-error"]
        assert letter.key == b"x:poisoner"
    assert [m.value for m in by_stage["indexer"]] == [b'{"post": "not a snapshot"}']
    assert set(pipeline.stored()) == expected.cases
    assert pipeline.dead_keys() == expected.dead
