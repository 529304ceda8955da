"""What only the search-engine stores do (Elasticsearch and OpenSearch alike): versioned templates,
migration, the seq_no guard under races, the audit chain against direct edits, unreachable nodes."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from opensearchpy import OpenSearch

from netra.domain.snapshot import encode_snapshot
from netra.failures import Unavailable
from netra.store import es_mappings, search_repository
from netra.store.elasticsearch import ElasticsearchCaseStore
from netra.store.errors import StaleCaseError, StoreError
from netra.store.model import CaseSummary, QueueQuery
from netra.store.open import open_store
from netra.store.opensearch import OpenSearchCaseStore
from netra.store.service import CaseService
from tests.factories import flagged, snapshot
from tests.fixtures.servers import free_port

ENGINES = [pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
           pytest.param("opensearch", marks=pytest.mark.opensearch)]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[tuple[Any, str, Callable[..., CaseService]]]:
    """The raw client, the test's prefix, and what opens a store on them (keyword options passed on)."""
    if request.param == "elasticsearch":
        es, prefix = request.getfixturevalue("es_prefix")
        yield es, prefix, lambda **kw: ElasticsearchCaseStore(es, prefix=prefix, **kw)
    else:
        client, prefix = request.getfixturevalue("os_prefix")
        yield client, prefix, lambda **kw: OpenSearchCaseStore(client, prefix=prefix, **kw)


def _alias_targets(client: Any, name: str) -> list[str]:
    return list(client.indices.get_alias(name=name))


def test_templates_and_aliases_carry_the_mapping_version(engine: tuple[Any, str, Callable[..., CaseService]]) -> None:
    client, prefix, opened = engine
    opened()
    template = client.indices.get_index_template(name=f"{prefix}-cases")["index_templates"][0]["index_template"]
    assert template["version"] == es_mappings.MAPPING_VERSION
    assert template["template"]["mappings"]["dynamic"] == "strict"
    assert _alias_targets(client, f"{prefix}-cases") == [f"{prefix}-cases-v{es_mappings.MAPPING_VERSION}"]


