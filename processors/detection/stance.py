"""Learned stance toward a named pair: is the author for or against it? (training/stance.py)

Target-aware: the pair's mentions become `_pair_`, other pairs' `_rival_`, so the model reads
what is said about the pair, not who it is. Word uni- and bigrams, logistic regression; the
weights and thresholds live in models/stance.npz (no pickles, no scikit-learn at run time).
"""

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from processors.detection.reading import Mention, Reading
from processors.text import TokenKind

MODEL = Path(__file__).with_name("models") / "stance.npz"
PAIR, RIVAL = "_pair_", "_rival_"
_DROPPED = frozenset({TokenKind.URL, TokenKind.BREAK})


def stance_words(reading: Reading, pair: tuple[str, int]) -> list[str]:
    """The reading's words with mentions of `pair` (election, number) and of rivals masked."""
    masks: dict[int, str] = {}
    for mention in reading.mentions:
        if not mention.targets or mention.kind in ("region", "bare_number", "emoji_gesture"):
            continue
        mask = PAIR if _means(mention, pair) else RIVAL
        for index in range(mention.start, mention.end):
            masks.setdefault(index, mask)
    words: list[str] = []
    for index, token in enumerate(reading.text.tokens):
        if token.kind in _DROPPED:
            continue
        word = masks.get(index, token.norm)
        if not (words and word in (PAIR, RIVAL) and words[-1] == word):
            words.append(word)
    return words


def features(words: list[str]) -> Iterable[str]:
    """Unigrams and bigrams (joined by a space) of a masked word list."""
    yield from words
    yield from (f"{a} {b}" for a, b in pairwise(words))


def _means(mention: Mention, pair: tuple[str, int]) -> bool:
    election, number = pair
    return any(t.number == number and t.election in (election, "") for t in mention.targets)


@dataclass(frozen=True, slots=True)
class StanceModel:
    """P(for) of a text toward a pair, and the thresholds that make it evidence."""

    version: str
    weights: dict[str, float]
    bias: float
    for_at: float  # P(for) at or above: the author is for the pair
    against_at: float  # P(for) at or below: against it

    @classmethod
    def load(cls, path: Path = MODEL) -> "StanceModel":
        """Read the packaged model (ValueError when it is unusable)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                vocabulary = bytes(data["vocab"]).decode("utf-8").split("\n")
                coef = data["coef"].astype(float)
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        except (OSError, KeyError, ValueError) as exc:
            raise ValueError(f"{path}: unusable stance model: {exc}") from None
        if len(vocabulary) != len(coef):
            raise ValueError(f"{path}: {len(vocabulary)} features but {len(coef)} weights")
        return cls(f"{meta['label']}+{digest}", dict(zip(vocabulary, coef.tolist(), strict=True)),
                   float(meta["bias"]), float(meta["for_at"]), float(meta["against_at"]))

    def probability(self, words: list[str]) -> float:
        """P(the author is for the masked pair)."""
        weights = self.weights
        score = self.bias + sum(weights.get(f, 0.0) for f in set(features(words)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def stance(self, probability: float) -> str | None:
        """`for`, `against` or None (not sure enough to say)."""
        if probability >= self.for_at:
            return "for"
        if probability <= self.against_at:
            return "against"
        return None
