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
    rf"|(?P<other>[^\s][{_MARKS}]*)",
    re.DOTALL,
)
_HYPHEN_PARTS = re.compile(r"[^-]+")
_CHUNKS = re.compile(r"\n+|[^\s]+")  # runs of line breaks, or of anything but white space


_CACHE_LIMIT = 200_000
_new = tuple.__new__  # builds a Token without NamedTuple's Python-level __new__
_EMOJI, _NUMBER, _MENTION, _URL, _BREAK, _PUNCT, _WORD, _HASHTAG = (
    TokenKind.EMOJI, TokenKind.NUMBER, TokenKind.MENTION, TokenKind.URL, TokenKind.BREAK,
    TokenKind.PUNCT, TokenKind.WORD, TokenKind.HASHTAG)
Piece = tuple[tuple[str, int, int, TokenKind], ...]  # (norm, start, end, kind), offsets relative


class Normaliser:
    """Normalises informal Indonesian; `extra_vocabulary` adds words (names, slogans) it knows."""

    def __init__(self, extra_vocabulary: Iterable[str] = ()) -> None:
        lexicon = load_text_lexicon()
        self.version = lexicon.version
        self._words = WordNormaliser(lexicon, frozenset(w.lower() for w in extra_vocabulary))
        self._chunks: dict[str, tuple[Piece, tuple[str, ...]]] = {}

    def __call__(self, text: str) -> NormalisedText:
        """Tokens of `text` in order; emoji without meaning, spaces and URLs' insides are dropped.

        Work is cached per whitespace-separated chunk, so a word seen before costs one lookup.
        """
        tokens: list[Token] = []
        words: list[str] = []
        append = tokens.append
        chunks = self._chunks
        find = text.find
        end = 0
        for raw in _CHUNKS.findall(text):
            cached = chunks.get(raw)
            if cached is None:
                parts = self._chunk(raw)
                cached = (parts, tuple(norm for norm, _, _, _ in parts))
                if len(chunks) < _CACHE_LIMIT:
                    chunks[raw] = cached
            # Only white space without line breaks lies between chunks: the chunk is the
            # first occurrence of its text from the end of the previous one.
            start = find(raw, end)
            end = start + len(raw)
            for norm, first, last, kind in cached[0]:
                append(_new(Token, (norm, start + first, start + last, kind)))
            words += cached[1]
        return NormalisedText(text, tuple(tokens), tuple(words))

    def _chunk(self, text: str) -> Piece:
        """The tokens of one chunk, offsets relative to it."""
        found: list[tuple[str, int, int, TokenKind]] = []
        for piece in _PIECES.finditer(text):
            kind, raw = piece.lastgroup, piece.group()
            start, end = piece.span()
            if kind == "word" or kind == "hashtag":
                parts = self._word(raw) if kind == "word" else self._hashtag(raw)
                found += [(norm, start + a, start + b, k) for norm, a, b, k in parts]
            elif kind == "emoji":
                if word := emoji_word(raw):
                    found.append((word, start, end, _EMOJI))
            elif kind == "number":
                found.append((raw, start, end, _NUMBER))
            elif kind == "mention":
                found.append((raw.lower(), start, end, _MENTION))
            elif kind == "url":
                found.append(("<url>", start, end, _URL))
            elif kind == "brk":
                found.append((".", start, end, _BREAK))
            else:
                found.append((fold(raw)[:1] or raw[0], start, end, _PUNCT))
        return tuple(found)

    def _word(self, raw: str) -> Piece:
        """A word, split at hyphens; a hyphen between numbers (a score, `2-1`) stays a token."""
        parts = list(_HYPHEN_PARTS.finditer(raw))
        numeric = len(parts) > 1 and all(p.group().isdigit() for p in parts)
        found: list[tuple[str, int, int, TokenKind]] = []
        for index, part in enumerate(parts):
            start, end = part.span()
            if numeric and index:
                found.append(("-", start - 1, start, _PUNCT))
            for norm in self._words(part.group()):
                found.append((norm, start, end, _NUMBER if norm.isdigit() else _WORD))
        return tuple(found)

    def _hashtag(self, raw: str) -> Piece:
        """A hashtag becomes its words, each spanning the whole hashtag."""
        return tuple(
            (norm, 0, len(raw), _HASHTAG)
            for part in segment_hashtag(raw[1:], self._words.vocabulary)
            for norm in self._words(part)
        )
