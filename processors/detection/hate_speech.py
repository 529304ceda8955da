"""Hate-speech classifier for Indonesian social-media posts: a linear model over word and char n-grams
of the post without its names, gated on hateful words."""

from __future__ import annotations

import hashlib
import json
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import Path
from typing import NamedTuple

import numpy as np

from processors.detection.hate import HateSpeechUnavailable
from processors.detection.masking import NameMask
from processors.detection.sara import SLUR, SaraRules

DEFAULT_MODEL_PATH = Path(__file__).with_name("models") / "hate_speech.npz"
VERSION_PREFIX = "hs-2026.11"
TARGETS = ("individual", "group")
CATEGORIES = ("religion", "race", "physical", "gender", "other")
# The heads' categories as CONTRACTS §4 names the targeted group.
CATEGORY_GROUPS = {"religion": "religion", "race": "race_ethnicity", "physical": "disability",
                   "gender": "gender", "other": "other"}
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
# Words that do not start a sentence's text: a capitalised word after `RT USER` is still first.
_NOT_SENTENCE_WORDS = frozenset({"RT", "USER"})
_REPEAT_RE = re.compile(r"(.)\1{2,}")
_DOUBLE_RE = re.compile(r"(.)\1+")
_LAUGH_RE = re.compile(r"^(?:wk|kw|ha|he|hi|xi|ck)(?:wk|kw|ha|he|hi|xi|ck|[wkahe])*$")
_REDUP_RE = re.compile(r"^([^\W\d_]{2,})2$")
_LEET = str.maketrans("013457@$", "oieastas")
_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f\u200d" + "".join(chr(c) for c in range(0x1F3FB, 0x1F400)))


@dataclass(frozen=True, slots=True)
class HateSpeechSpan:
    """Hateful words at [start, end) of the original text, the rule that saw them, and whom they target.

    `kind` is "group" or "individual"; `group` (for a group) is a value of CATEGORY_GROUPS or
    a SARA group (religion, race_ethnicity, gender, disability).
    """

    start: int
    end: int
    feature: str
    kind: str
    group: str | None


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


