"""The JSON bundle of a case file: the snapshot bytes as stored, with readable copies that
`netra verify` checks against them (format: docs/case-file.md)."""

import base64
import hashlib
import json
from dataclasses import asdict
from typing import Any

import msgspec

from netra.domain.snapshot import encode_snapshot
from netra.store.base import CaseStore
from netra.store.model import AuditEntry, Case

FORMAT = "netra-case-file"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 64 * 1024 * 1024  # what `netra verify` reads at most; an export never exceeds it
AUDIT_LIMIT = 500  # newest audit entries of a case that an export reads (the store's page bound)
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


def audit_trail(store: CaseStore, case_id: str) -> tuple[list[dict[str, Any]], bool]:
    """The audit entries that record or change the case (reads left out), oldest first, and whether
    none was cut off by the store's page bound."""
    entries = store.audit(case_id, AUDIT_LIMIT, without=READS)
    return [_chained(entry) for entry in reversed(entries)], len(entries) < AUDIT_LIMIT


def build(
    case: Case, trail: tuple[list[dict[str, Any]], bool], exported_by: dict[str, str], exported_at: str
) -> dict[str, Any]:
    """The bundle of one case with its `audit_trail`."""
    bodies = snapshot_bytes(case)
    audit, complete = trail
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
    """An audit entry exactly as its hash was computed (netra/store/audit_chain.py); one from before
    the chain began has no seq, prev or hash."""
    body = {"at": entry.at, "actor": entry.actor, "action": entry.action, "case_ids": list(entry.case_ids),
            "detail": entry.detail}
    return {**body, "seq": entry.seq, "prev": entry.prev, "hash": entry.hash} if entry.hash else body
