"""Small builders of domain objects for tests."""

from netra.domain.decision import AsnMatch, CandidateRef, Decision, Evidence
from netra.domain.post import Author, Post, decode_post
from netra.domain.snapshot import MatchedEntry, Snapshot, post_sha256

POST = (b'{"platform":"x","post_id":"1","created_at":"2024-11-10T08:15:00+07:00",'
        b'"text":"Ayo coblos nomor 1!","author":{"handle":"dwi"},"raw":{"id_str":"1"}}')


def snapshot(rules: str = "r1", captured_at: str = "2024-11-10T09:00:00+00:00", score: float = 0.9) -> Snapshot:
    """A flagged endorsement by a registered ASN, as the indexer would receive it."""
    post = decode_post(POST)
    decision = Decision(
        platform="x", post_id="1", flagged=True, score=score, categories=["endorsement"],
        asn_match=AsnMatch("198702142011011003", 0.99, ["handle x:dwi listed in registry"]),
        evidence=[Evidence("endorsement", 4, 18, "coblos nomor 1", "ballot-number-call")],
        versions={"rules": rules},
    )
    entry = MatchedEntry("198702142011011003", "Dwi", "Guru", "Pemkab", "SDN 4", "Kab. K", "")
    return Snapshot(post, post_sha256(post), captured_at, "jsonl:demo", decision, entry)


def flagged(
    post_id: str,
    score: float = 0.9,
    categories: tuple[str, ...] = ("endorsement",),
    nip: str = "198702142011011003",
    wilayah: str = "Kabupaten Kaliurang Raya",
    instansi: str = "Pemerintah Kabupaten Kaliurang Raya",
    election: str = "pilbup-kaliurangraya-2024",
    number: int = 1,
    created_at: str = "2024-11-10T08:15:00+07:00",
    text: str = "Ayo coblos nomor 1!",
    rules: str = "r1",
) -> Snapshot:
    """A flagged post with every queue-relevant attribute chosen by the test."""
    post = Post("x", post_id, created_at, text, Author(handle=f"asn{nip[-4:]}"), raw={"id": post_id})
    decision = Decision(
        "x", post_id, True, score, list(categories), AsnMatch(nip, 0.95, ["handle listed in registry"]),
        [Evidence(c, 0, len(text), text, "rule", CandidateRef(election, number)) for c in categories],
        {"rules": rules},
    )
    entry = MatchedEntry(nip, f"ASN {nip[-4:]}", "Guru", instansi, "SD Negeri 1", wilayah, "")
    return Snapshot(post, post_sha256(post), "2024-11-11T00:00:00+00:00", "jsonl:test", decision, entry)
