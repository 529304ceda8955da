"""Check a case-file bundle offline: the snapshot bytes against their SHA-256, and every readable
copy and audit entry against them (what can and cannot be proved offline: docs/case-file.md)."""

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from alerting.casefile import signing
from alerting.casefile.bundle import FORMAT, FORMAT_VERSION, MAX_BUNDLE_BYTES
from netra.domain.snapshot import Snapshot, decode_snapshot, post_sha256
from netra.store.audit_chain import entry_hash
from netra.store.fields import case_fields
from netra.store.ids import case_id_for

# The top-level fields of format version 1 and their JSON types.
FIELDS: dict[str, tuple[type, ...]] = {
    "format": (str,),
    "format_version": (int,),
    "exported_at": (str,),
    "exported_by": (dict,),
    "case": (dict,),
    "snapshots": (list,),
    "decisions": (list,),
    "registry_entry": (dict, type(None)),
    "history": (list,),
    "notes": (list,),
    "audit": (list,),
    "audit_complete": (bool,),
}
SUMMARY_FIELDS = ("nip", "nama", "instansi", "wilayah", "categories", "elections", "score", "group_key")


class Unreadable(Exception):
    """The bundle's file cannot be read at all (missing, a directory, no permission)."""


class Invalid(Exception):
    """The file is not a case-file bundle (too large, not JSON, not an object)."""


