"""Turn a post's text into normalised tokens, each pointing back at its span of the original."""

import re
from collections.abc import Iterable

from processors.text.emoji import EMOJI, emoji_word
from processors.text.hashtags import segment_hashtag
from processors.text.lexicon import load_text_lexicon
from processors.text.tokens import NormalisedText, Token, TokenKind
from processors.text.words import WordNormaliser, fold

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u200c"
_W = rf"[\w{_MARKS}]"
_PIECES = re.compile(
    rf"(?P<url>(?:https?://|www\.)\S+)"
    rf"|(?P<mention>(?<![\w@])@[A-Za-z0-9_.]*[A-Za-z0-9_])"
    rf"|(?P<hashtag>(?<![\w#])#{_W}+)"
    rf"|(?P<emoji>{EMOJI.pattern})"
    rf"|(?P<number>\d+(?:[.,:/]\d+)+(?!{_W}))"
    rf"|(?P<word>{_W}+(?:[-'\u2019@$]{_W}+)*)"
    rf"|(?P<brk>\n+)"
    rf"|(?P<space>\s+)"
    rf"|(?P<other>.[{_MARKS}]*)",
    re.DOTALL,
)
_HYPHEN_PARTS = re.compile(r"[^-]+")


class Normaliser:
    """Normalises informal Indonesian; `extra_vocabulary` adds words (names, slogans) it knows."""

    def __init__(self, extra_vocabulary: Iterable[str] = ()) -> None:
        lexicon = load_text_lexicon()
        self.version = lexicon.version
        self._words = WordNormaliser(lexicon, frozenset(w.lower() for w in extra_vocabulary))

    def __call__(self, text: str) -> NormalisedText:
        """Tokens of `text` in order; emoji without meaning, spaces and URLs' insides are dropped."""
        tokens: list[Token] = []
        for piece in _PIECES.finditer(text):
            kind = piece.lastgroup
            start, end = piece.span()
            if kind == "word":
                self._word(piece.group(), start, tokens)
            elif kind == "hashtag":
                self._hashtag(piece.group(), start, end, tokens)
            elif kind == "emoji":
                word = emoji_word(piece.group())
                if word:
                    tokens.append(Token(word, start, end, TokenKind.EMOJI))
            elif kind == "number":
                tokens.append(Token(piece.group(), start, end, TokenKind.NUMBER))
            elif kind == "mention":
                tokens.append(Token(piece.group().lower(), start, end, TokenKind.MENTION))
            elif kind == "url":
                tokens.append(Token("<url>", start, end, TokenKind.URL))
            elif kind == "brk":
                tokens.append(Token(".", start, end, TokenKind.BREAK))
            elif kind == "other" and not piece.group()[0].isspace():
                tokens.append(Token(fold(piece.group())[:1] or piece.group()[0], start, end,
                                    TokenKind.PUNCT))
        return NormalisedText(text, tuple(tokens))

    def _word(self, raw: str, offset: int, tokens: list[Token]) -> None:
        """A word, split at hyphens; a hyphen between numbers (a score, `2-1`) stays a token."""
        parts = list(_HYPHEN_PARTS.finditer(raw))
        numeric = len(parts) > 1 and all(p.group().isdigit() for p in parts)
        for index, part in enumerate(parts):
            start, end = offset + part.start(), offset + part.end()
            if numeric and index:
                tokens.append(Token("-", start - 1, start, TokenKind.PUNCT))
            for norm in self._words(part.group()):
                kind = TokenKind.NUMBER if norm.isdigit() else TokenKind.WORD
                tokens.append(Token(norm, start, end, kind))

    def _hashtag(self, raw: str, start: int, end: int, tokens: list[Token]) -> None:
        """A hashtag becomes its words, each spanning the whole hashtag."""
        for part in segment_hashtag(raw[1:], self._words.vocabulary):
            for norm in self._words(part):
                tokens.append(Token(norm, start, end, TokenKind.HASHTAG))
