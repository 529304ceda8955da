"""The documents the Elasticsearch store writes, and the queue row read back from a case document."""

import base64
from typing import Any

from netra.store import workflow
from netra.store.model import CaseSummary
from netra.store.recording import Prepared


def new_case(prepared: Prepared, at: str) -> dict[str, Any]:
    """The first document of a case."""
    snapshot_id = prepared.snapshot_id
    return {
        **prepared.fields, "case_id": prepared.case_id, "status": workflow.NEW, "assignee": None,
        "escalated_to": None, "first_seen": at, "last_seen": at, "updated_at": at, "seen_count": 1,
        "version_count": 1, "revision": 1, "snapshot_ids": [snapshot_id], "sighting_ids": [snapshot_id],
        "history": [], "notes": [],
    }


def snapshot_document(prepared: Prepared, version: int, at: str) -> dict[str, Any]:
    """A snapshot document; the body is kept byte for byte (binary) under its SHA-256."""
    return {"snapshot_id": prepared.snapshot_id, "case_id": prepared.case_id, "version": version,
            "recorded_at": at, "body": base64.b64encode(prepared.body).decode()}


def summary(source: dict[str, Any], group_size: int = 1) -> CaseSummary:
    """The queue row of a case document (`_source`)."""
    return CaseSummary(
        source["case_id"], source["status"], source["score"], tuple(source["categories"]),
        tuple(source["elections"]), source.get("nip"), source.get("nama"), source.get("instansi"),
        source.get("wilayah"), source["created_at"], source["seen_count"], source["version_count"],
        source.get("assignee"), source.get("escalated_to"), source["group_key"], str(source["revision"]),
        group_size, source.get("first_seen"),
    )
