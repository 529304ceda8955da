"""What only the Elasticsearch store does: versioned templates, migration, and the seq_no guard under races."""

from collections.abc import Callable
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from netra.domain.snapshot import encode_snapshot
from netra.store import es_mappings
from netra.store.elasticsearch import ElasticsearchCaseStore
from netra.store.errors import StaleCaseError
from netra.store.model import CaseSummary
from netra.store.open import open_store
from tests.factories import snapshot

pytestmark = pytest.mark.elasticsearch


def test_templates_and_aliases_carry_the_mapping_version(es_prefix: tuple[Elasticsearch, str]) -> None:
    es, prefix = es_prefix
    ElasticsearchCaseStore(es, prefix=prefix)
    template = es.indices.get_index_template(name=f"{prefix}-cases")["index_templates"][0]["index_template"]
    assert template["version"] == es_mappings.MAPPING_VERSION
    assert template["template"]["mappings"]["dynamic"] == "strict"
    assert list(es.indices.get_alias(name=f"{prefix}-cases")) == [f"{prefix}-cases-v1"]


def test_a_newer_mapping_version_moves_the_alias_and_keeps_every_document(
    es_prefix: tuple[Elasticsearch, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    es, prefix = es_prefix
    first = snapshot()
    ElasticsearchCaseStore(es, prefix=prefix, refresh=True).record(first)
    monkeypatch.setattr(es_mappings, "MAPPING_VERSION", 2)
    migrated = ElasticsearchCaseStore(es, prefix=prefix, refresh=True)
    assert list(es.indices.get_alias(name=f"{prefix}-snapshots")) == [f"{prefix}-snapshots-v2"]
    case = migrated.case("x:1", "test")
    assert case is not None and encode_snapshot(case.snapshots[0]) == encode_snapshot(first)
    assert migrated.record(first) is False
    monkeypatch.setattr(es_mappings, "MAPPING_VERSION", 1)
    with pytest.raises(RuntimeError, match="newer mapping"):
        ElasticsearchCaseStore(es, prefix=prefix)


def test_open_store_picks_the_adapter_from_the_url(es_prefix: tuple[Elasticsearch, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    es, prefix = es_prefix
    url = es.transport.node_pool.get().base_url
    assert type(open_store(f"{url}?prefix={prefix}")).__name__ == "ElasticsearchCaseStore"
    assert type(open_store(f"sqlite:///{tmp_path}/a.sqlite")).__name__ == "SqliteCaseStore"
    assert type(open_store(str(tmp_path / "b.sqlite"))).__name__ == "SqliteCaseStore"
    with pytest.raises(ValueError, match="no case store"):
        open_store("ftp://example")


def _race(monkeypatch: pytest.MonkeyPatch, store: ElasticsearchCaseStore, write: Callable[[], object]) -> None:
    """Make `write` land between the store's next read of a case and its conditional update."""
    read = store._get
    pending = [write]

    def read_then_race(case_id: str) -> dict[str, Any] | None:
        found = read(case_id)
        while pending:
            pending.pop()()
        return found

    monkeypatch.setattr(store, "_get", read_then_race)


def test_a_write_between_read_and_update_is_caught_by_seq_no(
    es_prefix: tuple[Elasticsearch, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    es, prefix = es_prefix
    ana, budi = (ElasticsearchCaseStore(es, prefix=prefix, refresh=True) for _ in range(2))
    ana.record(snapshot())
    revision = _summary(ana).revision
    _race(monkeypatch, ana, lambda: budi.claim("x:1", "budi", revision))
    with pytest.raises(StaleCaseError):
        ana.claim("x:1", "ana", revision)
    assert _summary(ana).assignee == "budi"


def test_a_resighting_between_read_and_update_is_retried_not_refused(
    es_prefix: tuple[Elasticsearch, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    es, prefix = es_prefix
    ana, indexer = (ElasticsearchCaseStore(es, prefix=prefix, refresh=True) for _ in range(2))
    ana.record(snapshot())
    revision = _summary(ana).revision
    _race(monkeypatch, ana, lambda: indexer.record(snapshot(captured_at="2024-12-01T00:00:00+00:00")))
    claimed = ana.claim("x:1", "ana", revision)
    assert (claimed.assignee, claimed.seen_count) == ("ana", 2)


def _summary(store: ElasticsearchCaseStore) -> CaseSummary:
    case = store.case("x:1", "test")
    assert case is not None
    return case.summary
