"""The thin client layer under the search-engine store: the few calls it makes, per engine.

`SearchRepository` (netra/store/search_repository.py) speaks only this protocol; each engine's
module (elasticsearch.py, opensearch.py) maps it onto its official client and turns its errors
into `Unavailable` (connection, timeout, 429/5xx: retry later) and `Rejected` (a document
write refused with 400: never storable). Like yente's provider/ layer.
"""

from collections.abc import Iterator
from typing import Any, Protocol

UNAVAILABLE_STATUSES = frozenset({429, 502, 503, 504})


class DocumentClient(Protocol):
    """Document, search and index-management calls, in engine-neutral shapes."""

    def get(self, index: str, doc_id: str) -> dict[str, Any] | None:
        """A real-time GET (`_source`, `_seq_no`, `_primary_term`), None when missing."""
        ...

    def mget(self, index: str, ids: list[str]) -> list[dict[str, Any]]:
        """Real-time multi-get; each doc has `_id`, `found` and `_source` when found."""
        ...

    def create(self, index: str, doc_id: str, document: dict[str, Any], refresh: bool) -> bool:
        """Create a document; False when the id exists."""
        ...

    def update_if(
        self, index: str, doc_id: str, change: dict[str, Any], seq_no: int, primary_term: int, refresh: bool
    ) -> bool:
        """Partial update guarded by seq_no/primary_term; False when someone wrote first."""
        ...

    def bulk(self, operations: list[dict[str, Any]], refresh: bool) -> list[dict[str, Any]]:
        """A bulk request (action and source lines); the per-item results, in order."""
        ...

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        """A search request with a DSL body."""
        ...

    def count(self, index: str) -> int:
        """How many documents the index holds."""
        ...

    def refresh(self, indices: list[str]) -> None:
        """Make every write so far searchable."""
        ...

    def template_version(self, name: str) -> int | None:
        """The `version` of a composable index template, None if there is none."""
        ...

    def put_template(self, name: str, body: dict[str, Any]) -> None:
        """Put a composable index template."""
        ...

    def alias_targets(self, alias: str) -> list[str]:
        """The indices an alias points at ([] when there is no such alias)."""
        ...

    def create_index(self, index: str, alias: str | None) -> None:
        """Create an index from its template (with a write alias); nothing if it already exists."""
        ...

    def copy(self, source: str, target: str) -> None:
        """Copy every document, ids kept (scan + bulk in the client: no _reindex module needed)."""
        ...

    def move_alias(self, alias: str, old: str, new: str) -> None:
        """Point the alias from old to new in one atomic call."""
        ...

    def scan(self, index: str, query: dict[str, Any], sort: list[dict[str, str]]) -> Iterator[dict[str, Any]]:
        """Every hit of a query, in `sort` order (search_after pages)."""
        ...

    def close(self) -> None:
        """Close the connections."""
        ...


def search_after(client: DocumentClient, index: str, query: dict[str, Any],
                 sort: list[dict[str, str]], page: int = 1000) -> Iterator[dict[str, Any]]:
    """Every hit in `sort` order, page by page (the sort must be total)."""
    position: list[Any] | None = None
    while True:
        body: dict[str, Any] = {"query": query, "sort": sort, "size": page, "track_total_hits": False}
        if position is not None:
            body["search_after"] = position
        hits = client.search(index, body)["hits"]["hits"]
        yield from hits
        if len(hits) < page:
            return
        position = hits[-1]["sort"]
