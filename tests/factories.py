"""Small builders of domain objects for tests."""

from netra.domain.decision import AsnMatch, Decision, Evidence
from netra.domain.post import decode_post
from netra.domain.snapshot import MatchedEntry, Snapshot, post_sha256

POST = (b'{"platform":"x","post_id":"1","created_at":"2024-11-10T08:15:00+07:00",'
        b'"text":"Ayo coblos nomor 1!","author":{"handle":"dwi"},"raw":{"id_str":"1"}}')

# The election example of CONTRACTS.md §3, verbatim.
CONTRACT_ELECTIONS = """\
elections:
  - id: pilbup-kaliurangraya-2024
    name: Pemilihan Bupati Kaliurang Raya 2024
    region: Kabupaten Kaliurang Raya
    voting_day: 2024-11-27
    candidates:
      - number: 1
        names: ["Sutopo Hadi", "Ratna Dewi"]     # the pair, head first
        aliases: ["Sutopo-Ratna", "SURYA"]                  # pair nicknames, acronyms
        parties: ["Partai Gotong Royong Baru"]
        hashtags: ["#SutopoRatna", "#KaliurangMaju"]
        slogans: ["Kaliurang Maju"]
        accounts: ["x:sutopohadi_official", "instagram:sutoporatna.id"]
"""


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
