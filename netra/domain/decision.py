"""A decision about one post with its evidence (CONTRACTS.md §4), as `netra scan` writes it."""

import msgspec

CATEGORIES = ("endorsement", "hate_speech", "money_politics", "intimidation", "disinformation")
CONFIDENT = 0.8


class CandidateRef(msgspec.Struct):
    """Which candidate pair of which election a piece of evidence points at."""

    election: str
    number: int


class HateTarget(msgspec.Struct, omit_defaults=True):
    """Whom hate-speech evidence targets: `kind` "group" (then `group`: religion, race_ethnicity,
    gender, disability or other) or "individual"."""

    kind: str
    group: str | None = None


class Evidence(msgspec.Struct, omit_defaults=True):
    """One span of text (or one fact of the post) that shows a violation, and the rule that saw it.

    `start`/`end` are code-point offsets into the field named by `field` (`text` unless said),
    end exclusive. `confidence` is how strongly this rule alone shows the category.
    """

    category: str
    start: int
    end: int
    text: str
    rule: str
    candidate: CandidateRef | None = None
    field: str | None = None
    confidence: float = 1.0
    stance: str | None = None  # endorsement only: "for" or "against" the candidate
    target: HateTarget | None = None


class AsnMatch(msgspec.Struct):
    """The registry entry the author most likely is, and why."""

    nip: str
    confidence: float
    reasons: list[str]


class Decision(msgspec.Struct):
    """What Netra decided about one post; `versions` names the rules and models that decided."""

    platform: str
    post_id: str
    flagged: bool
    score: float
    categories: list[str]
    asn_match: AsnMatch | None
    evidence: list[Evidence]
    versions: dict[str, str] = {}


class LineError(msgspec.Struct):
    """The output line for an input line that could not be read."""

    line: int
    error: str


_encoder = msgspec.json.Encoder()


def encode_decision(decision: Decision | LineError) -> bytes:
    """One JSON line (without the newline)."""
    return _encoder.encode(decision)


def decode_decision(data: bytes | str) -> Decision:
    """Read back a decision written by encode_decision."""
    return msgspec.json.decode(data, type=Decision)
