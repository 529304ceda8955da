"""Disinformation: fuzzy match of a text against a configurable list of debunked claims."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from processors.detection.findings import Finding
from processors.detection.reading import Reading
from processors.text import Normaliser, TokenKind

CATEGORY = "disinformation"
DEFAULT_CLAIMS = Path(__file__).with_name("lexicons") / "claims.yaml"
_THRESHOLD = 82.0
_MIN_COVER = 0.6
_SKIP = frozenset({TokenKind.PUNCT, TokenKind.BREAK, TokenKind.URL, TokenKind.EMOJI})


@dataclass(frozen=True, slots=True)
class DebunkedClaim:
    """A claim fact-checkers found false; `id` names it in evidence rules."""

    id: str
    text: str


def load_claims(path: Path = DEFAULT_CLAIMS) -> tuple[DebunkedClaim, ...]:
    """Read a claims YAML file (`claims: [{id, text}]`)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(DebunkedClaim(str(c["id"]), str(c["text"])) for c in document["claims"])


class ClaimMatcher:
    """Matches readings against debunked claims, both normalised the same way."""

    def __init__(self, claims: tuple[DebunkedClaim, ...], normalise: Normaliser) -> None:
        self._claims = [(c, " ".join(_words(normalise(c.text).tokens))) for c in claims]
        digest = hashlib.sha256(repr(claims).encode()).hexdigest()[:12]
        self.version = f"claims-{len(claims)}-{digest}"

    def __call__(self, reading: Reading) -> list[Finding]:
        """A finding per claim the text repeats, unless the text debunks it."""
        if not self._claims or reading.has("disinformation.debunk"):
            return []
        indices = [i for i, t in enumerate(reading.text.tokens) if t.kind not in _SKIP]
        words = [reading.text.tokens[i].norm for i in indices]
        text = " ".join(words)
        starts = _word_starts(words)
        findings = []
        for claim, norm in self._claims:
            if len(text) < _MIN_COVER * len(norm):
                continue
            found = fuzz.partial_ratio_alignment(norm, text, score_cutoff=_THRESHOLD)
            if found is None:
                continue
            first = _word_at(starts, found.dest_start)
            last = _word_at(starts, max(found.dest_end - 1, found.dest_start))
            findings.append(Finding(CATEGORY, indices[first], indices[last] + 1,
                                    f"debunked-claim:{claim.id}", round(found.score / 100, 4)))
        return findings


def _words(tokens: tuple) -> list[str]:
    return [t.norm for t in tokens if t.kind not in _SKIP]


def _word_starts(words: list[str]) -> list[int]:
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    return starts


def _word_at(starts: list[int], char: int) -> int:
    """Index of the word containing character `char` of the joined text."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= char:
            low = middle
        else:
            high = middle - 1
    return low
