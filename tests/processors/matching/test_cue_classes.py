"""Every cue class of issue 10 and its hard negatives, end to end on a small registry where
each name is shared by namesakes: a cue that fits one row is confident, one that fits several
(or none) is not, and a name alone never is."""


import pytest

from netra.domain.decision import CONFIDENT
from processors.matching import AsnMatcher
from tests.processors.matching.conftest import make_post, matcher_over, row

YOGYA = ("Pemerintah Kota Yogyakarta Baru", "Kota Yogyakarta Baru")
SLEMAN = ("Pemerintah Kabupaten Sleman Raya", "Kabupaten Sleman Raya")
BANTUL = ("Pemerintah Kabupaten Bantul Hilir", "Kabupaten Bantul Hilir")
CAMAT = "197001012000011001"
CAMAT_SLEMAN = "197001012000011002"
LURAH = "197502022001012003"
PERAWAT = "198003032005012004"
GURU = "198504042010011005"
GURU_BANTUL = "198504042010011006"
BPKAD = "199005052015012007"
HENDRA = "198806062012011008"



ROWS = [
    row(CAMAT, "Drs. Agus Salim, M.Si.", "Camat", YOGYA, "Kecamatan Mergangsan"),
    row(CAMAT_SLEMAN, "Agus Salim, S.STP.", "Camat", SLEMAN, "Kecamatan Mergangsan"),
    row(LURAH, "Siti Aminah, S.Sos.", "Lurah", YOGYA, "Kelurahan Suryodiningratan"),
    row(PERAWAT, "Rina Kurniawati, S.Kep., Ns.", "Perawat Ahli Pertama", YOGYA,
        "RSUD Kota Yogyakarta Baru"),
    row(GURU, "Bambang Susilo, S.Pd.", "Guru Ahli Muda", SLEMAN, "SD Negeri 1 Sleman Raya"),
    row(GURU_BANTUL, "Bambang Susilo", "Guru Ahli Muda", BANTUL, "SD Negeri 3 Bantul Hilir"),
    row(BPKAD, "Dewi Anggraini, S.E.", "Pengelola Keuangan", SLEMAN,
        "BPKAD Kabupaten Sleman Raya"),
    row(HENDRA, "Hendra Gunawan", "Analis Kebijakan", YOGYA, "Dinas Pendidikan",
        "instagram:hendra.g"),
    # A handle two agencies listed for two different people.
    row("199107072016011009", "Joko Widodo", "Analis Kebijakan", SLEMAN, "Dinas Sosial", "x:kembar"),
    row("199208082017012010", "Joko Susanto", "Analis Kebijakan", BANTUL, "Dinas Sosial", "x:kembar"),
] + [
    # Namesakes of everyone, in other regions and other work.
    row(f"1980010120050{i % 2 + 1}1{i:03d}", name, "Guru Ahli Pertama",
        (f"Pemerintah Kabupaten Region {i}", f"Kabupaten Region {i}"), f"SMP Negeri 2 Region {i}")
    for i in range(11, 131)
    for name in [("Agus Salim", "Siti Aminah", "Rina Kurniawati", "Bambang Susilo",
                  "Dewi Anggraini", "Hendra Gunawan")[i % 6]]
]

# (case, post fields, expected NIP when confident, or None: never confident)
CASES = [
    ("handle listed, namesakes", dict(handle="hendra.g", name="Hendra Gunawan", platform="instagram"),
     HENDRA),
    ("handle listed, other platform", dict(handle="hendra.g", name="Hendra G."), HENDRA),
    ("handle listed, no name", dict(handle="hendra.g"), HENDRA),
    ("handle listed for two rows", dict(handle="kembar"), None),
    ("handle listed for another person", dict(handle="hendra.g", name="Bambang Susilo"), None),
    ("office as unit, region", dict(name="Agus Salim", bio="Camat Mergangsan",
                                    location="Kota Yogyakarta Baru"), CAMAT),
    ("office as unit, fits two rows", dict(name="Agus Salim", bio="Camat Mergangsan"), None),
    ("same name and office, another region",
     dict(name="Agus Salim", bio="Camat Mergangsan", location="Kab. Bantul Hilir"), None),
    ("lurah as kelurahan", dict(name="Siti Aminah", bio="Lurah Suryodiningratan"), LURAH),
    ("RSUD without Kota", dict(name="Rina Kurniawati", bio="Perawat RSUD Yogyakarta Baru"),
     PERAWAT),
    ("school kind and place", dict(name="Bambang Susilo", bio="Guru SD di Sleman Raya"), GURU),
    ("same name and unit kind, another unit",
     dict(name="Bambang Susilo", bio="Guru SDN 5 Sleman Raya"), None),
    ("BPKAD without Kabupaten", dict(name="Dewi Anggraini", bio="Staf keuangan BPKAD Sleman Raya"),
     BPKAD),
    ("name alone, shared", dict(name="Agus Salim"), None),
    ("name alone, shared, region", dict(name="Rina Kurniawati", location="Kota Yogyakarta Baru"),
     None),
    ("name alone, one row", dict(name="Joko Widodo"), None),
]


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> AsnMatcher:
    return matcher_over(tmp_path_factory.mktemp("cues"), ROWS)


@pytest.mark.parametrize(("fields", "nip"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cue_class(matcher: AsnMatcher, fields: dict, nip: str | None) -> None:
    found = matcher.match(make_post(**fields))
    confident = found is not None and found.confidence >= CONFIDENT
    if nip is None:
        assert not confident, found
    else:
        assert confident and found is not None and found.nip == nip, found