def test_a_newer_mapping_version_moves_the_alias_and_keeps_every_document(
    engine: tuple[Any, str, Callable[..., CaseService]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, prefix, opened = engine
    first = snapshot()
    opened(refresh=True).record(first)
    current = es_mappings.MAPPING_VERSION
    monkeypatch.setattr(es_mappings, "MAPPING_VERSION", current + 1)
    migrated = opened(refresh=True)
    assert _alias_targets(client, f"{prefix}-snapshots") == [f"{prefix}-snapshots-v{current + 1}"]
    case = migrated.case("x:1", "test")
    assert case is not None and encode_snapshot(case.snapshots[0]) == encode_snapshot(first)
    assert migrated.record(first) is False
    assert migrated.verify_audit().ok, "the chain survives the copy"
    monkeypatch.setattr(es_mappings, "MAPPING_VERSION", current)
    with pytest.raises(RuntimeError, match="newer mapping"):
        opened()


def _four_audit_entries(opened: Callable[..., CaseService]) -> CaseService:
    """A store whose audit chain holds a record and three reads."""
    store = opened(refresh=True)
    store.record(snapshot())
    for _ in range(3):
        store.case("x:1", "ana")
    return store


def test_an_edited_or_deleted_audit_document_breaks_the_chain(
    engine: tuple[Any, str, Callable[..., CaseService]]
) -> None:
    client, prefix, opened = engine
    store = _four_audit_entries(opened)
    assert store.verify_audit().ok
    index = f"{prefix}-audit"
    if isinstance(client, OpenSearch):
        client.update(index=index, id="000000000002", body={"doc": {"actor": "mallory"}}, refresh="true")
    else:
        client.update(index=index, id="000000000002", doc={"actor": "mallory"}, refresh=True)
    edited = opened().verify_audit()
    assert not edited.ok and any("entry 2" in p and "edited" in p for p in edited.problems)
    client.delete(index=index, id="000000000003", refresh=True if isinstance(client, Elasticsearch) else "true")
    deleted = opened().verify_audit()
    assert any("missing" in p for p in deleted.problems), deleted


def test_removing_the_newest_audit_documents_is_caught_against_a_recorded_head(
    engine: tuple[Any, str, Callable[..., CaseService]]
) -> None:
    client, prefix, opened = engine
    store = _four_audit_entries(opened)
    head = store.audit_head()
    assert head is not None and head.seq == 4
    refresh: Any = True if isinstance(client, Elasticsearch) else "true"
    for doc_id in ("000000000004", "000000000003"):
        client.delete(index=f"{prefix}-audit", id=doc_id, refresh=refresh)
    truncated = opened()
    assert truncated.verify_audit().ok, "a shorter chain still holds together on its own"
    after = truncated.audit_head()
    assert after is not None and after.seq == 2, "the head the store reports went backwards"
    result = truncated.verify_audit([head])
    assert result.problems == ("entry 4: recorded as a head, but the chain ends before it (newest entries removed)",)


def test_cases_copied_from_a_mapping_without_authors_get_them(
    engine: tuple[Any, str, Callable[..., CaseService]], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, prefix, opened = engine
    opened(refresh=True).record_many([flagged("1", nip="111"), flagged("2", nip="222")])
    refresh: Any = True if isinstance(client, Elasticsearch) else "true"
    for case_id in ("x:1", "x:2"):  # what a case written before the author field looks like
        if isinstance(client, OpenSearch):
            client.update(index=f"{prefix}-cases", id=case_id, body={"doc": {"author": None}}, refresh=refresh)
        else:
            client.update(index=f"{prefix}-cases", id=case_id, doc={"author": None}, refresh=refresh)
    current = es_mappings.MAPPING_VERSION
    monkeypatch.setattr(es_mappings, "MAPPING_VERSION", current + 1)
    monkeypatch.setattr(search_repository, "AUTHOR_MAPPING", current + 1)
    migrated = opened(refresh=True)
    assert [c.case_id for c in migrated.queue(QueueQuery(author="x:asn222"), "ana").items] == ["x:2"]


def test_two_writers_share_one_chain(engine: tuple[Any, str, Callable[..., CaseService]]) -> None:
    _, _, opened = engine
    ana, budi = opened(refresh=True), opened(refresh=True)
    ana.record(snapshot())
    for _ in range(3):
        ana.case("x:1", "ana")
        budi.case("x:1", "budi")  # budi's cached head is stale each time: it must go after ana's entry
    result = ana.verify_audit()
    assert result.ok and result.entries == 7


def test_an_unreachable_node_is_unavailable_not_a_crash() -> None:
    port = free_port()
    with pytest.raises(Unavailable, match="unreachable"):
        ElasticsearchCaseStore(Elasticsearch(f"http://127.0.0.1:{port}", request_timeout=2, max_retries=0))
    with pytest.raises(Unavailable, match="unreachable"):
        OpenSearchCaseStore(OpenSearch(f"http://127.0.0.1:{port}", timeout=2, max_retries=0))


def test_open_store_picks_the_adapter_and_never_echoes_a_password(
    engine: tuple[Any, str, Callable[..., CaseService]], tmp_path: Any
) -> None:
    client, prefix, _ = engine
    if isinstance(client, OpenSearch):
        host = client.transport.hosts[0]
        url, expected = f"http://{host['host']}:{host['port']}?backend=opensearch&prefix={prefix}", "OpenSearchCaseStore"
    else:
        url, expected = f"{client.transport.node_pool.get().base_url}?prefix={prefix}", "ElasticsearchCaseStore"
    assert type(open_store(url)).__name__ == expected
    assert type(open_store(f"sqlite:///{tmp_path}/a.sqlite", create=True)).__name__ == "SqliteCaseStore"
    for bad in ("ftp://netra:s3cret@example", "http://netra:s3cret@127.0.0.1:1?replicas=two",
                "http://netra:s3cret@127.0.0.1:1?backend=solr", "http://netra:s3cret@127.0.0.1:port"):
        with pytest.raises(StoreError) as refused:
            open_store(bad)
        assert "s3cret" not in str(refused.value)


def _race(monkeypatch: pytest.MonkeyPatch, store: CaseService, write: Callable[[], object]) -> None:
    """Make `write` land between the store's next read of a case and its conditional update."""
    client = store._repo._client  # type: ignore[attr-defined]
    read = client.get
    pending = [write]

    def read_then_race(index: str, doc_id: str) -> dict[str, Any] | None:
        found = read(index, doc_id)
        while pending and "-cases" in index:
            pending.pop()()
        return found

    monkeypatch.setattr(client, "get", read_then_race)


def test_a_write_between_read_and_update_is_caught_by_seq_no(
    engine: tuple[Any, str, Callable[..., CaseService]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, opened = engine
    ana, budi = opened(refresh=True), opened(refresh=True)
    ana.record(snapshot())
    revision = _summary(ana).revision
    _race(monkeypatch, ana, lambda: budi.claim("x:1", "budi", revision))
    with pytest.raises(StaleCaseError):
        ana.claim("x:1", "ana", revision)
    assert _summary(ana).assignee == "budi"


def test_a_resighting_between_read_and_update_is_retried_not_refused(
    engine: tuple[Any, str, Callable[..., CaseService]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, opened = engine
    ana, indexer = opened(refresh=True), opened(refresh=True)
    ana.record(snapshot())
    revision = _summary(ana).revision
    _race(monkeypatch, ana, lambda: indexer.record(snapshot(captured_at="2024-12-01T00:00:00+00:00")))
    claimed = ana.claim("x:1", "ana", revision)
    assert (claimed.assignee, claimed.seen_count) == ("ana", 2)


def _summary(store: CaseService) -> CaseSummary:
    case = store.case("x:1", "test")
    assert case is not None
    return case.summary
