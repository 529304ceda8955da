"""The case store on OpenSearch (Apache-2.0): opensearch-py behind the search-engine repository."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import (
    ConflictError,
    ConnectionError,
    ConnectionTimeout,
    NotFoundError,
    RequestError,
    TransportError,
)

from netra.failures import Rejected, Unavailable
from netra.store.errors import StoreError
from netra.store.search_client import UNAVAILABLE_STATUSES, search_after
from netra.store.search_repository import SearchCaseStore


class OpenSearchCaseStore(SearchCaseStore):
    """Cases in OpenSearch, with the same indices, mappings and queries as on Elasticsearch."""

    def __init__(
        self, client: OpenSearch, prefix: str = "netra", replicas: int = 0, refresh: bool = False
    ) -> None:
        super().__init__(OpenSearchClient(client), prefix, replicas, refresh)

    @classmethod
    def connect(
        cls, url: str, prefix: str = "netra", replicas: int = 0, auth: tuple[str, str] | None = None
    ) -> "OpenSearchCaseStore":
        """A store on the node at `url`, as the user `auth` names (None: the URL's, or none)."""
        return cls(OpenSearch(url, http_auth=auth, timeout=30), prefix=prefix, replicas=replicas)


class OpenSearchClient:
    """`DocumentClient` on opensearch-py (request bodies as `body=`, URL parameters as keywords)."""

    def __init__(self, client: OpenSearch) -> None:
        self._os = client

    def get(self, index: str, doc_id: str) -> dict[str, Any] | None:
        with _errors():
            try:
                return dict(self._os.get(index=index, id=doc_id))
            except NotFoundError:
                return None

    def mget(self, index: str, ids: list[str]) -> list[dict[str, Any]]:
        with _errors():
            return list(self._os.mget(index=index, body={"ids": ids})["docs"])

    def create(self, index: str, doc_id: str, document: dict[str, Any], refresh: bool) -> bool:
        with _errors(write=True):
            try:
                self._os.create(index=index, id=doc_id, body=document, refresh=_flag(refresh))
            except ConflictError:
                return False
        return True

    def update_if(
        self, index: str, doc_id: str, change: dict[str, Any], seq_no: int, primary_term: int, refresh: bool
    ) -> bool:
        with _errors(write=True):
            try:
                self._os.update(index=index, id=doc_id, body={"doc": change}, refresh=_flag(refresh),
                                if_seq_no=seq_no, if_primary_term=primary_term)
            except ConflictError:
                return False
        return True

    def bulk(self, operations: list[dict[str, Any]], refresh: bool) -> list[dict[str, Any]]:
        with _errors():
            return list(self._os.bulk(body=operations, refresh=_flag(refresh))["items"])

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        with _errors():
            return dict(self._os.search(index=index, body=body))

    def count(self, index: str) -> int:
        with _errors():
            return int(self._os.count(index=index)["count"])

    def refresh(self, indices: list[str]) -> None:
        with _errors():
            self._os.indices.refresh(index=",".join(indices))

    def template_version(self, name: str) -> int | None:
        with _errors():
            try:
                found = self._os.indices.get_index_template(name=name)["index_templates"]
            except NotFoundError:
                return None
        return found[0]["index_template"].get("version") if found else None

    def put_template(self, name: str, body: dict[str, Any]) -> None:
        with _errors():
            self._os.indices.put_index_template(name=name, body=body)

    def alias_targets(self, alias: str) -> list[str]:
        with _errors():
            try:
                return list(self._os.indices.get_alias(name=alias))
            except NotFoundError:
                return []

    def create_index(self, index: str, alias: str | None) -> None:
        with _errors():
            try:
                self._os.indices.create(index=index, body={"aliases": {alias: {"is_write_index": True}}}
                                        if alias else None)
            except RequestError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise

    def copy(self, source: str, target: str) -> None:
        with _errors():
            self._os.indices.refresh(index=source)
            hits = helpers.scan(self._os, index=source, query={"query": {"match_all": {}}})
            helpers.bulk(self._os, ({"_index": target, "_id": h["_id"], "_source": h["_source"]}
                                    for h in hits))
            self._os.indices.refresh(index=target)

    def move_alias(self, alias: str, old: str, new: str) -> None:
        with _errors():
            self._os.indices.update_aliases(body={"actions": [
                {"remove": {"index": old, "alias": alias}},
                {"add": {"index": new, "alias": alias, "is_write_index": True}},
            ]})

    def scan(self, index: str, query: dict[str, Any], sort: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
        return search_after(self, index, query, sort)

    def close(self) -> None:
        self._os.close()


def _flag(refresh: bool) -> str:
    """opensearch-py passes URL parameters as strings."""
    return "true" if refresh else "false"


@contextmanager
def _errors(write: bool = False) -> Iterator[None]:
    """Connection trouble and overload as Unavailable; a refused document write as Rejected."""
    try:
        yield
    except (ConnectionError, ConnectionTimeout) as exc:
        raise Unavailable(f"OpenSearch unreachable: {type(exc).__name__}") from exc
    except TransportError as exc:
        status = exc.status_code if isinstance(exc.status_code, int) else 0
        if status in UNAVAILABLE_STATUSES:
            raise Unavailable(f"OpenSearch overloaded or unavailable ({status})") from exc
        if status == 400:
            if write:
                raise Rejected(f"OpenSearch refused the document: {str(exc)[:300]}") from exc
            raise StoreError(f"OpenSearch refused the request: {str(exc)[:300]}") from exc
        raise
