"""The pipeline as processors.decide uses it: offsets, fields, reposts, versions, hate speech."""

from dataclasses import dataclass

import pytest

from netra.domain.decision import HateTarget
from netra.domain.elections import load_elections
from netra.domain.post import SharedFrom
from processors.decide import Detector
from processors.detection.pipeline import ViolationDetector
from tests.processors.detection.support import DATA, categories, detector, post

OFFSET_TEXTS = [
    "👨‍👩‍👧‍👦🇮🇩 Ayo c0bl0s nomor 1!!! ✌🏽 #SutopoRatna",
    "Cafe\u0301 e\u0301\u0302 🙏🏼 dapat amplop 100rb asal coblos nomor 2 😁",
    "🏳️‍🌈\u200d coblos 2️⃣ ya",
    "\u1e9e \U0001d400 \uff38 🫶🏻 jangan lupa pilih Bambang Wirayudha",
]


@pytest.mark.parametrize("text", OFFSET_TEXTS)
def test_evidence_offsets_point_into_the_original_text(text: str) -> None:
    evidence = detector().detect(post(text))
    assert evidence
    for item in evidence:
        assert item.text == text[item.start:item.end]
        assert item.text.strip() == item.text
        assert 0.0 <= item.confidence <= 1.0


def test_shared_text_evidence_names_its_field() -> None:
    shared = SharedFrom(platform="x", handle="warga_biasa", text="Ayo coblos nomor 1! #SutopoRatna")
    evidence = detector().detect(post("Setuju!", shared=shared))
    assert evidence and {e.field for e in evidence} == {"shared_from.text"}
    for item in evidence:
        assert item.text == shared.text[item.start:item.end]


def test_repost_of_an_official_account_is_endorsement() -> None:
    shared = SharedFrom(platform="x", handle="@SutopoHadi_Official", text="Terima kasih warga!")
    evidence = detector().detect(post("", shared=shared))
    assert [(e.rule, e.field, e.candidate.number if e.candidate else None) for e in evidence] == [
        ("official-account-repost", "shared_from.handle", 1)]


def test_repost_of_an_ordinary_account_is_not() -> None:
    shared = SharedFrom(platform="x", handle="berita_kaliurang", text="Cuaca cerah hari ini")
    assert detector().detect(post("", shared=shared)) == []


def test_same_handle_on_another_platform_is_not_the_official_account() -> None:
    shared = SharedFrom(platform="tiktok", handle="sutopohadi_official", text="Halo")
    assert detector().detect(post("", shared=shared)) == []


def test_satisfies_the_detector_protocol_and_stamps_versions() -> None:
    instance: Detector = detector()
    for key in ("normaliser", "endorsement", "money_politics", "intimidation",
                "disinformation", "elections", "claims"):
        assert instance.versions[key]
    assert "hate_speech" not in instance.versions


@dataclass
class FakeSpan:
    start: int
    end: int
    feature: str
    kind: str
    group: str | None


@dataclass
class FakeResult:
    probability: float
    is_hate: bool
    target: str | None
    categories: tuple[str, ...]
    spans: tuple[FakeSpan, ...]


class FakeHateSpeech:
    version = "fake-hs-1"

    def predict(self, text: str, names: frozenset[str] = frozenset()) -> FakeResult:
        at = text.find("bodoh")
        if at < 0:
            return FakeResult(0.1, False, None, (), ())
        span = FakeSpan(at, at + 5, "w:bodoh", "individual", None)
        return FakeResult(0.93, True, "individual", ("other",), (span,))


def test_hate_speech_model_evidence_and_version() -> None:
    instance = ViolationDetector(load_elections(DATA / "elections.yaml"),
                                 hate_speech=FakeHateSpeech())
    assert instance.versions["hate_speech"] == "fake-hs-1"
    text = "🙄 dasar bodoh"
    evidence = instance.detect(post(text))
    assert [(e.category, e.text, e.rule, e.confidence, e.target) for e in evidence] == [
        ("hate_speech", "bodoh", "hate-speech:w:bodoh", 0.93, HateTarget("individual"))]
    assert categories(instance.detect(post("selamat pagi"))) == set()


@pytest.mark.parametrize(
    "comment",
    ["Ini jelas melanggar aturan, lapor Bawaslu!", "Hoaks, jangan percaya", "Memalukan, ASN kok gini"],
)
def test_sharing_to_criticise_is_not_evidence(comment: str) -> None:
    shared = SharedFrom(platform="x", handle="sutopohadi_official",
                        text="Ayo coblos nomor 1! #SutopoRatna")
    assert detector().detect(post(comment, shared=shared)) == []


@pytest.mark.parametrize(
    ("location", "bio", "expected"),
    [
        ("Kaliurang Raya", None, ("pilbup-kaliurangraya-2024", 2)),
        (None, "Guru SDN 4 Kota Pelabuhan Baru", ("pilwalkot-pelabuhanbaru-2024", 2)),
        ("Jakarta", "Guru", None),
    ],
)
def test_author_region_breaks_the_tie_of_a_bare_ballot_number(
    location: str | None, bio: str | None, expected: tuple[str, int] | None
) -> None:
    from netra.domain.post import Author

    item = post("Ayo coblos nomor 2!")
    item.author = Author(handle="someone", location=location, bio=bio)
    [evidence] = detector().detect(item)
    got = (evidence.candidate.election, evidence.candidate.number) if evidence.candidate else None
    assert got == expected


def test_evidence_is_capped_per_category() -> None:
    from processors.detection.pipeline import MAX_PER_CATEGORY

    evidence = detector().detect(post("Ayo coblos nomor 1! " * 200))
    assert len(evidence) == MAX_PER_CATEGORY
    assert evidence[0].start == 4
