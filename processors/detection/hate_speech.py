"""Hate-speech classifier for Indonesian social-media posts (linear model over word and char n-grams)."""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np

DEFAULT_MODEL_PATH = Path(__file__).with_name("models") / "hate_speech.npz"
VERSION_PREFIX = "hs-2026.11"
TARGETS = ("individual", "group")
CATEGORIES = ("religion", "race", "physical", "gender", "other")
VIEWS = ("word", "char")
CHAR_NGRAMS = (2, 3, 4, 5)
MAX_SPANS = 5

# One alternative per token kind; offsets always index the original text.
_TOKEN_RE = re.compile(
    r"(?P<esc>(?:\\x[0-9a-fA-F]{2})+)"
    r"|(?P<skip>\\[nrt]|&(?:amp|lt|gt|quot|nbsp);)"
    r"|(?P<url>(?:https?://|www\.)\S+)"
    r"|(?P<user>@\w+)"
    r"|(?P<word>#?[^\W_][\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*)"
    r"|(?P<punct>[!?]+)"
    r"|(?P<sym>[^\s\w])"
)
_REPEAT_RE = re.compile(r"(.)\1{2,}")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LAUGH_RE = re.compile(r"^(?:wk|kw|ha|he|hi|xi|ck)(?:wk|kw|ha|he|hi|xi|ck|[wkahe])*$")
_REDUP_RE = re.compile(r"^([^\W\d_]{2,})2$")
_LEET = str.maketrans("013457@$", "oieastas")
_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f\u200d" + "".join(chr(c) for c in range(0x1F3FB, 0x1F400)))


@dataclass(frozen=True, slots=True)
class HateSpeechSpan:
    """A character range [start, end) of the original text that drove the decision."""

    start: int
    end: int
    feature: str


@dataclass(frozen=True, slots=True)
class HateSpeechResult:
    """Calibrated probability, decision, reviewer hints and evidence spans for one post."""

    probability: float
    is_hate: bool
    target: str | None
    categories: tuple[str, ...]
    spans: tuple[HateSpeechSpan, ...]


class Token(NamedTuple):
    """A token of the original text: its range and the normalised words it stands for."""

    start: int
    end: int
    words: tuple[str, ...]


