"""Queue queries as Elasticsearch query DSL: filters in filter context, full text, sort."""

from typing import Any

from netra.store.deadlines import NO_DEADLINE, Deadlines, shifted
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
    due_before = query_time(query.due_before, "due_before")
    if due_before is not None:
        filters.append(due_filter(query.deadlines, due_before))
    return {"bool": {"filter": filters}} if filters else {"match_all": {}}


def due_filter(deadlines: Deadlines, moment: str) -> dict[str, Any]:
    """Cases due before `moment`: in a status with a window, first seen before its bound."""
    return {"bool": {"minimum_should_match": 1, "should": [
        {"bool": {"filter": [{"term": {"status": status}}, {"range": {"first_seen": {"lt": bound}}}]}}
        for status, bound in deadlines.seen_before(moment)
    ] or [{"terms": {"status": []}}]}}


Stream = tuple[int | None, dict[str, Any], list[Any]]  # (window, query, sort) of one deadline search


def deadline_streams(query: QueueQuery, position: list[Any]) -> list[Stream]:
    """The "deadline" order without scripts: one search per window length, over the statuses that
    have it (due time is first_seen + window, so first_seen order is due order), then one for the
    cases without a window (by case id, always last); each as (window, query, sort), starting
    after `position` (due time, case id)."""
    if position and len(position) != 2:
        raise StoreError("cursor does not fit this sort order")
    due, case_id = position or (None, None)
    base = es_query(query)
    by_window: dict[int, list[str]] = {}
    for status, window in query.deadlines.windows:
        if query.status in (None, status) and due != NO_DEADLINE:
            by_window.setdefault(window, []).append(status)
    streams: list[Stream] = []
    for window, statuses in by_window.items():
        after: list[dict[str, Any]] = []
        if due is not None:
            bound = shifted(str(due), -window)
            after = [{"bool": {"minimum_should_match": 1, "should": [
                {"range": {"first_seen": {"gt": bound}}},
                {"bool": {"filter": [{"range": {"first_seen": {"gte": bound, "lte": bound}}},
                                     {"range": {"case_id": {"gt": case_id}}}]}},
            ]}}]
        streams.append((window, {"bool": {"filter": [base, {"terms": {"status": statuses}}, *after]}},
                        [{"first_seen": "asc"}, {"case_id": "asc"}]))
    rest: dict[str, Any] = {"bool": {"filter": [base], "must_not": [
        {"terms": {"status": [status for status, _ in query.deadlines.windows]}}]}}
    if due == NO_DEADLINE:
        rest["bool"]["filter"].append({"range": {"case_id": {"gt": case_id}}})
    streams.append((None, rest, [{"case_id": "asc"}]))
    return streams
