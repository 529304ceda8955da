"""Disinformation: fuzzy match of a text against a configurable list of debunked claims.

Two scores, the higher wins: rapidfuzz's partial ratio (the claim nearly verbatim) and the
share of the claim's content words (crudely stemmed) that the text repeats (a paraphrase).
"""

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from processors.detection.datafile import DataFile
from processors.detection.findings import Finding
from processors.detection.reading import Reading
from processors.detection.rules import rule
from processors.text import Normaliser, TokenKind

_VERBATIM = 82.0
_PARAPHRASE = 0.6
_MIN_CONTENT_WORDS = 4
_SKIP = frozenset({TokenKind.PUNCT, TokenKind.BREAK, TokenKind.URL, TokenKind.EMOJI})
_STOP = frozenset({
    "yang", "di", "ke", "dari", "untuk", "dan", "atau", "itu", "ini", "sudah", "akan", "bisa",
    "ya", "lho", "saja", "juga", "dengan", "karena", "sebelum", "bagi", "pada", "oleh", "dalam",
    "kita", "kami", "saya", "kamu", "mereka", "ada", "adalah", "tersebut",
})
_PREFIXES = ("meng", "meny", "mem", "men", "me", "ber", "di", "ter", "pe")
_SUFFIXES = ("nya", "kan", "an")


@dataclass(frozen=True, slots=True)
class DebunkedClaim:
    """A claim fact-checkers found false; `id` names it in evidence rules; `variants` are other
    ways people word it."""

    id: str
    text: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Prepared:
    claim: DebunkedClaim
    text: str
    stems: frozenset[str]


def load_claims(path: Path) -> tuple[DebunkedClaim, ...]:
    """Read and check a claims YAML file (`claims: [{id, text, variants?}]`); InputError lists
    every problem with its line."""
    data, _ = DataFile.read(path)
    fields = dict(data.pairs(data.root, "the top level"))
    claims = []
    for node in data.items(fields.get("claims") or data.root, "`claims`"):
        claim = dict(data.pairs(node, "a claim"))
        if not claim:
            continue
        ident = data.text(claim.get("id") or node, "`id`")
        text = data.text(claim.get("text") or node, "`text`")
        listed = data.items(claim["variants"], "`variants`") if "variants" in claim else []
        variants = [data.text(v, "a variant") for v in listed]
        if ident and text and None not in variants:
            claims.append(DebunkedClaim(ident, text, tuple(v for v in variants if v)))
    data.done()
    return tuple(claims)


class ClaimMatcher:
    """Matches readings against debunked claims, both normalised the same way."""

    def __init__(self, claims: tuple[DebunkedClaim, ...], normalise: Normaliser) -> None:
        self._claims: list[_Prepared] = []
        for claim in claims:
            for phrasing in (claim.text, *claim.variants):
                words = [t.norm for t in normalise(phrasing).tokens if t.kind not in _SKIP]
                stems = frozenset(_stem(w) for w in words if w not in _STOP)
                self._claims.append(_Prepared(claim, " ".join(words), stems))
        self._stems = frozenset().union(*(p.stems for p in self._claims))
        self._words = self._stems | {
            w for p in self._claims for w in p.text.split() if w not in _STOP}
        knobs = (_VERBATIM, _PARAPHRASE, _MIN_CONTENT_WORDS, _STOP, _PREFIXES, _SUFFIXES)
        digest = hashlib.sha256(repr((claims, knobs)).encode()).hexdigest()[:12]
        self.version = f"claims-{len(claims)}-{digest}"

    def __call__(self, reading: Reading) -> list[Finding]:
        """A finding per claim the text repeats, unless the text debunks or questions it."""
        if not self._claims or reading.has("disinformation.debunk"):
            return []
        if len(self._words.intersection(reading.text.words)) < _MIN_CONTENT_WORDS - 1:
            return []  # shares too few words with every claim to repeat any of them
        indices = [i for i, t in enumerate(reading.text.tokens) if t.kind not in _SKIP]
        words = [reading.text.tokens[i].norm for i in indices]
        text = " ".join(words)
        stems = [_stem(w) for w in words]
        findings = []
        seen: set[str] = set()
        for prepared in self._claims:
            if prepared.claim.id in seen:
                continue
            found = _verbatim(prepared, text, words) or _paraphrase(prepared, stems)
            if found:
                seen.add(prepared.claim.id)
                first, last, score = found
                findings.append(rule("debunked-claim").finding(
                    indices[first], indices[last] + 1, confidence=round(score, 4),
                    detail=prepared.claim.id))
        return findings


def _verbatim(prepared: _Prepared, text: str, words: list[str]) -> tuple[int, int, float] | None:
    """The claim nearly word for word somewhere in the text: (first word, last word, score)."""
    if len(text) < 0.6 * len(prepared.text):
        return None
    found = fuzz.partial_ratio_alignment(prepared.text, text, score_cutoff=_VERBATIM)
    if found is None:
        return None
    starts = _word_starts(words)
    first = _word_at(starts, found.dest_start)
    last = _word_at(starts, max(found.dest_end - 1, found.dest_start))
    return first, last, found.score / 100


def _paraphrase(prepared: _Prepared, stems: list[str]) -> tuple[int, int, float] | None:
    """Most of the claim's content words, in any order: (first word, last word, share)."""
    if len(prepared.stems) < _MIN_CONTENT_WORDS:
        return None
    hits = [i for i, stem in enumerate(stems) if stem in prepared.stems]
    shared = len({stems[i] for i in hits})
    share = shared / len(prepared.stems)
    if share < _PARAPHRASE or shared < _MIN_CONTENT_WORDS:
        return None
    return hits[0], hits[-1], share


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """A crude Indonesian stem: enough that `membawa` meets `bawa` and `undangan` `undang`."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return word[len(prefix):]
    return word


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