def _scan(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Every token match of the text and whether it starts a sentence (for the name mask)."""
    initial, previous_end = True, 0
    for m in _TOKEN_RE.finditer(text):
        if "\n" in text[previous_end : m.start()]:
            initial = True
        previous_end = m.end()
        yield m, initial
        kind = m.lastgroup
        if kind == "punct" or (kind == "sym" and m.group() in ".:;") or (
            kind == "skip" and m.group() == "\\n"
        ):
            initial = True
        elif kind == "word" and m.group() not in _NOT_SENTENCE_WORDS:
            initial = False


def word_casing(text: str) -> Iterator[tuple[str, str, bool]]:
    """(raw, folded, sentence-initial) of every plain word: what the name mask learns from."""
    for m, initial in _scan(text):
        raw = m.group()
        if m.lastgroup == "word" and not raw.startswith("#"):
            yield raw, _fold(raw), initial


def tokenize(
    text: str, slang: dict[str, str], mask: NameMask | None = None, names: frozenset[str] = frozenset()
) -> list[Token]:
    """Split the original text into tokens with offsets and normalised words.

    With a mask, names (the mask's, configured in `names`, or capitalised unknown words) and
    hashtags built on a name are left out: the classifier never sees them. Mentions and URLs
    are always read as the placeholders `user` and `url`: whose account or which link never
    changes the words.
    """
    if not isinstance(slang, SlangMap):
        slang = SlangMap(slang)
    tokens: list[Token] = []
    for m, initial in _scan(text):
        kind = m.lastgroup
        if kind == "skip":
            continue
        raw = m.group()
        words: tuple[str, ...]
        if kind == "word" and raw == "USER":
            words = ("user",)
        elif kind == "word":
            if mask is not None and _masked(mask, raw, initial, names):
                continue
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


def _masked(mask: NameMask, raw: str, initial: bool, names: frozenset[str]) -> bool:
    """Whether a word or hashtag token is a person or built on a person's name."""
    if raw.startswith("#"):
        return mask.masks_hashtag(_fold(raw[1:]), names)
    return mask.masks_word(raw, _fold(raw), initial, names)


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


def token_features(tokens: Sequence[Token]) -> tuple[list[str], list[str]]:
    """Word (uni+bigram) and char n-gram features of a token sequence."""
    flat = [w for tok in tokens for w in tok.words]
    word_feats = [*flat, *(f"{a} {b}" for a, b in pairwise(flat))]
    char_feats = [g for w in flat if not w.startswith("e:") for g in char_ngrams(w)]
    return word_feats, char_feats


def iter_texts_features(
    texts: Sequence[str], slang: dict[str, str], mask: NameMask | None
) -> Iterator[tuple[list[str], list[str]]]:
    """Features of every text (used by training so that training and runtime share one code path)."""
    key = SlangMap(slang)
    for text in texts:
        yield token_features(tokenize(text, key, mask))


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


def combine(z: np.ndarray, components: Sequence[Component]) -> np.ndarray:
    """Ensemble score of row logits z (n x rows)."""
    score = np.zeros(z.shape[0])
    for c in components:
        scale = c.weight / c.std
        if c.stop - c.start == 1:
            score += scale * (z[:, c.start] - c.mean)
            continue
        block = z[:, c.start : c.stop]
        p = np.exp(block - block.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p_hs = np.clip(p[:, list(c.hs_classes)].sum(axis=1), 1e-12, 1 - 1e-12)
        score += scale * (np.log(p_hs / (1 - p_hs)) - c.mean)
    return score


class HateSpeechClassifier:
    """Linear hate-speech model over masked text, gated on hateful words (SARA rules, insults).

    A post is flagged when a SARA group rule (group term + what is said of it) matches and the
    calibrated probability reaches the rule threshold, or when it reaches the (higher) operating
    threshold and the post holds an insult, a slur or a SARA match: topic alone never flags.
    Both thresholds come from the false-flag rate on ordinary real posts (training/hate_speech.py).
    """

    version: str

    def __init__(self, arrays: dict[str, np.ndarray], digest: str, rules: SaraRules) -> None:
        """Build the runtime tables from the arrays of a model file."""
        meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
        self.version = f"{VERSION_PREFIX}-{digest[:10]}"
        self.threshold: float = meta["threshold"]
        self.rule_threshold: float = meta["rule_threshold"]
        self._calib_a, self._calib_b = meta["calibration"]
        self._head_thresholds: list[float] = meta["head_thresholds"]
        self._slang = SlangMap(meta["slang"])
        self._rules = rules
        self._mask = NameMask(_strings(arrays["mask_names"]), _strings(arrays["mask_ordinary"]),
                              rules.words)
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

        The version hashes the arrays and the SARA lexicon's version, not the zip container, so
        a byte-identical rebuild keeps its version. Raises HateSpeechUnavailable when the file
        is missing or unreadable.
        """
        path = path or DEFAULT_MODEL_PATH
        rules = SaraRules()
        try:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in sorted(npz.files)}
            digest = hashlib.sha256(rules.version.encode())
            for name, array in arrays.items():
                digest.update(f"{name}:{array.dtype.str}:{array.shape}".encode())
                digest.update(np.ascontiguousarray(array).tobytes())
            return cls(arrays, digest.hexdigest(), rules)
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as error:
            raise HateSpeechUnavailable(
                f"hate-speech model {path} is missing or unreadable ({type(error).__name__}: "
                f"{error}); rebuild it with `python -m training.hate_speech --build`"
            ) from error

    def tokens(self, text: str, names: frozenset[str] = frozenset()) -> list[Token]:
        """The tokens the model reads: names, mentions, URLs and name hashtags left out."""
        return tokenize(text, self._slang, self._mask, names)

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

    def _view_ids(self, tokens: Sequence[Token]) -> list[np.ndarray]:
        """For each view, the feature id of every occurrence."""
        word_vocab = self._vocab[0]
        word_ids: list[int] = []
        char_ids: list[np.ndarray] = []
        prev = None
        for tok in tokens:
            for w in tok.words:
                j = word_vocab.get(w)
                if j is not None:
                    word_ids.append(j)
                if prev is not None:
                    j = word_vocab.get(f"{prev} {w}")
                    if j is not None:
                        word_ids.append(j)
                prev = w
                if not w.startswith("e:"):
                    char_ids.append(self._char_ids(w))
        chars = np.concatenate(char_ids) if char_ids else np.empty(0, np.intp)
        return [np.array(word_ids, dtype=np.intp), chars]

    def _logits(self, tokens: Sequence[Token]) -> np.ndarray:
        """Logits of every weight row: sublinear tf-idf per view, L2-normalised, times weights."""
        z = self._bias.copy()
        for v, ids in enumerate(self._view_ids(tokens)):
            if ids.size == 0:
                continue
            uniq, counts = np.unique(ids, return_counts=True)
            values = (1.0 + np.log(counts)) * self._idf[v][uniq]
            values /= math.sqrt(float(values @ values))
            z += values @ self._coef[v][uniq]
        return z

    def _score_one(self, z: list[float]) -> float:
        """combine() for one post in plain Python (numpy is slow on tiny arrays)."""
        score = 0.0
        for c in self._components:
            scale = c.weight / c.std
            if c.stop - c.start == 1:
                score += scale * (z[c.start] - c.mean)
                continue
            block = z[c.start : c.stop]
            top = max(block)
            e = [math.exp(x - top) for x in block]
            p_hs = min(max(sum(e[i] for i in c.hs_classes) / sum(e), 1e-12), 1 - 1e-12)
            score += scale * (math.log(p_hs / (1 - p_hs)) - c.mean)
        return score

    def _heads(self, z: np.ndarray) -> tuple[str, tuple[str, ...]]:
        """Target and categories from the auxiliary heads."""
        probs = 1.0 / (1.0 + np.exp(-z[self._n_hs :]))
        target = TARGETS[1] if probs[0] >= self._head_thresholds[0] else TARGETS[0]
        cats = probs[1:]
        chosen = tuple(
            c for c, p, t in zip(CATEGORIES, cats, self._head_thresholds[1:], strict=True) if p >= t
        )
        return target, chosen or (CATEGORIES[int(np.argmax(cats))],)

    def probability(self, tokens: Sequence[Token]) -> tuple[float, np.ndarray]:
        """Calibrated hate-speech probability of masked tokens, and the row logits."""
        z = self._logits(tokens)
        logit = self._calib_a * self._score_one(z.tolist()) + self._calib_b
        return (1.0 / (1.0 + math.exp(-logit)) if logit > -700 else 0.0), z

    def predict(self, text: str, names: frozenset[str] = frozenset()) -> HateSpeechResult:
        """Classify one post; `names` are further words to mask (the election's candidates)."""
        tokens = self.tokens(text, names)
        probability, z = self.probability(tokens)
        if probability < min(self.threshold, self.rule_threshold):
            return HateSpeechResult(probability, False, None, (), ())
        sara, insults = self._rules.find(text, tokens)
        by_rule = probability >= self.rule_threshold and any(m.rule != SLUR for m in sara)
        learned = probability >= self.threshold and bool(sara or insults)
        if not by_rule and not learned:
            return HateSpeechResult(probability, False, None, (), ())
        target, categories = self._heads(z)
        # Matches come in text order: only the first MAX_SPANS of each can be among the first
        # MAX_SPANS spans, and only those SARA matches can cover one of those insults.
        spans = [HateSpeechSpan(m.start, m.end, m.rule, m.kind, m.group) for m in sara[:MAX_SPANS]]
        if learned:
            group = CATEGORY_GROUPS[categories[0]] if target == "group" else None
            covered = [(m.start, m.end) for m in sara[:MAX_SPANS]]
            free = (m for m in insults if not any(a <= m.start < b for a, b in covered))
            spans += [HateSpeechSpan(m.start, m.end, "hs:" + text[m.start : m.end].lower(), target, group)
                      for m in islice(free, MAX_SPANS)]
        spans.sort(key=lambda s: s.start)
        return HateSpeechResult(probability, True, spans[0].kind, categories, tuple(spans[:MAX_SPANS]))

    def predict_many(self, texts: Sequence[str]) -> list[HateSpeechResult]:
        """Classify many posts."""
        predict = self.predict
        return [predict(t) for t in texts]


def _strings(array: np.ndarray) -> frozenset[str]:
    """A newline-joined UTF-8 word list stored as bytes."""
    text = bytes(array).decode("utf-8")
    return frozenset(text.split("\n")) if text else frozenset()
