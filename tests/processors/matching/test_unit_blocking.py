"""Unit blocking: when a profile names a unit, its staff whose names the profile fits are
scored even when name blocking ranks hundreds of look-alike names above them; a unit the
owner does not work in finds nobody, and a unit with two who fit stays unconfident."""


import numpy as np
import pytest

from netra.domain.decision import CONFIDENT
from processors.matching import AsnMatcher
from processors.matching.blocking import segment
from processors.matching.matcher import NAMES_LIMIT
from processors.matching.places import expand_offices, expand_place, without_admin_words
from processors.matching.unit_blocking import fitting_names, named_units, unit_staff
from tests.processors.matching.conftest import make_post, matcher_over, row

KALIURANG = ("Pemerintah Kabupaten Kaliurang Raya", "Kabupaten Kaliurang Raya")
GIANYAR = ("Pemerintah Kabupaten Gianyar Hilir", "Kabupaten Gianyar Hilir")
FARAH = "198504042010012001"
KADEK = "199001012015012002"
MIDDLE = ["Adinda", "Bunga", "Citra", "Dewi", "Endah", "Fitri", "Gita", "Hana", "Indah", "Juwita",
          "Kartika", "Laras", "Mega", "Nur", "Oktavia", "Putri", "Ratna", "Sekar", "Tiara", "Utami"]



ROWS = [
    # The owner's middle name sorts after twenty look-alikes: name blocking alone scores
    # only the first NAMES_LIMIT of them.
    row(FARAH, "Farah Zulaikha Novitasari, S.Pd.", "Guru Ahli Muda", KALIURANG,
        "SD Negeri 4 Kaliurang Raya"),
    row(KADEK, "Ni Kadek Wulan Sari, A.Md.Keb.", "Bidan Terampil", GIANYAR, "Puskesmas Abdul Muis"),
    # Two who fit `ni.kadek` in one puskesmas.
    row("199101012016012003", "Ni Kadek Ayu Lestari", "Bidan Terampil", GIANYAR,
        "Puskesmas Ubud Tengah"),
    row("199201012017012004", "Ni Kadek Sri Utami", "Bidan Terampil", GIANYAR,
        "Puskesmas Ubud Tengah"),
] + [
    row(f"19800101200501{i:04d}", f"Farah {middle} Novitasari", "Guru Ahli Pertama",
        (f"Pemerintah Kabupaten Region {i}", f"Kabupaten Region {i}"), f"SD Negeri 4 Region {i}")
    for i, middle in enumerate(MIDDLE)
] + [
    row(f"19810101200601{i:04d}", f"Ni Kadek {middle} Dewi", "Bidan Terampil", GIANYAR,
        f"Puskesmas Region {i}")
    for i, middle in enumerate(MIDDLE)
]


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> AsnMatcher:
    return matcher_over(tmp_path_factory.mktemp("units"), ROWS)


def confident_nip(matcher: AsnMatcher, **fields: str) -> str | None:
    found = matcher.match(make_post(**fields))
    return found.nip if found is not None and found.confidence >= CONFIDENT else None


def test_look_alikes_outnumber_what_name_blocking_scores():
    assert len(MIDDLE) > 2 * NAMES_LIMIT


def test_short_form_of_a_three_word_name_is_found_through_the_unit(matcher):
    assert confident_nip(matcher, name="Farah Novitasari", bio="Guru SDN 4 Kaliurang Raya") == FARAH


def test_handle_of_particles_is_found_through_the_unit(matcher):
    assert confident_nip(matcher, handle="ni.kadek874",
                         bio="Bidan Puskesmas Abdul Muis Kabupaten Gianyar Hilir") == KADEK


def test_unit_without_the_owner_finds_nobody(matcher):
    assert confident_nip(matcher, name="Farah Novitasari", bio="Guru SDN 5 Kaliurang Raya") is None


def test_unit_with_two_who_fit_stays_unconfident(matcher):
    assert confident_nip(matcher, handle="ni.kadek874", bio="Bidan Puskesmas Ubud Tengah") is None


def test_named_units_are_those_the_text_names_in_full(matcher):
    index = matcher.registry.layers[0].index
    text = expand_offices(expand_place("Guru SDN 4 Kaliurang Raya"))
    units = named_units(index, text, without_admin_words(text))
    assert [index.values["unit_kerja"][code] for code in units] == ["SD Negeri 4 Kaliurang Raya"]
    staff = unit_staff(index, text, without_admin_words(text), np.empty(0, dtype=np.int32))
    found = fitting_names(staff, ["farah novitasari", "budi"])
    assert [index.names[name_id] for name_id in found] == ["farah zulaikha novitasari"]
    assert fitting_names(staff, ["ni kadek"]) == []


def test_handle_of_particles_does_not_speak_over_a_display_name(matcher):
    assert confident_nip(matcher, handle="ni.kadek874", name="Ni Kadek Violet Sitompul",
                         bio="Bidan Puskesmas Abdul Muis Kabupaten Gianyar Hilir") is None


def test_glued_handle_of_particles_is_split_and_found_through_the_unit(matcher):
    index = matcher.registry.layers[0].index
    assert segment(index, "nikadek") == "ni kadek"
    assert segment(index, "nikadekwulan") == "ni kadek wulan"
    assert confident_nip(matcher, handle="nikadek874",
                         bio="Bidan Puskesmas Abdul Muis Kabupaten Gianyar Hilir") == KADEK
