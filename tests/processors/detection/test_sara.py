"""SARA rules: group term plus what is said of it, slurs, insults; reports and neutral mentions flag nothing."""

import pytest

from processors.detection.hate_speech import tokenize
from processors.detection.sara import SaraMatch, SaraRules

RULES = SaraRules()


def find(text: str) -> tuple[list[SaraMatch], list[SaraMatch]]:
    return RULES.find(text, tokenize(text, {}))


@pytest.mark.parametrize(("text", "group", "rule", "words"), [
    ("Orang Madura itu biadab semua", "race_ethnicity", "sara:derogation", "Madura itu biadab"),
    ("umat kristen tidak boleh jadi lurah di sini", "religion", "sara:exclusion",
     "kristen tidak boleh jadi"),
    ("etnis pendatang itu tikus, usir", "race_ethnicity", "sara:dehumanisation", "pendatang itu tikus"),
    ("bakar saja gerejanya", "religion", "sara:violence", "bakar saja gerejanya"),
    ("wanita tak layak memimpin desa", "gender", "sara:exclusion", "wanita tak layak memimpin"),
    ("dasar lonte", "gender", "sara:slur", "lonte"),
    ("otaknya autis", "disability", "sara:slur", "otaknya autis"),
    ("antek ASENG semua", "race_ethnicity", "sara:slur", "antek ASENG"),
])
def test_group_hate_is_matched_with_its_words_and_group(
    text: str, group: str, rule: str, words: str
) -> None:
    matches, _ = find(text)
    assert (group, rule) in {(m.group, m.rule) for m in matches}
    assert words in {text[m.start:m.end] for m in matches}
    assert all(m.kind == "group" for m in matches)


@pytest.mark.parametrize("text", [
    "Selamat Hari Natal untuk umat Kristen, damai selalu",
    "Warga Madura dan Jawa kerja bakti bersama di pasar",
    "Polisi menangkap penyebar ujaran kebencian terhadap etnis Tionghoa",
    "Bawaslu: jangan pakai isu SARA, jangan menghina agama orang lain",
    "Sekolah luar biasa untuk anak tuna netra diresmikan bupati",
    "Perempuan pertama yang jadi bupati di kabupaten ini dilantik",
    "Orang Batak itu pekerja keras. Tikus di sawah makin banyak",  # different sentences
])
def test_neutral_mentions_and_reports_are_not_matched(text: str) -> None:
    assert find(text)[0] == []


def test_group_and_predicate_must_be_near() -> None:
    far = "orang papua " + "datang ke pasar membeli sayur dan buah segar untuk keluarga besar " + "sampah"
    assert find(far)[0] == []
    assert find("orang papua itu sampah")[0]


def test_insults_are_found_apart_from_group_hate() -> None:
    matches, insults = find("dasar goblooook, penipu rakyat")
    assert matches == []
    assert [m.rule for m in insults] == ["insult", "insult"]
    assert all(m.kind == "individual" and m.group is None for m in insults)


def test_offsets_index_the_original_text_with_emoji() -> None:
    text = "👨\u200d👩\u200d👧 kaum syiah itu sesat 😡"
    (match,), _ = find(text)
    assert text[match.start:match.end] == "syiah itu sesat"


def test_long_hostile_text_is_handled() -> None:
    text = "cina babi " * 5_000
    matches, insults = find(text)
    assert matches and insults
    assert all(0 <= m.start < m.end <= len(text) for m in matches)
