"""The `store` fixture: every contract test runs on SQLite and on real Elasticsearch and OpenSearch nodes."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from opensearchpy import OpenSearch

from netra.store.elasticsearch import ElasticsearchCaseStore, ElasticsearchClient
from netra.store.es_mappings import KINDS, MAPPING_VERSION, alias
from netra.store.opensearch import OpenSearchCaseStore, OpenSearchClient
from netra.store.search_client import DocumentClient
from netra.store.service import CaseService
from netra.store.sqlite import SqliteCaseStore

ADAPTERS = [
    "sqlite",
    pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
    pytest.param("opensearch", marks=pytest.mark.opensearch),
]


def drop_indices(es: Elasticsearch, prefix: str) -> None:
    """Delete a test's indices and templates by exact name (the node refuses wildcards)."""
    names = [alias(prefix, kind) for kind in KINDS]
    indices = [f"{name}-v{version}" for name in names for version in range(1, MAPPING_VERSION + 2)]
    es.indices.delete(index=",".join(indices), ignore_unavailable=True)
    for name in names:
        es.options(ignore_status=404).indices.delete_index_template(name=name)


@pytest.fixture
def es_prefix(request: pytest.FixtureRequest) -> Iterator[tuple[Elasticsearch, str]]:
    """A client and an index prefix of this test alone; everything under it is deleted after."""
    es = Elasticsearch(request.getfixturevalue("elasticsearch_url"), request_timeout=30)
    prefix = f"netra-test-{uuid.uuid4().hex[:10]}"
    yield es, prefix
    drop_indices(es, prefix)
    es.close()


@pytest.fixture
def os_prefix(request: pytest.FixtureRequest) -> Iterator[tuple[OpenSearch, str]]:
    """An OpenSearch client and an index prefix of this test alone; everything under it is deleted after."""
    client = OpenSearch(request.getfixturevalue("opensearch_url"), timeout=30)
    prefix = f"netra-test-{uuid.uuid4().hex[:10]}"
    yield client, prefix
    names = [alias(prefix, kind) for kind in KINDS]
    client.indices.delete(index=",".join(f"{n}-v{v}" for n in names for v in range(1, MAPPING_VERSION + 2)),
                          ignore_unavailable=True)
    for name in names:
        client.indices.delete_index_template(name=name, ignore=[404])
    client.close()


@pytest.fixture(params=ADAPTERS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, object]]:
    """Which adapter, and what opens a store on the same data again (a restart)."""
    if request.param == "sqlite":
        yield "sqlite", lambda: SqliteCaseStore(tmp_path / "cases.sqlite")
    elif request.param == "elasticsearch":
        es, prefix = request.getfixturevalue("es_prefix")
        yield "elasticsearch", lambda: ElasticsearchCaseStore(es, prefix=prefix, refresh=True)
    else:
        client, prefix = request.getfixturevalue("os_prefix")
        yield "opensearch", lambda: OpenSearchCaseStore(client, prefix=prefix, refresh=True)


@pytest.fixture
def store(backend: tuple[str, object]) -> Iterator[CaseService]:
    """A fresh, empty store of each adapter (search-engine writes refresh at once)."""
    _, opened = backend
    case_store = opened()  # type: ignore[operator]
    yield case_store
    if isinstance(case_store, SqliteCaseStore):
        case_store.close()


def raw_client(backend_name: str, request: pytest.FixtureRequest) -> tuple[DocumentClient, str]:
    """The engine-neutral client and prefix under a search-engine store (to tamper with it in tests)."""
    if backend_name == "elasticsearch":
        es, prefix = request.getfixturevalue("es_prefix")
        return ElasticsearchClient(es), prefix
    client, prefix = request.getfixturevalue("os_prefix")
    return OpenSearchClient(client), prefix
