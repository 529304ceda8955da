"""Queue queries as Elasticsearch query DSL: filters in filter context, full text, sort."""

from typing import Any

from netra.store.errors import StoreError
from netra.store.fields import query_time
from netra.store.model import SORTS, QueueQuery

SORT: dict[str, list[dict[str, str]]] = {
    "score": [{"score": "desc"}, {"posted_at": "desc"}, {"case_id": "desc"}],
    "time": [{"posted_at": "desc"}, {"case_id": "desc"}],
}
_TERMS = {
    "status": "status", "category": "categories", "election": "elections", "wilayah": "wilayah",
    "instansi": "instansi", "assignee": "assignee", "author": "author",
}


def es_query(query: QueueQuery) -> dict[str, Any]:
    """A bool query: every filter cached in filter context; the text match (all words) as well."""
    if query.sort not in SORTS:
        raise StoreError(f"sort must be one of {', '.join(SORTS)}")
    filters: list[dict[str, Any]] = [
        {"term": {field: getattr(query, name)}}
        for name, field in _TERMS.items() if getattr(query, name) is not None
    ]
    if query.wilayah_in is not None:
        filters.append({"terms": {"wilayah": list(query.wilayah_in)}})
    start, end = query_time(query.posted_from, "posted_from"), query_time(query.posted_to, "posted_to")
    posted = {op: value for op, value in (("gte", start), ("lt", end)) if value}
    if posted:
        filters.append({"range": {"posted_at": posted}})
    score = {
        op: value for op, value in (("gte", query.min_score), ("lte", query.max_score)) if value is not None
    }
    if score:
        filters.append({"range": {"score": score}})
    if query.text and query.text.strip():
        filters.append({"match": {"text": {"query": query.text, "operator": "and"}}})
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}
