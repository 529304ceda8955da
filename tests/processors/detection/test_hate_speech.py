"""Behaviour tests for the hate-speech classifier and its committed model."""

from __future__ import annotations

import re

import numpy as np
import pytest

from processors.detection.hate_speech import (
    CATEGORIES,
    DEFAULT_MODEL_PATH,
    TARGETS,
    HateSpeechClassifier,
    HateSpeechResult,
    combine,
    tokenize,
)

HATEFUL = [
    "dasar cina kafir anjing, usir saja semua dari negeri ini",
    "USER bani kampret otak udang, memang dasar kaum bodoh dan tolol",
    "Jokowi antek asing PKI, presiden goblok penipu rakyat",
    "umat kristen kafir semua masuk neraka, dasar babi",
]
NEUTRAL = [
    "Selamat pagi, hari ini jadwal posyandu di balai desa jam 08.00",
    "Terima kasih atas bantuan warga saat kerja bakti membersihkan selokan kemarin",
    "Rapat koordinasi persiapan upacara 17 Agustus dilaksanakan di aula kecamatan",
    "Resep sayur asem enak dan mudah dibuat untuk makan siang keluarga",
]


@pytest.fixture(scope="module")
def clf() -> HateSpeechClassifier:
    """The committed model."""
    return HateSpeechClassifier.load()


def test_clear_hate_is_flagged(clf: HateSpeechClassifier) -> None:
    """Unambiguous ethnic/religious/political insults are flagged with reviewer hints."""
    for text in HATEFUL:
        result = clf.predict(text)
        assert result.is_hate, (text, result.probability)
        assert result.target in TARGETS
        assert result.categories and set(result.categories) <= set(CATEGORIES)
        assert result.spans


def test_neutral_is_not_flagged(clf: HateSpeechClassifier) -> None:
    """Everyday administrative and personal posts are not flagged."""
    for text in NEUTRAL:
        result = clf.predict(text)
        assert not result.is_hate, (text, result.probability)
        assert result.probability < 0.5
        assert result.target is None and result.categories == () and result.spans == ()


def test_hate_scores_above_neutral(clf: HateSpeechClassifier) -> None:
    """Every hateful example scores above every neutral example."""
    low = min(clf.predict(t).probability for t in HATEFUL)
    high = max(clf.predict(t).probability for t in NEUTRAL)
    assert low > high


def test_spans_point_at_the_insult_despite_emoji(clf: HateSpeechClassifier) -> None:
    """Offsets index the original text even with emoji, ZWJ sequences and combining marks."""
    text = "👨\u200d👩\u200d👧 cafe\u0301 ✌️🏽 dasar cina kafir anjing 😡😡 usir semua"
    result = clf.predict(text)
    assert result.is_hate
    words = {text[s.start : s.end] for s in result.spans}
    assert words & {"anjing", "kafir", "cina"}
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert re.fullmatch(r"#?\w+", text[span.start : span.end])
        assert span.feature.startswith("hs:")


def test_tokens_keep_original_offsets() -> None:
    """Token ranges slice the original text; combining marks stay inside their word."""
    text = "Ka\u0301fir 🤬 yg @akun https://t.co/x \\xf0\\x9f\\x98\\x82 goblooook"
    tokens = tokenize(text, {"yg": "yang"})
    pieces = [(text[t.start : t.end], t.words) for t in tokens]
    assert pieces == [
        ("Ka\u0301fir", ("kafir",)),
        ("🤬", ("e:🤬",)),
        ("yg", ("yang",)),
        ("@akun", ("user",)),
        ("https://t.co/x", ("url",)),
        ("\\xf0\\x9f\\x98\\x82", ("e:😂",)),
        ("goblooook", ("goblook",)),
    ]


def test_empty_and_whitespace(clf: HateSpeechClassifier) -> None:
    """Empty or symbol-only input gives a low, well-formed result."""
    for text in ("", "   \n\t", "...", "😀"):
        result = clf.predict(text)
        assert isinstance(result, HateSpeechResult)
        assert 0.0 <= result.probability < 0.5
        assert not result.is_hate


def test_huge_text(clf: HateSpeechClassifier) -> None:
    """A very long post is handled and its spans stay in range."""
    text = ("kerja bakti di balai desa 👍 " * 5000) + "dasar cina kafir anjing"
    result = clf.predict(text)
    assert 0.0 <= result.probability <= 1.0
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)


def test_predict_many_matches_predict(clf: HateSpeechClassifier) -> None:
    """Batch and single predictions agree."""
    texts = HATEFUL + NEUTRAL + [""]
    assert clf.predict_many(texts) == [clf.predict(t) for t in texts]


def test_version_is_stable() -> None:
    """The version names the model file content and does not change between loads."""
    a = HateSpeechClassifier.load()
    b = HateSpeechClassifier.load(DEFAULT_MODEL_PATH)
    assert a.version == b.version
    assert re.fullmatch(r"hs-2026\.11-[0-9a-f]{10}", a.version)


def test_operating_threshold_is_precision_oriented(clf: HateSpeechClassifier) -> None:
    """The decision threshold is a probability above the neutral 0.5 point."""
    assert 0.5 <= clf.threshold < 1.0


def test_single_post_scoring_matches_vectorised_combine(clf: HateSpeechClassifier) -> None:
    """The plain-Python scorer used per post agrees with the numpy one used in training."""
    rng = np.random.default_rng(0)
    n_rows = len(clf._bias)
    for _ in range(20):
        z = rng.normal(0.0, 3.0, n_rows)
        score, grad = clf._score_one(z.tolist())
        ref_score, ref_grad = combine(z[None, : clf._n_hs], clf._components)
        assert score == pytest.approx(float(ref_score[0]), rel=1e-9, abs=1e-9)
        assert grad[: clf._n_hs] == pytest.approx(ref_grad[0].tolist(), rel=1e-9, abs=1e-9)
        assert not any(grad[clf._n_hs :])
