"""What a bio says about its owner."""

import pytest

from processors.matching import cues


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        ("guru sd negeri 4 kaliurang raya", {"guru"}),
        ("Kepala Sekolah", {"guru"}),
        ("Perawat Ahli Pertama", {"perawat"}),
        ("Bidan desa | ibu 2 anak", {"bidan"}),
        ("Wartawan Kaliurang Pos", {"jurnalis"}),
        ("Camat Ngemplak", {"camat"}),
        ("pecinta kopi", set()),
    ],
)
def test_occupations(text: str, jobs: set[str]) -> None:
    assert cues.occupations(text) == jobs


@pytest.mark.parametrize(
    ("bio", "asn", "honorer"),
    [
        ("ASN Pemkab Kaliurang", ["asn"], []),
        ("PNS | abdi negara", ["pns", "abdi negara"], []),
        ("Guru honorer SDN 3", [], ["honorer"]),
        ("non-ASN", [], ["non asn"]),
        ("suka mancing", [], []),
    ],
)
def test_status_words(bio: str, asn: list[str], honorer: list[str]) -> None:
    assert cues.asn_words(bio) == asn
    assert cues.honorer_words(bio) == honorer


@pytest.mark.parametrize(
    ("display_name", "handle", "institution", "outlet"),
    [
        ("Dinas Pendidikan Kab. Kaliurang Raya", "disdik_kaliurang", True, False),
        ("Humas Pemkab Kaliurang Raya", "humaskaliurang", True, False),
        ("Kaliurang Pos", "kaliurangpos", False, True),
        ("Info Kaliurang Terkini", "info_kaliurang", False, True),
        ("Dwi Hartanto", "dwi_hartanto21", False, False),
    ],
)
def test_account_kind(display_name: str, handle: str, institution: bool, outlet: bool) -> None:
    assert bool(cues.institution_words(display_name, handle)) is institution
    assert bool(cues.outlet_words(display_name, handle)) is outlet
