"""Abbreviation expansion for agencies, units and regions."""

import pytest

from processors.matching.places import contains_phrase, expand_place, region_name


@pytest.mark.parametrize(
    ("written", "expanded"),
    [
        ("Guru SDN 4 Kaliurang Raya", "guru sd negeri 4 kaliurang raya"),
        ("SMPN2 Pelabuhan Baru", "smp negeri 2 pelabuhan baru"),
        ("Staf Dinkes Kab. Kaliurang Raya", "staf dinas kesehatan kabupaten kaliurang raya"),
        ("Disdik Pemkab Kaliurang", "dinas pendidikan pemerintah kabupaten kaliurang"),
        ("Satpol PP Kota Pelabuhan Baru", "satuan polisi pamong praja kota pelabuhan baru"),
        ("BPKAD", "badan pengelolaan keuangan dan aset daerah"),
        ("RSUD Kaliurang", "rumah sakit umum daerah kaliurang"),
        ("Kec. Ngemplak", "kecamatan ngemplak"),
        ("Diskominfo Prov. Sulawesi Barat Daya",
         "dinas komunikasi dan informatika provinsi sulawesi barat daya"),
        ("Kemenag", "kementerian agama"),
    ],
)
def test_expand_place(written: str, expanded: str) -> None:
    assert expand_place(written) == expanded


@pytest.mark.parametrize(
    ("wilayah", "name"),
    [
        ("Kabupaten Kaliurang Raya", "kaliurang raya"),
        ("Kota Pelabuhan Baru", "pelabuhan baru"),
        ("Provinsi Sulawesi Barat Daya", "sulawesi barat daya"),
        ("Kab. Kaliurang Raya", "kaliurang raya"),
    ],
)
def test_region_name(wilayah: str, name: str) -> None:
    assert region_name(wilayah) == name


@pytest.mark.parametrize(
    ("haystack", "needle", "found"),
    [
        ("guru sd negeri 4 kaliurang raya", "sd negeri 4 kaliurang raya", True),
        ("guru sd negeri 41 kaliurang raya", "sd negeri 4 kaliurang raya", False),
        ("kaliurang rayana", "kaliurang raya", False),
        ("anything", "", False),
    ],
)
def test_contains_phrase(haystack: str, needle: str, found: bool) -> None:
    assert contains_phrase(haystack, needle) is found
