"""The matcher end to end on a small registry: who is matched, how confidently, and why."""

import pytest

from netra.domain.decision import CONFIDENT
from processors.decide import AuthorMatcher
from processors.matching import AsnMatcher
from tests.processors.matching.conftest import make_post

DWI = "198702142011011003"
SRI_GURU = "199003022015042001"
SRI_PERAWAT = "198811102014032002"
SUPARMAN = "197505051999031001"
RIZKI = "198001012005011002"
MADE = "198512122010012003"
TJAHJO = "197012121995031004"
ROY = "198203032008011005"

# (case, post fields, expected NIP or None, must be confident, a reason that must appear)
CASES = [
    ("listed handle", dict(handle="dwi_hartanto21", name="pak guru"), DWI, True,
     "handle x:dwi_hartanto21 listed in registry"),
    ("listed handle other platform", dict(handle="dwi.hartanto", platform="instagram"), DWI, True,
     "handle instagram:dwi.hartanto listed in registry"),
    ("name and school", dict(name="Dwi Hartanto", bio="Kepsek SDN 4 Kaliurang Raya"), DWI, True,
     "agrees with unit_kerja 'SD Negeri 4 Kaliurang Raya'"),
    ("nip in bio", dict(name="Dwi H", bio="NIP 19870214 201101 1 003"), DWI, True,
     "bio states NIP 198702142011011003"),
    ("shared name, school tells", dict(name="Sri Wahyuni", bio="Guru SDN 7 Kaliurang Raya"),
     SRI_GURU, True, "unit_kerja"),
    ("shared name, puskesmas tells",
     dict(name="Sri Wahyuni S.Kep", bio="Perawat Puskesmas Tanjung Emas"), SRI_PERAWAT, True,
     "unit_kerja"),
    ("shared name, no cue", dict(name="Sri Wahyuni"), None, False, ""),
    ("common name, no cue", dict(name="Budi Santoso"), None, False, ""),
    ("common name, region only", dict(name="Budi Santoso", location="Kab. Region 12"),
     None, False, ""),
    ("common name, school", dict(name="Budi Santoso", bio="Guru SMPN 1 Region 12"),
     "198001012005011012", True, "unit_kerja 'SMP Negeri 1 Region 12'"),
    ("short javanese form", dict(name="Parman", bio="Satpol PP Kota Pelabuhan Baru"),
     SUPARMAN, True, "unit_kerja"),
    ("muhammad abbreviated", dict(name="M. Rizki Pratama", bio="Pranata komputer Diskominfo"),
     RIZKI, True, "unit_kerja"),
    ("balinese short", dict(name="Made Lestari", bio="Bidan di Puskesmas Ubud Tengah"),
     MADE, True, "unit_kerja"),
    ("old spelling", dict(name="Cahyo Sunaryo", bio="Camat Ngemplak, Kab. Kaliurang Raya"),
     TJAHJO, True, "bio says 'camat'"),
    ("batak short", dict(name="Roy Siregar", bio="ASN BPKAD Kota Pelabuhan Baru"),
     ROY, True, "unit_kerja"),
    ("honorer is not ASN", dict(name="Sri Wahyuni", bio="Guru honorer SDN 7 Kaliurang Raya"),
     None, False, ""),
    ("institution", dict(name="SD Negeri 4 Kaliurang Raya", bio="Akun resmi SDN 4 Kaliurang"),
     None, False, ""),
    ("news outlet", dict(name="Kaliurang Pos", bio="Berita terkini Kaliurang Raya"),
     None, False, ""),
    ("journalist namesake", dict(name="Dwi Hartanto", bio="Wartawan Kaliurang Pos"),
     None, False, ""),
    ("stranger", dict(name="Yohanes Kristianto", bio="Guru SDN 4 Kaliurang Raya"),
     None, False, ""),
]


@pytest.mark.parametrize(
    ("fields", "nip", "confident", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_match(matcher: AsnMatcher, fields: dict, nip: str | None, confident: bool,
               reason: str) -> None:
    found = matcher.match(make_post(**fields))
    is_confident = found is not None and found.confidence >= CONFIDENT
    assert is_confident is confident, found
    if nip is None:
        assert found is None or not is_confident
        return
    assert found is not None and found.nip == nip, found
    assert any(reason in text for text in found.reasons), found.reasons


def test_satisfies_author_matcher(matcher: AsnMatcher) -> None:
    check: AuthorMatcher = matcher
    assert check.version.startswith("asn-match/")


@pytest.mark.parametrize(
    ("nip", "nama"),
    [(DWI, "Dr. H. Dwi Hartanto, S.Pd., M.Pd."), ("000000000000000000", None), ("x", None)],
)
def test_entry_by_nip(matcher: AsnMatcher, nip: str, nama: str | None) -> None:
    found = matcher.entry(nip)
    assert (found.nama if found else None) == nama
    if found:
        assert found.accounts == (("x", "dwi_hartanto21"), ("instagram", "dwi.hartanto"))


def test_reasons_name_every_feature_that_counted(matcher: AsnMatcher) -> None:
    found = matcher.match(make_post(name="Dwi Hartanto", bio="Kepsek SDN 4 Kaliurang Raya"))
    assert found is not None
    assert "name 'Dwi Hartanto' = 'Dr. H. Dwi Hartanto, S.Pd., M.Pd.' (score 100) [+0.0]" in found.reasons


def test_rank_shows_runners_up(matcher: AsnMatcher) -> None:
    from processors.matching.profile import profile_of

    ranking = matcher.rank(profile_of(make_post(name="Sri Wahyuni")))
    assert {item.entry.nip for item in ranking.scored} >= {SRI_GURU, SRI_PERAWAT}
    assert sum(ranking.confidences) < 1.0
