"""`netra verify BUNDLE`: a bundle as exported is valid; each kind of tampering or damage is named."""

import base64
import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerting.casefile.bundle import AUDIT_LIMIT, MAX_BUNDLE_BYTES, audit_trail, build, encode
from alerting.casefile.signing import sign
from alerting.casefile.verify import verify
from netra.app.cli import main
from netra.domain.snapshot import decode_snapshot, encode_snapshot
from netra.store.sqlite import SqliteCaseStore
from tests.factories import flagged

Bundle = dict[str, Any]
EXPORTER = {"username": "rev-a", "role": "reviewer", "scope": "Kabupaten Alfa"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """A confirmed case with two decision versions, a note and a hostile raw payload."""
    store = SqliteCaseStore(tmp_path_factory.mktemp("verify") / "cases.sqlite")
    store.record(flagged("7", text="Ayo coblos nomor 1 <script>alert(1)</script>"))
    store.record(flagged("7", text="Ayo coblos nomor 1 <script>alert(1)</script>", rules="r2"))
    claimed = store.claim("x:7", "rev-a", store.case("x:7", "t").summary.revision)  # type: ignore[union-attr]
    store.add_note("x:7", "rev-a", "catatan \u2028 ünïcödé")
    store.transition("x:7", "confirmed", "rev-a", claimed.revision, "kampanye terbuka")
    case = store.case("x:7", "rev-a")
    assert case is not None
    return json.loads(encode(build(case, audit_trail(store, "x:7"), EXPORTER, "2026-11-30T17:00:00.000Z")))


def _verify(tmp_path: Path, data: bytes, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "bundle.json"
    path.write_bytes(data)
    status = main(["verify", str(path)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _snapshot_bytes(bundle: Bundle, index: int = 0) -> bytes:
    return base64.b64decode(bundle["snapshots"][index]["bytes_base64"])


def _set_bytes(bundle: Bundle, body: bytes, rehash: bool = False) -> None:
    bundle["snapshots"][0]["bytes_base64"] = base64.b64encode(body).decode()
    if rehash:
        bundle["snapshots"][0]["sha256"] = hashlib.sha256(body).hexdigest()


def test_a_bundle_as_exported_is_valid(tmp_path: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(tmp_path, json.dumps(bundle).encode(), capsys)
    assert status == 0, out
    assert "case file valid: case x:7" in out and "2 snapshot(s)" in out
    assert "every history entry, note and snapshot is recorded in the audit trail" in out
    assert "not checked offline: authorship" in out


def test_a_four_eyes_escalation_exports_a_valid_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The request and the second reviewer's confirmation are history the audit trail vouches for."""
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record(flagged("8"))
    claimed = store.claim("x:8", "rev-a", store.case("x:8", "t").summary.revision)  # type: ignore[union-attr]
    asked = store.transition("x:8", "escalation_requested", "rev-a", claimed.revision, "guru kampanye",
                             escalated_to="agency")
    store.transition("x:8", "escalated", "rev-b", asked.revision, "terbukti, teruskan")
    case = store.case("x:8", "rev-b")
    assert case is not None
    status, out = _verify(tmp_path, encode(build(case, audit_trail(store, "x:8"), EXPORTER, "2026-11-30T18:00:00Z")),
                          capsys)
    assert status == 0, out
    assert "every history entry, note and snapshot is recorded in the audit trail" in out


def test_the_bundle_carries_the_stored_bytes_with_the_platform_payload(bundle: Bundle) -> None:
    for item in bundle["snapshots"]:
        body = base64.b64decode(item["bytes_base64"])
        assert hashlib.sha256(body).hexdigest() == item["sha256"]
        assert encode_snapshot(decode_snapshot(body)) == body
    assert decode_snapshot(_snapshot_bytes(bundle)).post.raw == {"id": "7"}
    assert [d["decision"]["versions"] for d in bundle["decisions"]] == [{"rules": "r1"}, {"rules": "r2"}]
    assert bundle["exported_by"] == EXPORTER and bundle["audit_complete"] is True


def _flip_one_byte(b: Bundle) -> None:
    body = bytearray(_snapshot_bytes(b))
    at = body.index(b"coblos")
    body[at] ^= 0x20  # "coblos" -> "Coblos"
    _set_bytes(b, bytes(body))


def _rewrite_consistently(b: Bundle) -> None:
    """A forger changes the post and recomputes every hash inside the snapshot and the bundle."""
    snapshot = decode_snapshot(_snapshot_bytes(b))
    snapshot.post.text = snapshot.post.text.replace("nomor 1", "nomor 2")
    from netra.domain.snapshot import post_sha256

    snapshot.post_sha256 = post_sha256(snapshot.post)
    _set_bytes(b, encode_snapshot(snapshot), rehash=True)
    b["decisions"][0]["snapshot_sha256"] = b["snapshots"][0]["sha256"]
    b["decisions"][0]["post_sha256"] = snapshot.post_sha256


def _edit_post_keep_its_hash(b: Bundle) -> None:
    body = _snapshot_bytes(b).replace(b"nomor 1", b"nomor 2")
    _set_bytes(b, body, rehash=True)


def _garbage_with_its_hash(b: Bundle) -> None:
    _set_bytes(b, b'{"not": "a snapshot"}', rehash=True)


def _edit_audit_entry(b: Bundle) -> None:
    b["audit"][-1]["actor"] = "someone-else"


def _edit_history_reason(b: Bundle) -> None:
    b["history"][-1]["reason"] = "tidak terbukti"


def _drop_note_from_audit(b: Bundle) -> None:
    b["audit"] = [e for e in b["audit"] if e["action"] != "note"]


def _edit_decision_copy(b: Bundle) -> None:
    b["decisions"][1]["decision"]["score"] = 0.01


def _edit_registry_entry(b: Bundle) -> None:
    b["registry_entry"]["nama"] = "Orang Lain"


def _edit_case_nip(b: Bundle) -> None:
    b["case"]["nip"] = "199001012020011001"


def _edit_status(b: Bundle) -> None:
    b["case"]["status"] = "dismissed"


def _not_base64(b: Bundle) -> None:
    b["snapshots"][0]["bytes_base64"] = "%%% not base64 %%%"


def _wrong_hash(b: Bundle) -> None:
    b["snapshots"][0]["sha256"] = "0" * 64


TAMPERING: list[tuple[str, Callable[[Bundle], None], str]] = [
    ("one byte of the snapshot changed", _flip_one_byte, "(the snapshot was changed)"),
    ("a wrong recorded hash", _wrong_hash, "(the snapshot was changed)"),
    ("post edited, snapshot rehashed", _edit_post_keep_its_hash, "does not hash to the snapshot's post_sha256"),
    ("everything rehashed by a forger", _rewrite_consistently, "no audit entry records it"),
    ("bytes that are no snapshot", _garbage_with_its_hash, "the bytes are not a Netra snapshot"),
    ("not base64", _not_base64, "bytes_base64 is not base64"),
    ("an audit entry edited", _edit_audit_entry, "does not match its hash (edited)"),
    ("a history reason edited", _edit_history_reason, "history entry"),
    ("a note's audit entry removed", _drop_note_from_audit, "note "),
    ("a readable decision edited", _edit_decision_copy, "decision 2: differs from the decision inside snapshot 2"),
    ("the registry entry edited", _edit_registry_entry, "registry_entry differs"),
    ("the case's NIP edited", _edit_case_nip, "case field 'nip' differs"),
    ("the case's status edited", _edit_status, "status is not the one its last history entry set"),
    ("a field missing", lambda b: b.pop("snapshots"), "missing field 'snapshots'"),
    ("a field of the wrong type", lambda b: b.update(audit_complete="yes"), "field 'audit_complete' has the wrong type"),
    ("another format", lambda b: b.update(format="zip"), "format is 'zip'"),
    ("a later format version", lambda b: b.update(format_version=2), "format_version 2 is not supported"),
    ("no snapshot", lambda b: b.update(snapshots=[]), "no snapshot"),
]


@pytest.mark.parametrize(("tamper", "reason"), [(t, r) for _n, t, r in TAMPERING], ids=[n for n, _t, _r in TAMPERING])
def test_each_tampering_is_invalid_with_its_reason(
    tmp_path: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str], tamper: Callable[[Bundle], None], reason: str
) -> None:
    changed = copy.deepcopy(bundle)
    tamper(changed)
    status, out = _verify(tmp_path, json.dumps(changed).encode(), capsys)
    assert status == 1, out
    assert out.startswith("case file INVALID") and reason in out


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"format": "netra-case-file", ', "not JSON"),
        (b"\xff\xfe garbage", "not JSON"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ],
    ids=["cut short", "not UTF-8", "a list", "deeply nested"],
)
def test_a_file_that_is_no_bundle_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, reason: str
) -> None:
    status, out = _verify(tmp_path, data, capsys)
    assert status == 1 and reason in out


def test_a_huge_file_is_refused_without_reading_it_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as sparse:
        sparse.truncate(4 * MAX_BUNDLE_BYTES)  # 256 MiB on disk as a hole; verify reads at most the limit + 1
    assert main(["verify", str(path)]) == 1
    assert f"larger than {MAX_BUNDLE_BYTES} bytes" in capsys.readouterr().out


def test_an_unreadable_argument_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["verify", str(tmp_path)]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["verify"])
    assert exit_.value.code == 2


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ed25519PrivateKey, Path, Path]:
    """The server's signing key, and the trusted public key and another one as PEM files."""
    folder = tmp_path_factory.mktemp("keys")
    key = Ed25519PrivateKey.generate()
    for name, public in (("trusted.pem", key.public_key()), ("other.pem", Ed25519PrivateKey.generate().public_key())):
        (folder / name).write_bytes(public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    return key, folder / "trusted.pem", folder / "other.pem"


def _verify_with(tmp_path: Path, bundle: Bundle, key: Path | None, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "signed.json"
    path.write_bytes(json.dumps(bundle).encode())
    status = main(["verify", str(path), *(["--public-key", str(key)] if key else [])])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_a_signed_bundle_proves_who_exported_it_only_against_a_trusted_key(
    tmp_path: Path, bundle: Bundle, keys: tuple[Ed25519PrivateKey, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    key, trusted, other = keys
    signed = sign(bundle, key)
    status, out = _verify_with(tmp_path, signed, trusted, capsys)
    assert status == 0 and "ok: signed by the trusted key sha256:" in out
    status, out = _verify_with(tmp_path, signed, None, capsys)
    assert status == 0 and "give its public key with --public-key" in out
    status, out = _verify_with(tmp_path, signed, other, capsys)
    assert status == 1 and "not by the trusted key" in out
    status, out = _verify_with(tmp_path, bundle, trusted, capsys)
    assert status == 1 and "the bundle is not signed" in out


def test_a_signature_catches_what_the_hashes_cannot(
    tmp_path: Path, bundle: Bundle, keys: tuple[Ed25519PrivateKey, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    forged = sign(bundle, keys[0])
    forged["exported_by"] = {**forged["exported_by"], "username": "someone-else"}
    assert _verify_with(tmp_path, {k: v for k, v in forged.items() if k != "signature"}, None, capsys)[0] == 0
    status, out = _verify_with(tmp_path, forged, keys[1], capsys)
    assert status == 1 and "changed after signing" in out


def test_an_unusable_key_file_is_a_usage_error(tmp_path: Path, bundle: Bundle, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "not-a-key.pem").write_text("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")
    for key in (tmp_path / "not-a-key.pem", tmp_path / "missing.pem"):
        status, out = _verify_with(tmp_path, bundle, key, capsys)
        assert status == 2 and str(key) in out


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
PLACES = [(), ("case",), ("snapshots", 0), ("decisions", 0), ("decisions", 0, "decision"), ("audit", 0),
          ("audit", 0, "detail"), ("history", 0), ("notes", 0), ("registry_entry",)]


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), key=st.text(max_size=12) | st.sampled_from(
    ["sha256", "bytes_base64", "case_id", "status", "seq", "hash", "prev", "at", "actor", "snapshot_ids",
     "decision", "score", "nip", "signature", "audit_complete", "text", "reason"]), value=JSON)
def test_any_field_set_to_any_json_gives_a_report_never_a_crash(
    bundle: Bundle, place: tuple[object, ...], key: str, value: object
) -> None:
    changed = copy.deepcopy(bundle)
    target: Any = changed
    for step in place:
        target = target[step]
    target[key] = value
    report = verify(json.loads(json.dumps(changed)))
    assert report.ok or report.problems


def test_reads_do_not_crowd_the_changes_out_of_the_audit_trail(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record(flagged("8"))
    for _ in range(AUDIT_LIMIT + 10):
        store.case("x:8", "rev-a")
    trail, complete = audit_trail(store, "x:8")
    assert complete and [e["action"] for e in trail] == ["record"]
