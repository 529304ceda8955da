"""The evidence snapshot: everything a reviewer needs to judge a decision, frozen as captured."""

import hashlib

import msgspec

from netra.domain.decision import Decision
from netra.domain.post import Post, encode_post
from netra.domain.registry import RegistryEntry


class MatchedEntry(msgspec.Struct):
    """The registry entry the author was matched to, as the registry said at decision time."""

    nip: str
    nama: str
    jabatan: str
    instansi: str
    unit_kerja: str
    wilayah: str
    email_instansi: str

    @classmethod
    def of(cls, entry: RegistryEntry) -> "MatchedEntry":
        """Copy the fields a reviewer and a digest need."""
        return cls(
            entry.nip, entry.nama, entry.jabatan, entry.instansi, entry.unit_kerja,
            entry.wilayah, entry.email_instansi,
        )


class Snapshot(msgspec.Struct):
    """A decision with the post as captured (including `raw`), its hash, and who captured it when."""

    post: Post
    post_sha256: str
    captured_at: str
    collector: str
    decision: Decision
    registry_entry: MatchedEntry | None = None

    @property
    def case_id(self) -> str:
        """One case per post: `platform:post_id`."""
        return self.post.key


def post_sha256(post: Post) -> str:
    """SHA-256 of the post's canonical JSON (sorted keys, no spaces)."""
    return hashlib.sha256(encode_post(post)).hexdigest()


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Snapshot)


def encode_snapshot(snapshot: Snapshot) -> bytes:
    """The snapshot as JSON bytes, for the decisions topic and the store."""
    return _encoder.encode(snapshot)


def decode_snapshot(data: bytes) -> Snapshot:
    """Read a snapshot written by encode_snapshot."""
    return _decoder.decode(data)
