"""A snapshot made ready for any repository: its case id, bytes, SHA-256 and case fields, or Rejected."""

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from netra.domain.snapshot import Snapshot, encode_snapshot
from netra.failures import Rejected
from netra.store.fields import case_fields
from netra.store.ids import case_id_for
from netra.store.limits import MAX_POST_ID_BYTES, keyword_fits


class Outcome(StrEnum):
    """What writing one snapshot did to its case."""

    NEW_CASE = "new_case"
    NEW_VERSION = "new_version"
    SIGHTING = "sighting"
    REPLAY = "replay"  # these exact bytes were stored before: nothing written


@dataclass(frozen=True, slots=True)
class Prepared:
    """One snapshot as every adapter stores it."""

    snapshot: Snapshot
    case_id: str
    body: bytes
    snapshot_id: str
    fields: dict[str, Any]


def prepare(snapshot: Snapshot) -> Prepared:
    """The snapshot's stored form; Rejected for one no store can keep (a date out of range, a huge field)."""
    post = snapshot.post
    key = post.key  # what the stage runner names the record by
    size = len(post.post_id.encode("utf-8", "surrogatepass"))
    if size > MAX_POST_ID_BYTES:
        raise Rejected(f"post_id is {size} bytes; the store keeps at most {MAX_POST_ID_BYTES}", key)
    case_id = case_id_for(post.platform, post.post_id)
    try:
        fields = case_fields(snapshot, case_id)
    except (ValueError, OverflowError) as exc:
        raise Rejected(f"created_at {post.created_at[:40]!r} is not a storable time:"
                       f" {type(exc).__name__}: {exc}", key) from None
    for name in ("platform", "nip", "nama", "instansi", "wilayah", "author"):
        keyword_fits(fields[name], name, key)
    for name in ("categories", "elections"):
        for value in fields[name]:
            keyword_fits(value, name, key)
    body = encode_snapshot(snapshot)
    return Prepared(snapshot, case_id, body, hashlib.sha256(body).hexdigest(), fields)
