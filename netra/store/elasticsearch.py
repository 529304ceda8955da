"""The case store on Elasticsearch: the official client behind the search-engine repository."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from elasticsearch import (
    ApiError,
    BadRequestError,
    ConflictError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    NotFoundError,
    helpers,
)

from netra.failures import Rejected, Unavailable
from netra.store.errors import StoreError
from netra.store.search_client import UNAVAILABLE_STATUSES, search_after
from netra.store.search_repository import SearchCaseStore


class ElasticsearchCaseStore(SearchCaseStore):
    """Cases in Elasticsearch under `<prefix>-cases`, `-snapshots`, `-audit` and `-authors`."""

    def __init__(
        self, es: Elasticsearch, prefix: str = "netra", replicas: int = 0, refresh: bool = False
    ) -> None:
        super().__init__(ElasticsearchClient(es), prefix, replicas, refresh)

    @classmethod
    def connect(
        cls, url: str, prefix: str = "netra", replicas: int = 0, auth: tuple[str, str] | None = None
    ) -> "ElasticsearchCaseStore":
        """A store on the node at `url`, as the user `auth` names (None: the URL's, or none)."""
        return cls(Elasticsearch(url, basic_auth=auth, request_timeout=30), prefix=prefix, replicas=replicas)


class ElasticsearchClient:
    """`DocumentClient` on elasticsearch-py."""

    def __init__(self, es: Elasticsearch) -> None:
        self._es = es

    def get(self, index: str, doc_id: str) -> dict[str, Any] | None:
        with _errors():
            try:
                return dict(self._es.get(index=index, id=doc_id))
            except NotFoundError:
                return None

    def mget(self, index: str, ids: list[str]) -> list[dict[str, Any]]:
        with _errors():
            return list(self._es.mget(index=index, ids=ids)["docs"])

    def create(self, index: str, doc_id: str, document: dict[str, Any], refresh: bool) -> bool:
        with _errors(write=True):
            try:
                self._es.create(index=index, id=doc_id, document=document, refresh=refresh)
            except ConflictError:
                return False
        return True

    def update_if(
        self, index: str, doc_id: str, change: dict[str, Any], seq_no: int, primary_term: int, refresh: bool
    ) -> bool:
        with _errors(write=True):
            try:
                self._es.update(index=index, id=doc_id, doc=change, refresh=refresh, if_seq_no=seq_no,
                                if_primary_term=primary_term)
            except ConflictError:
                return False
        return True

    def bulk(self, operations: list[dict[str, Any]], refresh: bool) -> list[dict[str, Any]]:
        with _errors():
            return list(self._es.bulk(operations=operations, refresh=refresh)["items"])

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        with _errors():
            return dict(self._es.search(index=index, body=body))

    def count(self, index: str) -> int:
        with _errors():
            return int(self._es.count(index=index)["count"])

    def refresh(self, indices: list[str]) -> None:
        with _errors():
            self._es.indices.refresh(index=indices)

    def template_version(self, name: str) -> int | None:
        with _errors():
            try:
                found = self._es.indices.get_index_template(name=name)["index_templates"]
            except NotFoundError:
                return None
        return found[0]["index_template"].get("version") if found else None

    def put_template(self, name: str, body: dict[str, Any]) -> None:
        with _errors():
            self._es.indices.put_index_template(name=name, **body)

    def alias_targets(self, alias: str) -> list[str]:
        with _errors():
            try:
                return list(self._es.indices.get_alias(name=alias).body)
            except NotFoundError:
                return []

    def create_index(self, index: str, alias: str | None) -> None:
        with _errors():
            try:
                aliases = {alias: {"is_write_index": True}} if alias else None
                self._es.indices.create(index=index, aliases=aliases)
            except BadRequestError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise

    def copy(self, source: str, target: str) -> None:
        with _errors():
            self._es.indices.refresh(index=source)
            hits = helpers.scan(self._es, index=source, query={"query": {"match_all": {}}})
            helpers.bulk(self._es, ({"_index": target, "_id": h["_id"], "_source": h["_source"]}
                                    for h in hits))
            self._es.indices.refresh(index=target)

    def move_alias(self, alias: str, old: str, new: str) -> None:
        with _errors():
            self._es.indices.update_aliases(actions=[
                {"remove": {"index": old, "alias": alias}},
                {"add": {"index": new, "alias": alias, "is_write_index": True}},
            ])

    def scan(self, index: str, query: dict[str, Any], sort: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
        return search_after(self, index, query, sort)

    def close(self) -> None:
        self._es.close()


@contextmanager
def _errors(write: bool = False) -> Iterator[None]:
    """Connection trouble and overload as Unavailable; a refused document write as Rejected."""
    try:
        yield
    except (ConnectionError, ConnectionTimeout) as exc:
        raise Unavailable(f"Elasticsearch unreachable: {type(exc).__name__}") from exc
    except ApiError as exc:
        if exc.meta.status in UNAVAILABLE_STATUSES:
            raise Unavailable(f"Elasticsearch overloaded or unavailable ({exc.meta.status})") from exc
        if exc.meta.status == 400:
            if write:
                raise Rejected(f"Elasticsearch refused the document: {str(exc)[:300]}") from exc
            raise StoreError(f"Elasticsearch refused the request: {str(exc)[:300]}") from exc
        raise
