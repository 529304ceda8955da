"""The JSON bundle of a case file: the snapshot bytes as stored, with readable copies that
`netra verify` checks against them (format: docs/case-file.md)."""

import base64
import hashlib
import json
from dataclasses import asdict
from typing import Any

import msgspec

from netra.domain.snapshot import encode_snapshot
from netra.store.model import AuditEntry, Case

FORMAT = "netra-case-file"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 64 * 1024 * 1024  # what `netra verify` reads at most; an export never exceeds it
AUDIT_LIMIT = 500  # newest audit entries naming the case that an export looks at (the store's page bound)
READS = ("read_case", "read_queue")  # audit entries of reads: who looked, not what was done


class BundleError(Exception):
    """A case that cannot be exported as a verifiable bundle (the message says why)."""


def snapshot_bytes(case: Case) -> list[bytes]:
    """Each snapshot's bytes exactly as stored: re-encoding reproduces them, proved by their SHA-256."""
    found = [encode_snapshot(snapshot) for snapshot in case.snapshots]
    for body, stored_id in zip(found, case.snapshot_ids, strict=True):
        if hashlib.sha256(body).hexdigest() != stored_id:
            raise BundleError(f"snapshot {stored_id} does not re-encode to its stored bytes")
    return found


def audit_trail(entries: list[AuditEntry]) -> tuple[list[dict[str, Any]], bool]:
    """The chained entries that record or change the case, oldest first, and whether none was cut off."""
    complete = len(entries) < AUDIT_LIMIT
    kept = [_chained(entry) for entry in reversed(entries) if entry.action not in READS and entry.hash]
    return kept, complete


def build(
    case: Case, trail: list[AuditEntry], exported_by: dict[str, str], exported_at: str
) -> dict[str, Any]:
    """The bundle of one case; `trail` is the store's newest audit entries about it (newest first)."""
    bodies = snapshot_bytes(case)
    audit, complete = audit_trail(trail)
    latest = case.snapshots[-1]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at,
        "exported_by": exported_by,
        "case": msgspec.to_builtins(case.summary),
        "snapshots": [
            {"sha256": stored_id, "bytes_base64": base64.b64encode(body).decode("ascii")}
            for stored_id, body in zip(case.snapshot_ids, bodies, strict=True)
        ],
        "decisions": [
            {"snapshot_sha256": stored_id, "post_sha256": snapshot.post_sha256,
             "captured_at": snapshot.captured_at, "collector": snapshot.collector,
             "decision": msgspec.to_builtins(snapshot.decision)}
            for stored_id, snapshot in zip(case.snapshot_ids, case.snapshots, strict=True)
        ],
        "registry_entry": msgspec.to_builtins(latest.registry_entry),
        "history": [asdict(entry) for entry in case.history],
        "notes": [asdict(note) for note in case.notes],
        "audit": audit,
        "audit_complete": complete,
    }


def encode(bundle: dict[str, Any]) -> bytes:
    """The bundle as UTF-8 JSON; BundleError when `netra verify` would refuse its size."""
    data = json.dumps(bundle, indent=1).encode("ascii")  # non-ASCII (even a lone surrogate) as \u escapes
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError(f"the bundle would be {len(data)} bytes; the limit is {MAX_BUNDLE_BYTES}")
    return data


def _chained(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry exactly as its hash was computed (netra/store/audit_chain.py)."""
    return {"at": entry.at, "actor": entry.actor, "action": entry.action, "case_ids": list(entry.case_ids),
            "detail": entry.detail, "seq": entry.seq, "prev": entry.prev, "hash": entry.hash}
