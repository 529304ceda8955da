"""The metrics catalogue: series exist at zero, the review app serves /metrics with the backlog per region."""

import time
from pathlib import Path

from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from alerting.review.app import create_app
from netra.bus.base import Message
from netra.store.sqlite import SqliteCaseStore
from processors.timing import observe_capture_to_output
from tests.factories import flagged


def sample(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_labelled_series_exist_at_zero_before_any_event() -> None:
    assert sample("netra_downstream_retries_total", stage="indexer") is not None
    assert sample("netra_backpressure_paused", stage="processor") == 0
    assert sample("netra_dead_letters_total", stage="processor") is not None
    assert sample("netra_posts_flagged_total", category="hate_speech", wilayah="unknown") is not None
    assert sample("netra_digest_deliveries_total", outcome="failed") is not None
    assert sample("netra_alerts_total", channel="webhook", outcome="failed") is not None


def test_posts_without_a_capture_header_are_counted_from_the_fetch() -> None:
    def count(origin: str) -> float:
        return sample("netra_capture_to_output_seconds_count", stage="indexer", origin=origin) or 0.0

    before = count("capture"), count("fetch")
    batch = [Message("t", 0, 0, None, b"", {"netra-captured-at": "2026-11-30T00:00:00+00:00"}),
             Message("t", 0, 1, None, b"", {}),
             Message("t", 0, 2, None, b"", {"netra-captured-at": "not a time"})]
    observe_capture_to_output("indexer", batch, time.monotonic())
    assert (count("capture"), count("fetch")) == (before[0] + 1, before[1] + 2)


def test_review_app_metrics_show_backlog_and_oldest_waiting_case_per_region(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record_many([
        flagged("1", wilayah="Kab. A", created_at="2024-11-10T08:15:00+07:00"),
        flagged("2", wilayah="Kab. A", created_at="2099-01-01T00:00:00+07:00"),
        flagged("3", wilayah="Kab. B", created_at="2099-01-01T00:00:00+07:00"),
    ])
    store.claim("x:3", "ana", store.case("x:3", "ana").summary.revision)  # type: ignore[union-attr]
    body = TestClient(create_app(store)).get("/metrics").text
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(body) for s in family.samples}
    assert samples[("netra_review_backlog", (("status", "new"), ("wilayah", "Kab. A")))] == 2
    assert samples[("netra_review_backlog", (("status", "in_review"), ("wilayah", "Kab. B")))] == 1
    assert samples[("netra_review_oldest_unreviewed_age_seconds", (("wilayah", "Kab. A"),))] == 8760 * 3600
    assert ("netra_review_oldest_unreviewed_age_seconds", (("wilayah", "Kab. B"),)) not in samples
    assert ("netra_messages_in_total", (("stage", "indexer"),)) in samples  # the process's own series too
    head = store.audit_head()
    assert head is not None and samples[("netra_audit_head_seq", ())] == head.seq
