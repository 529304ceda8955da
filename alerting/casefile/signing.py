"""An optional Ed25519 signature on a bundle, for authorship: the review server signs each export
with a private key named by NETRA_CASE_FILE_KEY (a PEM file kept outside the repository), and
`netra verify --public-key PEM` checks it against the public key the verifier trusts."""

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_VARIABLE = "NETRA_CASE_FILE_KEY"
ALGORITHM = "ed25519"


class KeyProblem(Exception):
    """A key file that cannot be used (missing, unreadable, not an Ed25519 key in PEM)."""


def canonical(bundle: Mapping[str, Any]) -> bytes:
    """The signed bytes: the bundle without its signature, as JSON with sorted keys and no spaces."""
    body = {name: value for name, value in bundle.items() if name != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def signing_key(environ: Mapping[str, str] = os.environ) -> Ed25519PrivateKey | None:
    """The export key named by NETRA_CASE_FILE_KEY; None when the variable is unset (bundles unsigned)."""
    path = environ.get(KEY_VARIABLE)
    if not path:
        return None
    key = _load(Path(path), serialization.load_pem_private_key, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyProblem(f"{KEY_VARIABLE}: {path} is not an Ed25519 private key")
    return key


def trusted_key(path: Path) -> Ed25519PublicKey:
    """A public key the verifier trusts (PEM, as `openssl pkey -pubout` writes it)."""
    key = _load(path, serialization.load_pem_public_key)
    if not isinstance(key, Ed25519PublicKey):
        raise KeyProblem(f"{path} is not an Ed25519 public key")
    return key


def sign(bundle: dict[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """The bundle with its signature and the signer's public key."""
    return {**bundle, "signature": {
        "algorithm": ALGORITHM,
        "public_key": base64.b64encode(_raw(key.public_key())).decode("ascii"),
        "value": base64.b64encode(key.sign(canonical(bundle))).decode("ascii"),
    }}


def check(
    bundle: Mapping[str, Any], trusted: Ed25519PublicKey | None
) -> tuple[list[str], list[str], list[str]]:
    """(problems, what held, what stays unchecked) of the bundle's signature against `trusted`."""
    signature = bundle.get("signature")
    if signature is None:
        if trusted is not None:
            return ["the bundle is not signed, and a trusted key was given"], [], []
        return [], [], ["authorship: the bundle is not signed; its hashes prove the bytes are unchanged,"
                        " not who exported them"]
    try:
        public, value = _parts(signature)
        signer = Ed25519PublicKey.from_public_bytes(public)
        signer.verify(value, canonical(bundle))
    except (ValueError, InvalidSignature) as exc:
        return [f"signature: {str(exc) or 'it does not match the bundle (changed after signing)'}"], [], []
    fingerprint = "sha256:" + hashlib.sha256(public).hexdigest()[:32]
    if trusted is None:
        return [], [f"signed by key {fingerprint}"], [
            f"whether key {fingerprint} is Bawaslu's: give its public key with --public-key"]
    if _raw(trusted) != public:
        return [f"signed by key {fingerprint}, not by the trusted key"], [], []
    return [], [f"signed by the trusted key {fingerprint}"], []


def _parts(signature: Any) -> tuple[bytes, bytes]:
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        raise ValueError(f"only {ALGORITHM} signatures are read")
    try:
        return (base64.b64decode(str(signature.get("public_key")), validate=True),
                base64.b64decode(str(signature.get("value")), validate=True))
    except binascii.Error:
        raise ValueError("the public key or the value is not base64") from None


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _load(path: Path, loader: Any, **options: Any) -> Any:
    try:
        return loader(path.read_bytes(), **options)
    except OSError as exc:
        raise KeyProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:
        raise KeyProblem(f"{path} is not a PEM key: {exc}") from None
