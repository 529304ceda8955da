"""Disinformation: repeating a debunked claim fires; debunking it or mentioning its words does not."""

import pytest

from tests.processors.detection.support import categories, detector, post

FIRES = [
    ("Info A1: surat suara di Kaliurang Raya udah dicoblos utk paslon 1 sebelum hari pemungutan "
     "suara!!", "debunked-claim:pre-punched-ballots"),
    ("Hati2, tinta pemilu mengandung racun yg berbahaya bagi kesehatan", "debunked-claim:ink-poison"),
    ("Pemilih bisa nyoblos lewat WA tanpa datang ke TPS lho", "debunked-claim:vote-by-whatsapp"),
]

QUIET = [
    "HOAKS: tinta pemilu mengandung racun. Faktanya tinta aman, kata KPU",
    "Jangan lupa datang ke TPS bawa KTP dan undangan",
    "Surat suara sudah tiba di gudang KPU",
    "Tinta pemilu warnanya ungu",
]


@pytest.mark.parametrize(("text", "rule"), FIRES)
def test_fires(text: str, rule: str) -> None:
    evidence = detector().detect(post(text))
    assert rule in {e.rule for e in evidence if e.category == "disinformation"}


@pytest.mark.parametrize("text", QUIET)
def test_quiet(text: str) -> None:
    assert "disinformation" not in categories(detector().detect(post(text)))


def test_claim_variants_are_matched_under_the_claim_id() -> None:
    from processors.detection.disinformation import ClaimMatcher, DebunkedClaim

    claim = DebunkedClaim("vote-by-app", "pemilih bisa mencoblos lewat aplikasi tanpa ke TPS",
                          ("cukup nyoblos pakai aplikasi di hp, gak usah antre di TPS",))
    analyser = detector()._analyser
    matcher = ClaimMatcher((claim,), analyser.normalise)
    reading = analyser.read("Kabarnya cukup nyoblos pakai aplikasi di HP, gak usah antre di TPS")
    assert [f.rule for f in matcher(reading)] == ["debunked-claim:vote-by-app"]
