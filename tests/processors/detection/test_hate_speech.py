"""Behaviour tests for the hate-speech classifier and its committed model."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from processors.detection.hate import HateSpeechUnavailable
from processors.detection.hate_speech import (
    CATEGORIES,
    CATEGORY_GROUPS,
    DEFAULT_MODEL_PATH,
    TARGETS,
    HateSpeechClassifier,
    HateSpeechResult,
    combine,
    tokenize,
)

TARGET_GROUPS = set(CATEGORY_GROUPS.values())

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


def test_spans_point_at_the_hateful_words_despite_emoji(clf: HateSpeechClassifier) -> None:
    """Offsets index the original text even with emoji, ZWJ sequences and combining marks."""
    text = "👨\u200d👩\u200d👧 cafe\u0301 ✌️🏽 dasar cina kafir anjing 😡😡 usir semua"
    result = clf.predict(text)
    assert result.is_hate
    spans = [text[s.start : s.end] for s in result.spans]
    assert "cina kafir" in spans
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert re.fullmatch(r"\w[\w ]*", text[span.start : span.end])
        assert span.feature.startswith(("hs:", "sara:"))
        assert span.kind in TARGETS and (span.group in TARGET_GROUPS) == (span.kind == "group")


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


def test_hostile_repetition_of_hate_gives_a_few_spans(clf: HateSpeechClassifier) -> None:
    """Thousands of slurs and insults in one post: flagged, at most five spans, all in range."""
    text = "cina babi, dasar goblok! " * 4000
    result = clf.predict(text)
    assert result.is_hate and 0 < len(result.spans) <= 5
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
        reference = combine(z[None, : clf._n_hs], clf._components)
        assert clf._score_one(z.tolist()) == pytest.approx(float(reference[0]), rel=1e-9, abs=1e-9)


# Real-like posts about candidates: {a} is where a name goes.
TEMPLATES = [
    "KPU: {a} unggul di seluruh kabupaten menurut hitung cepat",
    "Selamat untuk pasangan no. 3 {a}, semoga amanah",
    "hari ini {a} blusukan ke pasar, warga antusias",
    "Debat semalam {a} jawabannya muter muter, kurang meyakinkan",
    "{a} itu penipu rakyat, janji palsu semua",
    "dasar {a} goblok, program gak jelas",
    "pendukung {a} itu kafir semua, usir dari kampung",
    "RT @warga_biasa: {a} resmikan jembatan baru https://t.co/abc",
    "Kata pengamat, peluang {a} masih terbuka lebar #Pilkada2024",
    "wkwk {a} lagi-lagi salah sebut nama daerah 😂",
    "Tolong pak {a} perhatikan jalan rusak di desa kami",
    "{a} dan wakilnya hadir di pengajian akbar malam ini",
    "Survei terbaru: elektabilitas {a} naik 5 persen",
    "Saya kecewa sama {a}, dulu janji lapangan kerja",
    "{a} antek asing, presiden boneka",
    "Ibu-ibu antusias menyambut {a} di posyandu",
]
NAMES = ["Sutopo", "Bambang", "Ratna Dewi", "Rhoma Satria", "Lestiani", "Tigor Panjaitan",
         "Anies", "Ahok", "Jokowi", "Prabowo", "Agus", "Sandiaga Uno"]


def test_swapping_a_candidate_name_changes_the_probability_by_at_most_002(
    clf: HateSpeechClassifier,
) -> None:
    """The model judges what is said, not who: the election file's names are never read."""
    names = frozenset(word.lower() for name in NAMES for word in name.split())
    assert _worst_swap(clf, TEMPLATES, names) <= 0.02


def test_swapping_a_capitalised_name_inside_a_sentence_changes_the_probability_by_at_most_002(
    clf: HateSpeechClassifier,
) -> None:
    """Names no election file lists are dropped too when capitalised inside a sentence (a name
    opening a sentence is not told from an ordinary word there: the classifier reads it)."""
    inside = [t for t in TEMPLATES if not t.startswith("{a}") and ": {a}" not in t]
    # Not "Ratna Dewi": most training tweets write `ratna` (Ratna Sarumpaet) in lower case, so it
    # is an ordinary word to the mask and only the election file masks it (the test above).
    unlisted = [name for name in NAMES if name != "Ratna Dewi"]
    assert _worst_swap(clf, inside, frozenset(), unlisted) <= 0.02


def _worst_swap(
    clf: HateSpeechClassifier, templates: list[str], names: frozenset[str], swapped: list[str] = NAMES
) -> float:
    """The largest probability range over the swapped names put into one template."""
    worst = 0.0
    for template in templates:
        probabilities = [clf.predict(template.format(a=name), names).probability for name in swapped]
        worst = max(worst, max(probabilities) - min(probabilities))
    return worst


def test_topic_without_hateful_words_is_not_flagged(clf: HateSpeechClassifier) -> None:
    """Election news, congratulations and criticism without insults or SARA are not hate speech."""
    for template in TEMPLATES[:4] + TEMPLATES[7:14] + TEMPLATES[15:]:
        for name in NAMES:
            text = template.format(a=name)
            assert not clf.predict(text).is_hate, text


def test_spans_are_never_a_name_mention_url_or_hashtag_alone(clf: HateSpeechClassifier) -> None:
    """Evidence spans are the hateful words, whatever names surround them."""
    flagged = 0
    for template in TEMPLATES:
        for name in NAMES:
            text = f"@{name.split()[0]} " + template.format(a=name) + f" #{name.replace(' ', '')}"
            result = clf.predict(text)
            flagged += result.is_hate
            for span in result.spans:
                words = text[span.start : span.end]
                assert not re.fullmatch(r"[@#]\w+|https?://\S+", words), (text, words)
                assert words not in {n for full in NAMES for n in (full, *full.split())}, (text, words)
    assert flagged >= 2 * len(NAMES)


def test_missing_or_corrupt_model_fails_loudly(tmp_path: Path) -> None:
    """No silent fallback: a clear exception names the file and how to rebuild it."""
    corrupt = tmp_path / "hate_speech.npz"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip file")
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(DEFAULT_MODEL_PATH.read_bytes()[:5000])
    incomplete = tmp_path / "incomplete.npz"
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as npz:
        np.savez(incomplete, **{k: npz[k] for k in npz.files if k != "mask_names"})
    for path in (tmp_path / "absent.npz", corrupt, truncated, incomplete):
        with pytest.raises(HateSpeechUnavailable, match=r"training\.hate_speech --build"):
            HateSpeechClassifier.load(path)