def _fold(text: str) -> str:
    """Lower-case and strip accents/combining marks."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _decode_escapes(raw: str) -> str:
    """Turn literal byte escapes such as '\\xf0\\x9f\\x98\\x82' into the characters they encode."""
    data = bytes(int(raw[i + 2 : i + 4], 16) for i in range(0, len(raw), 4))
    return data.decode("utf-8", errors="ignore")


def _emoji_words(chars: str) -> tuple[str, ...]:
    """One word per emoji/symbol character, dropping skin tones, joiners and variation selectors."""
    return tuple(
        "e:" + c for c in chars if c not in _EMOJI_MODIFIERS and unicodedata.category(c).startswith("S")
    )


def normalise_word(raw: str, slang: dict[str, str]) -> tuple[str, ...]:
    """Normalise one raw word token (case, accents, repeats, leetspeak, slang) into words."""
    hashtag = raw.startswith("#")
    word = _fold(raw[1:] if hashtag else raw)
    if word in slang:
        return tuple(slang[word].split())
    word = _REPEAT_RE.sub(r"\1\1", word)
    if _LAUGH_RE.match(word) and len(word) >= 4:
        return ("haha",)
    if word in slang:
        return tuple(slang[word].split())
    redup = _REDUP_RE.match(word)
    if redup:
        base = slang.get(redup.group(1), redup.group(1))
        return (base, base)
    if not word.isalpha() and not word.isdigit():
        word = word.translate(_LEET)
        if word in slang:
            return tuple(slang[word].split())
    single = _DOUBLE_RE.sub(r"\1", word)
    if single != word and single in slang:
        return tuple(slang[single].split())
    return (word,)


def tokenize(text: str, slang: dict[str, str]) -> list[Token]:
    """Split the original text into tokens with offsets and normalised words."""
    if not isinstance(slang, SlangMap):
        slang = SlangMap(slang)
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "skip":
            continue
        raw = m.group()
        if kind == "word":
            words = _normalise_cached(raw, slang)
        elif kind == "esc":
            words = _emoji_words(_decode_escapes(raw))
        elif kind == "url":
            words = ("url",)
        elif kind == "user":
            words = ("user",)
        elif kind == "punct":
            words = (raw[0],)
        else:
            words = _emoji_words(raw)
        if words:
            tokens.append(Token(m.start(), m.end(), words))
    return tokens


class SlangMap(dict):
    """A slang map that is hashable by identity so normalisations can be cached per map."""

    __hash__ = object.__hash__  # type: ignore[assignment]


@lru_cache(maxsize=1 << 16)
def _normalise_cached(raw: str, slang: dict[str, str]) -> tuple[str, ...]:
    """Cached normalise_word (posts repeat words a lot)."""
    return normalise_word(raw, slang)


def char_ngrams(word: str) -> list[str]:
    """Character n-grams of a word padded with spaces (like sklearn's char_wb)."""
    padded = f" {word} "
    size = len(padded)
    return [padded[i : i + n] for n in CHAR_NGRAMS for i in range(size - n + 1)]


def token_features(tokens: Sequence[Token]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Word (uni+bigram) and char n-gram features, each paired with the index of its token."""
    flat = [(w, i) for i, tok in enumerate(tokens) for w in tok.words]
    word_feats = [*flat, *((f"{a} {b}", i) for (a, _), (b, i) in pairwise(flat))]
    char_feats = [(g, i) for w, i in flat if not w.startswith("e:") for g in char_ngrams(w)]
    return word_feats, char_feats


def iter_texts_features(
    texts: Sequence[str], slang: dict[str, str]
) -> Iterator[tuple[list[tuple[str, int]], list[tuple[str, int]]]]:
    """Features of every text (used by training so that training and runtime share one code path)."""
    key = SlangMap(slang)
    for text in texts:
        yield token_features(tokenize(text, key))


@dataclass(frozen=True, slots=True)
class Component:
    """One member of the ensemble: rows [start, stop) of the weight matrix and how to read them.

    A binary member has one row (its logit); a softmax member has one row per class and scores
    the log-odds of its hate-speech classes. Each member is standardised and weighted.
    """

    start: int
    stop: int
    hs_classes: tuple[int, ...]
    mean: float
    std: float
    weight: float


def combine(z: np.ndarray, components: Sequence[Component]) -> tuple[np.ndarray, np.ndarray]:
    """Ensemble score of row logits z (n x rows) and its gradient with respect to z."""
    score = np.zeros(z.shape[0])
    grad = np.zeros_like(z)
    for c in components:
        scale = c.weight / c.std
        if c.stop - c.start == 1:
            score += scale * (z[:, c.start] - c.mean)
            grad[:, c.start] = scale
            continue
        block = z[:, c.start : c.stop]
        p = np.exp(block - block.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        mask = np.zeros(block.shape[1], dtype=bool)
        mask[list(c.hs_classes)] = True
        p_hs = np.clip(p[:, mask].sum(axis=1), 1e-12, 1 - 1e-12)
        score += scale * (np.log(p_hs / (1 - p_hs)) - c.mean)
        grad[:, c.start : c.stop] = scale * p * (mask[None, :] - p_hs[:, None]) / (p_hs * (1 - p_hs))[:, None]
    return score, grad


@dataclass(frozen=True, slots=True)
class _ViewScore:
    """One view of a post: unique feature ids and values; occurrences sorted by id with positions."""

    view: int
    ids: np.ndarray
    values: np.ndarray
    first: np.ndarray
    counts: np.ndarray
    positions: np.ndarray


class HateSpeechClassifier:
    """Linear hate-speech model with target/category heads, calibrated and thresholded on dev data."""

    version: str

    def __init__(self, arrays: dict[str, np.ndarray], digest: str) -> None:
        """Build the runtime tables from the arrays of a model file."""
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        self.version = f"{VERSION_PREFIX}-{digest[:10]}"
        self.threshold: float = meta["threshold"]
        self._calib_a, self._calib_b = meta["calibration"]
        self._head_thresholds: list[float] = meta["head_thresholds"]
        self._slang = SlangMap(meta["slang"])
        self._components = [
            Component(**{**c, "hs_classes": tuple(c["hs_classes"])}) for c in meta["components"]
        ]
        self._n_hs = max(c.stop for c in self._components)
        self._bias = np.asarray(arrays["bias"], dtype=np.float64)
        self._vocab: list[dict[str, int]] = []
        self._idf: list[np.ndarray] = []
        self._coef: list[np.ndarray] = []
        for view in VIEWS:
            vocab = bytes(arrays[f"vocab_{view}"]).decode("utf-8").split("\n")
            self._vocab.append({f: j for j, f in enumerate(vocab)})
            self._idf.append(arrays[f"idf_{view}"].astype(np.float64))
            scale = arrays[f"scale_{view}"].astype(np.float32)
            self._coef.append(arrays[f"coef_{view}"].astype(np.float32) * scale)
        self._char_cache: dict[str, np.ndarray] = {}

    @classmethod
    def load(cls, path: Path | None = None) -> HateSpeechClassifier:
        """Load a model file (default: the committed model next to this module).

        The version hashes the arrays, not the zip container, so a byte-identical rebuild
        keeps its version.
        """
        path = path or DEFAULT_MODEL_PATH
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in sorted(npz.files)}
        digest = hashlib.sha256()
        for name, array in arrays.items():
            digest.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
            digest.update(np.ascontiguousarray(array).tobytes())
        return cls(arrays, digest.hexdigest())

    def _char_ids(self, word: str) -> np.ndarray:
        """Vocabulary ids of the char n-grams of one word (cached)."""
        ids = self._char_cache.get(word)
        if ids is None:
            vocab = self._vocab[1]
            found = [j for g in char_ngrams(word) if (j := vocab.get(g)) is not None]
            ids = np.array(found, dtype=np.intp)
            if len(self._char_cache) > 200_000:
                self._char_cache.clear()
            self._char_cache[word] = ids
        return ids

    def _view_ids(self, tokens: Sequence[Token]) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each view, the feature id of every occurrence and the token it came from."""
        word_vocab = self._vocab[0]
        word_ids: list[int] = []
        word_pos: list[int] = []
        char_ids: list[np.ndarray] = []
        char_pos: list[int] = []
        prev = None
        for i, tok in enumerate(tokens):
            for w in tok.words:
                j = word_vocab.get(w)
                if j is not None:
                    word_ids.append(j)
                    word_pos.append(i)
                if prev is not None:
                    j = word_vocab.get(f"{prev} {w}")
                    if j is not None:
                        word_ids.append(j)
                        word_pos.append(i)
                prev = w
                if not w.startswith("e:"):
                    char_ids.append(self._char_ids(w))
                    char_pos.append(i)
        chars = np.concatenate(char_ids) if char_ids else np.empty(0, np.intp)
        lengths = [len(c) for c in char_ids]
        return [
            (np.array(word_ids, dtype=np.intp), np.array(word_pos, dtype=np.intp)),
            (chars, np.repeat(np.array(char_pos, dtype=np.intp), lengths)),
        ]

    def _scores(self, tokens: Sequence[Token]) -> tuple[np.ndarray, list[_ViewScore]]:
        """Logits of every row and, per view, the normalised tf-idf values of its features."""
        z = self._bias.copy()
        views = []
        for v, (ids, pos) in enumerate(self._view_ids(tokens)):
            if ids.size == 0:
                continue
            order = ids.argsort(kind="stable")
            ordered = ids[order]
            first = np.empty(ordered.size, dtype=bool)
            first[0] = True
            np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
            starts = np.flatnonzero(first)
            uniq = ordered[starts]
            counts = np.empty_like(starts)
            counts[:-1] = starts[1:] - starts[:-1]
            counts[-1] = ordered.size - starts[-1]
            values = (1.0 + np.log(counts)) * self._idf[v][uniq]
            values /= math.sqrt(float(values @ values))
            z += values @ self._coef[v][uniq]
            views.append(_ViewScore(v, uniq, values, first, counts, pos[order]))
        return z, views

    def _score_one(self, z: list[float]) -> tuple[float, list[float]]:
        """combine() for one post in plain Python (numpy is slow on tiny arrays): score, gradient."""
        score = 0.0
        grad = [0.0] * len(z)
        for c in self._components:
            scale = c.weight / c.std
            if c.stop - c.start == 1:
                score += scale * (z[c.start] - c.mean)
                grad[c.start] = scale
                continue
            block = z[c.start : c.stop]
            top = max(block)
            e = [math.exp(x - top) for x in block]
            total = sum(e)
            p = [x / total for x in e]
            p_hs = min(max(sum(p[i] for i in c.hs_classes), 1e-12), 1 - 1e-12)
            score += scale * (math.log(p_hs / (1 - p_hs)) - c.mean)
            odds = scale / (p_hs * (1 - p_hs))
            for k, pk in enumerate(p):
                grad[c.start + k] = odds * pk * ((k in c.hs_classes) - p_hs)
        return score, grad

    def _heads(self, z: np.ndarray) -> tuple[str, tuple[str, ...]]:
        """Target and categories from the auxiliary heads."""
        probs = 1.0 / (1.0 + np.exp(-z[self._n_hs :]))
        target = TARGETS[1] if probs[0] >= self._head_thresholds[0] else TARGETS[0]
        cats = probs[1:]
        chosen = tuple(
            c for c, p, t in zip(CATEGORIES, cats, self._head_thresholds[1:], strict=True) if p >= t
        )
        return target, chosen or (CATEGORIES[int(np.argmax(cats))],)

    def _spans(
        self, tokens: Sequence[Token], views: Sequence[_ViewScore], grad: np.ndarray
    ) -> tuple[HateSpeechSpan, ...]:
        """The tokens that pushed the decision towards hate speech the most (gradient x input).

        grad has one entry per weight row (zero for the target/category heads).
        """
        contrib = np.zeros(len(tokens))
        for vs in views:
            part = vs.values * (self._coef[vs.view][vs.ids] @ grad)
            inverse = np.cumsum(vs.first) - 1
            shares = part[inverse] / vs.counts[inverse]
            contrib += np.bincount(vs.positions, weights=shares, minlength=len(tokens))
        best = [int(i) for i in np.argsort(-contrib, kind="stable")[:MAX_SPANS] if contrib[i] > 0]
        return tuple(
            HateSpeechSpan(tokens[i].start, tokens[i].end, "hs:" + "+".join(tokens[i].words))
            for i in sorted(best)
        )

    def predict(self, text: str) -> HateSpeechResult:
        """Classify one post."""
        tokens = tokenize(text, self._slang)
        z, views = self._scores(tokens)
        score, grad = self._score_one(z.tolist())
        logit = self._calib_a * score + self._calib_b
        probability = 1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0
        if probability < self.threshold:
            return HateSpeechResult(probability, False, None, (), ())
        target, categories = self._heads(z)
        spans = self._spans(tokens, views, np.array(grad, dtype=np.float32))
        return HateSpeechResult(probability, True, target, categories, spans)

    def predict_many(self, texts: Sequence[str]) -> list[HateSpeechResult]:
        """Classify many posts."""
        predict = self.predict
        return [predict(t) for t in texts]