@dataclass(frozen=True, slots=True)
class Report:
    """What `verify` proved, what it found wrong, and what it could not check offline."""

    case_id: str
    held: tuple[str, ...]
    problems: tuple[str, ...]
    unchecked: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every check held."""
        return not self.problems


def read_bundle(path: Path) -> dict[str, Any]:
    """The bundle in `path`, read to at most MAX_BUNDLE_BYTES (a larger file is refused unread)."""
    try:
        with path.open("rb") as source:
            data = source.read(MAX_BUNDLE_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BUNDLE_BYTES:
        raise Invalid(f"larger than {MAX_BUNDLE_BYTES} bytes: not a Netra case-file bundle")
    try:
        bundle = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise Invalid(f"not JSON: {exc}") from None
    if not isinstance(bundle, dict):
        raise Invalid("not a JSON object")
    return bundle


def verify(bundle: dict[str, Any], trusted: Ed25519PublicKey | None = None) -> Report:
    """Every consistency check the bundle allows on its own, and its signature against `trusted`;
    stops early only when its shape is wrong."""
    case = bundle.get("case")
    case_id = str(case.get("case_id", "?"))[:200] if isinstance(case, dict) else "?"
    problems = list(_shape(bundle))
    if problems:
        return Report(case_id, (), tuple(problems), ())
    held: list[str] = []
    snapshots: list[Snapshot] = []
    problems += _snapshots(bundle, case_id, snapshots)
    if not problems:
        held.append(f"{len(snapshots)} snapshot(s): the bytes match their SHA-256, the post its post_sha256,"
                    " the decision its post")
        for check, claim in _CHECKS:
            found = list(check(bundle, snapshots))
            problems += found
            proved = None if found else claim(bundle)
            if proved:
                held.append(proved)
    signed_wrong, signed, unchecked = signing.check(bundle, trusted)
    problems += signed_wrong
    held += signed
    unchecked.append("that the audit entries still stand in the store's chain (`netra audit verify`)")
    if not bundle["audit_complete"]:
        unchecked.append("history against the audit log: the export saw only the newest audit entries")
    return Report(case_id, tuple(held), tuple(problems), tuple(unchecked))


def _shape(bundle: dict[str, Any]) -> Iterator[str]:
    for name, types in FIELDS.items():
        if name not in bundle:
            yield f"missing field {name!r}"
        elif not isinstance(bundle[name], types) or (types == (int,) and isinstance(bundle[name], bool)):
            yield f"field {name!r} has the wrong type"
    if bundle.get("format") != FORMAT:
        yield f"format is {str(bundle.get('format'))[:40]!r}, not {FORMAT!r}"
    elif bundle.get("format_version") != FORMAT_VERSION:
        yield f"format_version {bundle.get('format_version')!r} is not supported (only {FORMAT_VERSION})"
    if not isinstance(bundle.get("case"), dict) or not isinstance(bundle["case"].get("case_id"), str):
        yield "the case has no case_id"
    if isinstance(bundle.get("snapshots"), list) and not bundle["snapshots"]:
        yield "no snapshot"


def _snapshots(bundle: dict[str, Any], case_id: str, decoded: list[Snapshot]) -> Iterator[str]:
    """Each snapshot: its bytes hash to its SHA-256, decode as a snapshot of this case's post."""
    for number, item in enumerate(bundle["snapshots"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("sha256"), str) \
                or not isinstance(item.get("bytes_base64"), str):
            yield f"snapshot {number}: needs 'sha256' and 'bytes_base64' strings"
            continue
        try:
            body = base64.b64decode(item["bytes_base64"], validate=True)
        except (binascii.Error, ValueError):
            yield f"snapshot {number}: bytes_base64 is not base64"
            continue
        actual = hashlib.sha256(body).hexdigest()
        if actual != item["sha256"]:
            yield (f"snapshot {number}: its bytes hash to {actual}, not to the recorded {item['sha256'][:64]}"
                   " (the snapshot was changed)")
            continue
        try:
            snapshot = decode_snapshot(body)
        except msgspec.MsgspecError as exc:
            yield f"snapshot {number}: the bytes are not a Netra snapshot: {exc}"
            continue
        post, decision = snapshot.post, snapshot.decision
        if post_sha256(post) != snapshot.post_sha256:
            yield f"snapshot {number}: the post does not hash to the snapshot's post_sha256"
        if case_id_for(post.platform, post.post_id) != case_id:
            yield f"snapshot {number}: the post is not the one of case {case_id}"
        if (decision.platform, decision.post_id) != (post.platform, post.post_id):
            yield f"snapshot {number}: the decision is about another post"
        decoded.append(snapshot)


def _decisions(bundle: dict[str, Any], snapshots: list[Snapshot]) -> Iterator[str]:
    """The readable decisions and registry entry are those inside the snapshot bytes."""
    readable = bundle["decisions"]
    if len(readable) != len(snapshots):
        yield f"{len(readable)} decisions for {len(snapshots)} snapshots"
        return
    for number, (item, snapshot, stored) in enumerate(
            zip(readable, snapshots, bundle["snapshots"], strict=True), 1):
        expected = {"snapshot_sha256": stored["sha256"], "post_sha256": snapshot.post_sha256,
                    "captured_at": snapshot.captured_at, "collector": snapshot.collector,
                    "decision": msgspec.to_builtins(snapshot.decision)}
        if item != expected:
            yield f"decision {number}: differs from the decision inside snapshot {number}"
    if bundle["registry_entry"] != msgspec.to_builtins(snapshots[-1].registry_entry):
        yield "registry_entry differs from the one inside the latest snapshot"


def _summary(bundle: dict[str, Any], snapshots: list[Snapshot]) -> Iterator[str]:
    """The case's fields are those its latest snapshot gives; its status the last history entry's."""
    case = bundle["case"]
    try:
        fields = case_fields(snapshots[-1], case["case_id"])
    except (ValueError, OverflowError):
        yield "the latest snapshot's post has no usable created_at"
        return
    for name in SUMMARY_FIELDS:
        if case.get(name) != fields[name]:
            yield f"case field {name!r} differs from the latest snapshot"
    if case.get("version_count") != len(snapshots):
        yield f"case says {case.get('version_count')!r} versions; the bundle holds {len(snapshots)}"
    history = bundle["history"]
    if history and isinstance(history[-1], dict) and history[-1].get("status") != case.get("status"):
        yield "the case's status is not the one its last history entry set"


def _audit(bundle: dict[str, Any], snapshots: list[Snapshot]) -> Iterator[str]:
    """Each chained audit entry matches its hash, names the case, and follows the one before it."""
    case_id, audit = bundle["case"]["case_id"], bundle["audit"]
    entries = [e for e in audit if isinstance(e, dict)]
    if len(entries) != len(audit):
        yield "an audit entry is not an object"
    chained = [e for e in entries if "hash" in e]
    previous: dict[str, Any] | None = None
    for entry in chained:
        seq = entry.get("seq")
        if entry_hash(entry) != entry["hash"]:
            yield f"audit entry {seq}: its content does not match its hash (edited)"
        if not isinstance(entry.get("case_ids"), list) or case_id not in entry["case_ids"]:
            yield f"audit entry {seq}: is not about case {case_id}"
        if previous is not None and isinstance(seq, int) and isinstance(previous.get("seq"), int):
            if seq <= previous["seq"]:
                yield f"audit entry {seq}: out of order"
            elif seq == previous["seq"] + 1 and entry.get("prev") != previous["hash"]:
                yield f"audit entry {seq}: does not follow entry {previous['seq']} (prev hash differs)"
        previous = entry


def _trail(bundle: dict[str, Any], snapshots: list[Snapshot]) -> Iterator[str]:
    """A complete audit trail records every history entry, note and snapshot of the bundle."""
    if not bundle["audit_complete"]:
        return
    entries = [e for e in bundle["audit"] if isinstance(e, dict)]
    for kind, label, matches in _TRAILS:
        for item in bundle[kind]:
            if isinstance(item, dict) and not any(matches(item, e) for e in entries):
                yield f"{label} {str(item.get('at') or item.get('sha256'))[:64]}: no audit entry records it"


def _detail(entry: dict[str, Any]) -> dict[str, Any]:
    detail = entry.get("detail")
    return detail if isinstance(detail, dict) else {}


def _same_change(item: dict[str, Any], entry: dict[str, Any]) -> bool:
    detail = _detail(entry)
    return all(item.get(k) == entry.get(k) for k in ("at", "actor", "action")) and all(
        item.get(k) == detail.get(k) for k in ("status", "reason"))


def _same_note(item: dict[str, Any], entry: dict[str, Any]) -> bool:
    return entry.get("action") == "note" and all(item.get(k) == entry.get(k) for k in ("at", "actor")) \
        and item.get("text") == _detail(entry).get("text")


def _records(item: dict[str, Any], entry: dict[str, Any]) -> bool:
    snapshot_ids = _detail(entry).get("snapshot_ids")
    return entry.get("action") == "record" and isinstance(snapshot_ids, list) \
        and item.get("sha256") in snapshot_ids


# What the audit trail must record when it is complete: (bundle field, what one item is, the match).
_TRAILS: tuple[tuple[str, str, Callable[[dict[str, Any], dict[str, Any]], bool]], ...] = (
    ("history", "history entry", _same_change),
    ("notes", "note", _same_note),
    ("snapshots", "snapshot", _records),
)


def _chained_count(bundle: dict[str, Any]) -> str:
    chained = sum(1 for e in bundle["audit"] if "hash" in e)
    return f"{chained} audit entries match their hashes ({len(bundle['audit']) - chained} predate the chain)"


def _trail_claim(bundle: dict[str, Any]) -> str | None:
    if not bundle["audit_complete"]:
        return None
    return "every history entry, note and snapshot is recorded in the audit trail"


# The checks after the snapshots decode, each with what it proves when it holds.
_CHECKS: tuple[tuple[Callable[[dict[str, Any], list[Snapshot]], Iterator[str]],
                     Callable[[dict[str, Any]], str | None]], ...] = (
    (_decisions, lambda _b: "the decisions (with their versions) and the registry entry are those inside"
                            " the snapshots"),
    (_summary, lambda _b: "the case's fields match its latest snapshot, its status its last history entry"),
    (_audit, _chained_count),
    (_trail, _trail_claim),
)
