"""Ballot numbers and candidate mentions: which forms count, and what they point at."""

import pytest

from netra.domain.elections import Candidate, Election
from processors.detection.analysis import Analyser
from processors.detection.rules import load_lexicons
from tests.processors.detection.support import detector


def mentions(text: str) -> list[tuple[str, str]]:
    """(kind, original text) of every mention the analyser finds."""
    reading = detector()._analyser.read(text)
    return [(m.kind, reading.text.source(m.start, m.end)) for m in reading.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coblos nomor urut 2", [("number", "nomor urut 2")]),
        ("pilih no. 1", [("number", "no. 1")]),
        ("coblos 02", [("number", "02")]),
        ("coblos 2️⃣", [("number", "2️⃣")]),
        ("coblos nomer loro", [("number", "nomer loro")]),
        ("coblos paslon02", [("number", "paslon02")]),
        ("coblos dua", [("bare_number", "dua")]),
        ("salam dua jari", [("gesture", "salam dua jari")]),
        ("salam ✌️ jari", [("gesture", "salam ✌️ jari")]),
        ("dukung ✌️", [("emoji_gesture", "✌️")]),
        ("pilih nomor 7", []),  # no election has a seventh pair
        ("nomor punggung 10 pilih", []),
        ("skor 2-1 pilih", []),
        ("TPS nomor 2 coblos", []),
        ("tanggal 2 coblos", []),
        ("satu putaran coblos", []),
    ],
)
def test_ballot_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coblos Sutopo Hadi", [("name", "Sutopo Hadi")]),
        ("coblos sutopo", [("name_part", "sutopo")]),
        ("coblos Ratna", []),  # a name part thousands of people share
        ("coblos SURYA", [("alias_marked", "SURYA")]),
        ("coblos surya", [("alias_word", "surya")]),
        ("COBLOS SURYA SEKARANG", [("alias_word", "SURYA")]),  # shouting is no marking
        ("coblos Bambang-Siti", [("alias", "Bambang-Siti")]),
        ("#BamsiJuara", [("hashtag", "#BamsiJuara")]),
        ("#bamsijuara", [("hashtag", "#bamsijuara")]),
        ("@bamsi_official", [("account", "@bamsi_official")]),
        ("Partai Nusantara Bersatu", [("party", "Partai Nusantara Bersatu")]),
        ("di Kaliurang Raya", [("region", "Kaliurang Raya")]),
    ],
)
def test_candidate_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert mentions(text) == expected


def test_a_configured_hashtag_in_camel_case_is_read_without_another_anchor_word() -> None:
    # `#AgusSilvy` splits into words (agus, silvy) that no name or alias holds: the reader
    # once skipped such a text, so `saya lebih ke #AgusSilvy` named no pair.
    race = Election("pilgub-x", "Kota X", (
        Candidate(1, ("Agus Harimurti",), hashtags=("#AgusSilvy",)),
        Candidate(2, ("Basuki Tjahaja",)),
    ))
    reading = Analyser((race,), load_lexicons()).read("saya lebih ke #AgusSilvy")
    assert [(m.kind, reading.text.source(m.start, m.end)) for m in reading.mentions] == [
        ("hashtag", "#AgusSilvy")]
