"""The Elasticsearch node from deploy/elasticsearch is real: the official client drives it.

Covers what the review-queue store needs: a mapping with keyword/text/date/float fields,
bulk indexing, filtered + sorted search, deep pagination with search_after (plain and with a
point in time), terms aggregations, and optimistic concurrency (a stale if_seq_no is refused
with 409, the document keeps the winning write).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from elasticsearch import BadRequestError, ConflictError, Elasticsearch, helpers

pytestmark = pytest.mark.elasticsearch

STATUSES = ["new", "in_review", "confirmed", "dismissed"]
REGIONS = ["31.71", "32.73", "35.78"]
N_DOCS = 120


def _doc(i: int) -> dict:
    return {
        "case_id": f"case-{i:04d}",
        "status": STATUSES[i % 4],
        "region": REGIONS[i % 3],
        "text": f"ASN unggah dukungan untuk calon nomor {i % 5} kampanye pemilu",
        "captured_at": f"2024-01-{(i % 28) + 1:02d}T{i % 24:02d}:00:00Z",
        "score": round((i % 50) / 50, 2),
    }


@pytest.fixture(scope="module")
def es(elasticsearch_url: str) -> Iterator[Elasticsearch]:
    client = Elasticsearch(elasticsearch_url, request_timeout=30)
    yield client
    client.close()


@pytest.fixture(scope="module")
def index(es: Elasticsearch) -> Iterator[str]:
    name = f"netra-infra-{uuid.uuid4().hex[:8]}"
    es.indices.create(
        index=name,
        settings={"number_of_shards": 1, "number_of_replicas": 0},
        mappings={
            "dynamic": "strict",
            "properties": {
                "case_id": {"type": "keyword"},
                "status": {"type": "keyword"},
                "region": {"type": "keyword"},
                "text": {"type": "text"},
                "captured_at": {"type": "date"},
                "score": {"type": "float"},
            },
        },
    )
    ok, errors = helpers.bulk(
        es,
        ({"_index": name, "_id": d["case_id"], **d} for d in map(_doc, range(N_DOCS))),
        refresh="wait_for",
    )
    assert (ok, errors) == (N_DOCS, [])
    yield name
    es.indices.delete(index=name)


def test_node_identifies_as_elasticsearch(es: Elasticsearch) -> None:
    info = es.info()
    assert info["version"]["number"].split(".")[0] in {"8", "9"}
    assert info["tagline"] == "You Know, for Search"
    assert es.cluster.health(wait_for_status="green", timeout="30s")["status"] == "green"


def test_mapping_is_what_we_asked_for(es: Elasticsearch, index: str) -> None:
    props = es.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert {k: v["type"] for k, v in props.items()} == {
        "case_id": "keyword",
        "status": "keyword",
        "region": "keyword",
        "text": "text",
        "captured_at": "date",
        "score": "float",
    }
    with pytest.raises(BadRequestError) as err:  # strict mapping refuses unknown fields
        es.index(index=index, id="bad", document={"nope": 1})
    assert err.value.meta.status == 400
    assert "strict_dynamic_mapping_exception" in str(err.value)


def test_filtered_sorted_search(es: Elasticsearch, index: str) -> None:
    query = {
        "bool": {
            "must": [{"match": {"text": "kampanye"}}],
            "filter": [
                {"term": {"status": "new"}},
                {"terms": {"region": ["31.71", "35.78"]}},
                {"range": {"captured_at": {"gte": "2024-01-05", "lt": "2024-01-25"}}},
                {"range": {"score": {"gte": 0.2}}},
            ],
        }
    }
    expected = sorted(
        (
            d
            for d in map(_doc, range(N_DOCS))
            if d["status"] == "new"
            and d["region"] in {"31.71", "35.78"}
            and "2024-01-05" <= d["captured_at"] < "2024-01-25"
            and d["score"] >= 0.2
        ),
        key=lambda d: (-d["score"], d["case_id"]),
    )
    assert expected, "test data must match something"
    resp = es.search(
        index=index,
        query=query,
        sort=[{"score": "desc"}, {"case_id": "asc"}],
        size=100,
        track_total_hits=True,
    )
    assert resp["hits"]["total"] == {"value": len(expected), "relation": "eq"}
    assert [h["_id"] for h in resp["hits"]["hits"]] == [d["case_id"] for d in expected]
    assert es.count(index=index, query=query)["count"] == len(expected)


def _pages(es: Elasticsearch, page_size: int, **search: object) -> list[list[str]]:
    pages: list[list[str]] = []
    after = None
    while True:
        extra: dict[str, object] = {"search_after": after} if after is not None else {}
        hits = es.search(size=page_size, **search, **extra)["hits"]["hits"]  # type: ignore[arg-type]
        if not hits:
            return pages
        pages.append([h["_source"]["case_id"] for h in hits])
        after = hits[-1]["sort"]


def test_search_after_walks_every_document_once(es: Elasticsearch, index: str) -> None:
    sort = [{"captured_at": "desc"}, {"case_id": "asc"}]
    pages = _pages(es, 25, index=index, sort=sort, query={"match_all": {}})
    ids = [i for page in pages for i in page]
    assert len(pages) == 5 and len(ids) == N_DOCS and len(set(ids)) == N_DOCS
    everything = es.search(index=index, sort=sort, size=N_DOCS)["hits"]["hits"]
    assert ids == [h["_id"] for h in everything]

    pit = es.open_point_in_time(index=index, keep_alive="1m")["id"]
    try:
        with_pit = _pages(es, 40, pit={"id": pit, "keep_alive": "1m"}, sort=sort)
    finally:
        es.close_point_in_time(id=pit)
    assert [i for page in with_pit for i in page] == ids


def test_terms_aggregations(es: Elasticsearch, index: str) -> None:
    resp = es.search(
        index=index,
        size=0,
        query={"range": {"score": {"gte": 0.5}}},
        aggs={
            "by_status": {"terms": {"field": "status"}},
            "by_region": {
                "terms": {"field": "region", "order": {"_key": "asc"}},
                "aggs": {"max_score": {"max": {"field": "score"}}},
            },
            "per_day": {"date_histogram": {"field": "captured_at", "calendar_interval": "week"}},
        },
    )
    docs = [d for d in map(_doc, range(N_DOCS)) if d["score"] >= 0.5]
    by_status = {b["key"]: b["doc_count"] for b in resp["aggregations"]["by_status"]["buckets"]}
    assert by_status == {s: sum(d["status"] == s for d in docs) for s in STATUSES}
    regions = resp["aggregations"]["by_region"]["buckets"]
    assert [b["key"] for b in regions] == sorted(REGIONS)
    for b in regions:
        want = max(d["score"] for d in docs if d["region"] == b["key"])
        assert b["max_score"]["value"] == pytest.approx(want)
    assert sum(b["doc_count"] for b in resp["aggregations"]["per_day"]["buckets"]) == len(docs)


def test_stale_optimistic_update_is_refused(es: Elasticsearch, index: str) -> None:
    doc_id = "case-0007"
    seen = es.get(index=index, id=doc_id)
    seq_no, term = seen["_seq_no"], seen["_primary_term"]

    # Reviewer A claims the case with the version it read: accepted.
    won = es.update(
        index=index,
        id=doc_id,
        doc={"status": "in_review"},
        if_seq_no=seq_no,
        if_primary_term=term,
        refresh="wait_for",
    )
    assert won["result"] == "updated" and won["_seq_no"] > seq_no

    # Reviewer B still holds the old version: refused with 409, by update and by index.
    with pytest.raises(ConflictError) as err:
        es.update(index=index, id=doc_id, doc={"status": "dismissed"}, if_seq_no=seq_no, if_primary_term=term)
    assert err.value.meta.status == 409
    assert "version_conflict_engine_exception" in str(err.value)
    with pytest.raises(ConflictError):
        es.index(
            index=index,
            id=doc_id,
            document={**seen["_source"], "status": "dismissed"},
            if_seq_no=seq_no,
            if_primary_term=term,
        )

    now = es.get(index=index, id=doc_id)
    assert now["_source"]["status"] == "in_review"
    assert now["_seq_no"] == won["_seq_no"]

    # op_type=create refuses a second case with the same id (duplicate post) with 409 too.
    with pytest.raises(ConflictError):
        es.create(index=index, id=doc_id, document=seen["_source"])
