"""Hashtag segmentation: CamelCase, digits, underscores, then known words for all-lowercase runs."""

import re
from collections.abc import Collection
from itertools import pairwise

_PARTS = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]|\d+|[^\W\d_]+")
_MIN_SEGMENTED = 6


def segment_hashtag(body: str, vocabulary: Collection[str]) -> list[str]:
    """`KaliurangMaju` -> [Kaliurang, Maju]; `coblosnomor2` -> [coblos, nomor, 2] (case kept)."""
    parts: list[str] = []
    for part in _PARTS.findall(body):
        lowered = part.lower()
        if part.isalpha() and len(part) >= _MIN_SEGMENTED and lowered not in vocabulary:
            parts.extend(_split_known(part, vocabulary) or [part])
        else:
            parts.append(part)
    return parts


def _split_known(word: str, vocabulary: Collection[str]) -> list[str] | None:
    """Fewest known words (of 2+ letters) that make up `word`, or None when none do."""
    lowered = word.lower()
    size = len(lowered)
    best: list[list[int] | None] = [None] * (size + 1)
    best[0] = []
    for end in range(2, size + 1):
        for start in range(max(0, end - 20), end - 1):
            previous = best[start]
            if previous is None or lowered[start:end] not in vocabulary:
                continue
            if best[end] is None or len(previous) + 1 < len(best[end] or ()):
                best[end] = [*previous, end]
    cuts = best[size]
    if not cuts:
        return None
    bounds = [0, *cuts]
    return [word[a:b] for a, b in pairwise(bounds)]
