"""Index templates of the Elasticsearch store, created and migrated by the application."""

# Each kind of document lives in `<prefix>-<kind>-v<MAPPING_VERSION>` behind the alias
# `<prefix>-<kind>`. A newer MAPPING_VERSION creates the new index from its template, copies the
# documents client-side (scan + bulk: the reindex module is not on every node), then moves the
# alias in one atomic call. Only server-built-in types are used (see docs/store.md).

from typing import Any

from elasticsearch import Elasticsearch, NotFoundError, helpers
from elasticsearch.exceptions import BadRequestError

MAPPING_VERSION = 1
KINDS = ("cases", "snapshots", "audit")

_STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}
_OPAQUE = {"type": "object", "enabled": False}

PROPERTIES: dict[str, dict[str, Any]] = {
    "cases": {
        "case_id": {"type": "keyword"},
        "platform": {"type": "keyword"},
        "post_id": {"type": "keyword"},
        "status": {"type": "keyword"},
        "assignee": {"type": "keyword"},
        "escalated_to": {"type": "keyword"},
        "score": {"type": "float"},
        "categories": {"type": "keyword"},
        "elections": {"type": "keyword"},
        "nip": {"type": "keyword"},
        "nama": {"type": "keyword"},
        "instansi": {"type": "keyword"},
        "wilayah": {"type": "keyword"},
        "group_key": {"type": "keyword"},
        "text": {"type": "text", "analyzer": "standard"},
        "created_at": _STORED_ONLY,
        "posted_at": {"type": "date"},
        "first_seen": {"type": "date"},
        "last_seen": {"type": "date"},
        "updated_at": {"type": "date"},
        "seen_count": {"type": "integer"},
        "version_count": {"type": "integer"},
        "revision": {"type": "long"},
        "latest_post_sha256": _STORED_ONLY,
        "latest_versions": _STORED_ONLY,
        "snapshot_ids": _STORED_ONLY,
        "sighting_ids": _STORED_ONLY,
        "history": _OPAQUE,
        "notes": _OPAQUE,
    },
    "snapshots": {
        "snapshot_id": {"type": "keyword"},
        "case_id": {"type": "keyword"},
        "version": {"type": "integer"},
        "recorded_at": {"type": "date"},
        "body": {"type": "binary"},
    },
    "audit": {
        "at": {"type": "date"},
        "seq": {"type": "long"},
        "actor": {"type": "keyword"},
        "action": {"type": "keyword"},
        "case_ids": {"type": "keyword"},
        "detail": _OPAQUE,
    },
}


def alias(prefix: str, kind: str) -> str:
    """The name the store reads and writes through."""
    return f"{prefix}-{kind}"


def ensure_indices(es: Elasticsearch, prefix: str, replicas: int = 0) -> None:
    """Put the templates, create missing indices, migrate older ones; refuse a newer mapping."""
    for kind in KINDS:
        name = alias(prefix, kind)
        current = _current_index(es, name)
        target = f"{name}-v{MAPPING_VERSION}"
        if current is not None and _version(current) > MAPPING_VERSION:
            raise RuntimeError(f"{current} has a newer mapping than this Netra ({MAPPING_VERSION})")
        if _template_version(es, name) != MAPPING_VERSION:
            _put_template(es, name, kind, replicas)
        if current == target:
            continue
        if current is None:
            _create(es, target, name)
            continue
        _create(es, target, None)
        _copy(es, current, target)
        es.indices.refresh(index=target)
        es.indices.update_aliases(actions=[
            {"remove": {"index": current, "alias": name}},
            {"add": {"index": target, "alias": name, "is_write_index": True}},
        ])


def _put_template(es: Elasticsearch, name: str, kind: str, replicas: int) -> None:
    """The composable template every `<name>-v*` index is created from."""
    es.indices.put_index_template(
        name=name,
        index_patterns=[f"{name}-v*"],
        version=MAPPING_VERSION,
        template={
            "settings": {"number_of_shards": 1, "number_of_replicas": replicas},
            "mappings": {
                "dynamic": "strict",
                "_meta": {"netra_mapping_version": MAPPING_VERSION},
                "properties": PROPERTIES[kind],
            },
        },
    )


def _copy(es: Elasticsearch, source: str, target: str) -> None:
    """Copy every document, ids kept (scan + bulk in the client: no server-side _reindex needed)."""
    es.indices.refresh(index=source)
    hits = helpers.scan(es, index=source, query={"query": {"match_all": {}}}, preserve_order=False)
    helpers.bulk(es, ({"_index": target, "_id": h["_id"], "_source": h["_source"]} for h in hits))


def _current_index(es: Elasticsearch, name: str) -> str | None:
    """The index the alias points at, if any."""
    try:
        found = es.indices.get_alias(name=name)
    except NotFoundError:
        return None
    return sorted(found.body, key=_version)[-1]


def _template_version(es: Elasticsearch, name: str) -> int | None:
    """The version of the stored template, None if there is none."""
    try:
        found = es.indices.get_index_template(name=name)["index_templates"]
    except NotFoundError:
        return None
    return found[0]["index_template"].get("version") if found else None


def _create(es: Elasticsearch, index: str, alias_name: str | None) -> None:
    """Create an index from its template (with its alias when new); another process may have just done so."""
    aliases = {alias_name: {"is_write_index": True}} if alias_name else None
    try:
        es.indices.create(index=index, aliases=aliases)
    except BadRequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise


def _version(index: str) -> int:
    """The mapping version in an index name `<alias>-v<N>`."""
    return int(index.rsplit("-v", 1)[1])
