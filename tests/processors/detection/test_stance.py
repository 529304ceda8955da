"""Stance, not mentions: for/against evidence, and the texts that take no side."""

import pytest

from processors.detection.stance import MODEL, PAIR, RIVAL, StanceModel, stance_words
from tests.processors.detection.support import categories, detector, post


def stances(text: str) -> set[tuple[str | None, int | None]]:
    return {(e.stance, e.candidate.number if e.candidate else None)
            for e in detector().detect(post(text)) if e.category == "endorsement"}


@pytest.mark.parametrize("text", [
    "Pilkada besok jangan pilih Bambang Wirayudha!",
    "Tolak BAMSI, Kaliurang butuh pemimpin jujur",
    "Saya tidak akan memilih Sutopo-Ratna, programnya tidak jelas",
])
def test_campaigning_against_a_pair_is_against(text: str) -> None:
    assert ("against", stances(text).pop()[1]) in stances(text)
    assert all(stance == "against" for stance, _ in stances(text))


def test_against_one_pair_and_for_another() -> None:
    assert stances("Jangan pilih Bambang Wirayudha, pilih Sutopo Hadi!") == {
        ("against", 2), ("for", 1)}


@pytest.mark.parametrize("text", [
    'Tim Kampanye Sutopo: "Ayo coblos nomor 1!"',  # a quote
    "Habib Salim: Pilih Bambang Wirayudha!",  # a headline quoting someone
    "KPU Kaliurang Raya tetapkan Sutopo-Ratna nomor urut 1 dan Bambang-Siti nomor urut 2",
    "Siapa yang lebih layak, Sutopo-Ratna atau Bambang-Siti?",  # a question
    "Pak Rhoma Satria lewat depan kantor tadi pagi, macet sebentar",  # a name alone
    "Akun @bamsi_official kok posting jam 2 pagi ya",  # an account alone
])
def test_no_side_taken(text: str) -> None:
    assert "endorsement" not in categories(detector().detect(post(text)))


def test_a_hashtag_naming_a_pair_is_context_without_a_stance() -> None:
    assert "endorsement" not in categories(detector().detect(post(
        "Debat semalam membosankan, moderatornya kurang tegas #SutopoRatna #BamsiJuara")))


def test_masking_reads_what_is_said_not_who() -> None:
    reading = detector()._analyser.read("Sutopo Hadi hebat, Bambang Wirayudha payah #BamsiJuara")
    words = stance_words(reading, ("pilbup-kaliurangraya-2024", 1))
    assert words[:2] == [PAIR, "hebat"] and words.count(RIVAL) == 2
    assert "sutopo" not in words and "bambang" not in words


def test_the_model_states_its_version_and_refuses_a_corrupt_file(tmp_path) -> None:
    model = StanceModel.load()
    assert model.version.startswith("stance-") and "+" in model.version
    assert model.against_at < 0.5 < model.for_at
    broken = tmp_path / "stance.npz"
    broken.write_bytes(MODEL.read_bytes()[:500])
    with pytest.raises(ValueError, match="unusable stance model"):
        StanceModel.load(broken)


def test_an_unvoiced_text_needs_a_surer_reading_to_be_against() -> None:
    model = StanceModel.load()
    assert model.against_sure_at < model.against_at < 0.5 < model.for_at
    between = (model.against_sure_at + model.against_at) / 2
    assert model.stance(between, voiced=True) == "against"
    assert model.stance(between, voiced=False) is None  # a headline, bare tags
    assert model.stance(model.against_sure_at, voiced=False) == "against"
    assert model.stance(model.for_at, voiced=False) == "for"


def test_the_model_overrules_a_soft_cue_it_reads_as_against(monkeypatch) -> None:
    """Cheering an event is support unless the model reads the text as mockery of the pair."""
    text = "Ramainya deklarasi relawan Bambang-Siti tadi, merinding!"
    sure_for = StanceModel("t", {}, 30.0, 0.9, 0.1, 0.05)  # reads every text as for
    sure_against = StanceModel("t", {}, -30.0, 0.9, 0.1, 0.05)  # ... as against
    stance = detector()._stance
    monkeypatch.setattr(stance, "model", sure_for)
    assert ("for", 2) in stances(text)
    monkeypatch.setattr(stance, "model", sure_against)
    assert stances(text) == {("against", 2)}


def test_a_call_said_in_mockery_is_overruled_only_by_a_sure_model(monkeypatch) -> None:
    """`kasihan yang sudah dukung X wkwk` mocks X's supporters; `ayo dukung X` does not."""
    stance = detector()._stance
    mocking = "Kasihan yang sudah dukung Bambang-Siti wkwkwk, pilkada ini"
    monkeypatch.setattr(stance, "model", StanceModel("t", {}, 0.0, 0.9, 0.1, 0.05))  # unsure
    assert ("for", 2) in stances(mocking)  # the rules read a call
    monkeypatch.setattr(stance, "model", StanceModel("t", {}, 0.0, 0.9, 0.6, 0.4))
    assert ("for", 2) in stances(mocking)  # against only at the voiced threshold: kept
    monkeypatch.setattr(stance, "model", StanceModel("t", {}, -30.0, 0.9, 0.1, 0.05))
    assert ("for", 2) not in stances(mocking)
    assert ("for", 2) in stances("Ayo dukung Bambang-Siti di pilkada nanti!")  # no mockery
