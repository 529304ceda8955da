"""Index templates of the search-engine stores (Elasticsearch, OpenSearch), made and migrated by the app."""

# Each kind of document lives in `<prefix>-<kind>-v<MAPPING_VERSION>` behind the alias
# `<prefix>-<kind>`. A newer MAPPING_VERSION creates the new index from its template, copies the
# documents client-side (scan + bulk: the reindex module is not on every node), then moves the
# alias in one atomic call. Only server-built-in types are used (see docs/store.md).

from typing import Any

from netra.store.search_client import DocumentClient

MAPPING_VERSION = 3
KINDS = ("cases", "snapshots", "audit", "authors")

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
        # version 3: the author key of the latest post ("other posts by the same author")
        "author": {"type": "keyword"},
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
        # version 2: the hash chain, and the snapshots a `record` entry names (to find a missing one)
        "prev": _STORED_ONLY,
        "hash": {"type": "keyword"},
        "snapshot_ids": {"type": "keyword"},
    },
    "authors": {
        "author": {"type": "keyword"},
        "judgements": _OPAQUE,
        "facts": _OPAQUE,
        "facts_at": {"type": "date"},
    },
}


def alias(prefix: str, kind: str) -> str:
    """The name the store reads and writes through."""
    return f"{prefix}-{kind}"


def ensure_indices(client: DocumentClient, prefix: str, replicas: int = 0) -> dict[str, int]:
    """Put the templates, create missing indices, migrate older ones; refuse a newer mapping.

    Returns the kinds copied from an older index, each with the mapping version it had.
    """
    migrated: dict[str, int] = {}
    for kind in KINDS:
        name = alias(prefix, kind)
        targets = client.alias_targets(name)
        current = sorted(targets, key=_version)[-1] if targets else None
        target = f"{name}-v{MAPPING_VERSION}"
        if current is not None and _version(current) > MAPPING_VERSION:
            raise RuntimeError(f"{current} has a newer mapping than this Netra ({MAPPING_VERSION})")
        if client.template_version(name) != MAPPING_VERSION:
            client.put_template(name, _template(name, kind, replicas))
        if current == target:
            continue
        if current is None:
            client.create_index(target, name)
            continue
        client.create_index(target, None)
        client.copy(current, target)
        client.move_alias(name, current, target)
        migrated[kind] = _version(current)
    return migrated


def _template(name: str, kind: str, replicas: int) -> dict[str, Any]:
    """The composable template every `<name>-v*` index is created from."""
    return {
        "index_patterns": [f"{name}-v*"],
        "version": MAPPING_VERSION,
        "template": {
            "settings": {"number_of_shards": 1, "number_of_replicas": replicas},
            "mappings": {
                "dynamic": "strict",
                "_meta": {"netra_mapping_version": MAPPING_VERSION},
                "properties": PROPERTIES[kind],
            },
        },
    }


def _version(index: str) -> int:
    """The mapping version in an index name `<alias>-v<N>`."""
    return int(index.rsplit("-v", 1)[1])
