"""The `store` fixture: every contract test runs on the SQLite store and on a real Elasticsearch node."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from netra.store.base import CaseStore
from netra.store.elasticsearch import ElasticsearchCaseStore
from netra.store.es_mappings import KINDS, MAPPING_VERSION, alias
from netra.store.sqlite import SqliteCaseStore


def drop_indices(es: Elasticsearch, prefix: str) -> None:
    """Delete a test's indices and templates by exact name (the node refuses wildcards)."""
    names = [alias(prefix, kind) for kind in KINDS]
    indices = [f"{name}-v{version}" for name in names for version in range(1, MAPPING_VERSION + 2)]
    es.indices.delete(index=",".join(indices), ignore_unavailable=True)
    for name in names:
        es.indices.delete_index_template(name=name)


@pytest.fixture
def es_prefix(request: pytest.FixtureRequest) -> Iterator[tuple[Elasticsearch, str]]:
    """A client and an index prefix of this test alone; everything under it is deleted after."""
    es = Elasticsearch(request.getfixturevalue("elasticsearch_url"), request_timeout=30)
    prefix = f"netra-test-{uuid.uuid4().hex[:10]}"
    yield es, prefix
    drop_indices(es, prefix)
    es.close()


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseStore]:
    """A fresh, empty store of each adapter (Elasticsearch writes refresh at once)."""
    if request.param == "sqlite":
        sqlite_store = SqliteCaseStore(tmp_path / "cases.sqlite")
        yield sqlite_store
        sqlite_store.close()
        return
    es, prefix = request.getfixturevalue("es_prefix")
    yield ElasticsearchCaseStore(es, prefix=prefix, refresh=True)
