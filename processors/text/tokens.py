"""Normalised tokens and the text they came from; offsets are code points into the original."""

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class TokenKind(StrEnum):
    """What a token was in the original text."""

    WORD = "word"
    NUMBER = "number"
    HASHTAG = "hashtag"
    MENTION = "mention"
    URL = "url"
    EMOJI = "emoji"
    PUNCT = "punct"
    BREAK = "break"


class Token(NamedTuple):
    """One normalised word and the original span [start, end) it stands for."""

    norm: str
    start: int
    end: int
    kind: TokenKind


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """The original text and its normalised tokens, in order."""

    original: str
    tokens: tuple[Token, ...]
    words: tuple[str, ...]  # the normalised forms, one per token

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Original [start, end) covered by tokens first..last-1 (token indices, end exclusive)."""
        return self.tokens[first].start, self.tokens[last - 1].end

    def source(self, first: int, last: int) -> str:
        """The original text under tokens first..last-1."""
        start, end = self.span(first, last)
        return self.original[start:end]
