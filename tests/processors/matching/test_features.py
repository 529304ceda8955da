"""Each feature on its own: value and explanation, case by case."""

import pytest

from processors.matching.features import FEATURES, Comparison, features_version
from processors.matching.index import EntryView
from processors.matching.names import normalise_name
from processors.matching.places import expand_place, region_name
from processors.matching.profile import profile_of
from tests.processors.matching.conftest import make_post

FEATURE = {feature.name: feature for feature in FEATURES}


def entry(
    nama: str = "Dr. H. Dwi Hartanto, S.Pd.",
    jabatan: str = "Guru Ahli Muda",
    jobs: frozenset[str] = frozenset({"guru"}),
    instansi: str = "Pemerintah Kabupaten Kaliurang Raya",
    unit_kerja: str = "SD Negeri 4 Kaliurang Raya",
    wilayah: str = "Kabupaten Kaliurang Raya",
    accounts: tuple[str, ...] = ("x:dwi_hartanto21",),
    nip: str = "198702142011011003",
) -> EntryView:
    """A registry entry as the features see it."""
    return EntryView(
        row=0, nip=nip, nama=nama, name=normalise_name(nama), name_count=1, jabatan=jabatan,
        jobs=jobs, instansi=instansi, instansi_text=expand_place(instansi), unit_kerja=unit_kerja,
        unit_text=expand_place(unit_kerja), wilayah=wilayah, region=region_name(wilayah),
        accounts=accounts,
    )


# (feature, post fields, entry fields, regions mentioned, value, words in the detail)
CASES = [
    ("handle_listed", dict(handle="dwi_hartanto21"), {}, (), 1.0,
     "handle x:dwi_hartanto21 listed in registry"),
    ("handle_listed", dict(handle="dwi_hartanto21", platform="instagram"), {}, (), 0.9,
     "listed in registry as x:dwi_hartanto21"),
    ("handle_listed", dict(handle="dwi_hartanto21", name="Dwi H."), {}, (), 1.0, "listed"),
    ("handle_listed", dict(handle="dwi_hartanto21", name="Sri Wahyuni"), {}, (), 0.25,
     "but display name 'Sri Wahyuni' is not 'Dr. H. Dwi Hartanto, S.Pd.'"),
    ("handle_listed", dict(handle="someone"), {}, (), 0.0, ""),
    ("nip_in_bio", dict(bio="NIP 19870214 201101 1 003"), {}, (), 1.0, "bio states NIP"),
    ("nip_in_bio", dict(bio="NIP 199003022015042001"), {}, (), -1.0, "not 198702142011011003"),
    ("nip_in_bio", dict(bio="guru"), {}, (), 0.0, ""),
    ("name_similarity", dict(name="Dwi Hartanto"), {}, (), 0.0, "(score 100)"),
    ("name_similarity", dict(name="Dwi Hartnto"), {}, (), -0.22, "(score 96)"),
    ("name_similarity", dict(name="Budi Santoso"), {}, (), -1.0, ""),
    ("name_similarity", dict(name="Parman"), dict(nama="Suparman"), (), -0.3, "(part)"),
    ("name_similarity", dict(name="Amel Rakhman"), dict(nama="Amelia Natalia Rakhman"), (),
     -0.5, "(part)"),
    ("name_similarity", dict(name="Putu Arsana"), dict(nama="I Putu Gede Arsana"), (), -0.1,
     "(without I/Ni, birth order, Andi, Muhammad)"),
    ("unit_agrees", dict(bio="Guru SDN 4 Kaliurang Raya"), {}, (), 1.0,
     "agrees with unit_kerja 'SD Negeri 4 Kaliurang Raya'"),
    ("unit_agrees", dict(bio="Guru SDN 41 Kaliurang Raya"), {}, (), 0.0, ""),
    ("unit_agrees", dict(bio="Kaliurang Raya"), {}, (), 0.0, ""),
    ("unit_agrees", dict(bio="Staf BPKAD"),
     dict(unit_kerja="Badan Pengelolaan Keuangan dan Aset Daerah"), (), 0.4,
     "a unit every region has"),
    ("unit_agrees", dict(bio="Camat Mergangsan"),
     dict(unit_kerja="Kecamatan Mergangsan", jabatan="Camat"), (), 1.0,
     "agrees with unit_kerja 'Kecamatan Mergangsan'"),
    ("unit_agrees", dict(bio="Lurah Sukamaju"), dict(unit_kerja="Kelurahan Sukamaju"), (), 1.0,
     "agrees"),
    ("unit_agrees", dict(bio="Camat Ngemplak"), dict(unit_kerja="Kecamatan Mergangsan"), (),
     0.0, ""),
    ("unit_agrees", dict(bio="Perawat RSUD Tanjung Emas"),
     dict(unit_kerja="RSUD Kota Tanjung Emas"), (), 1.0, "agrees"),
    ("unit_agrees", dict(bio="Dokter RSUD Kota Tanjung Emas"),
     dict(unit_kerja="RSUD Tanjung Emas"), (), 1.0, "agrees"),
    ("unit_agrees", dict(bio="BPKAD Kaliurang Raya"),
     dict(unit_kerja="BPKAD Kabupaten Kaliurang Raya"), (), 1.0, "agrees"),
    ("unit_kind_agrees", dict(bio="Guru SD di Kaliurang Raya"), {}, (), 1.0,
     "names the kind and place of unit_kerja 'SD Negeri 4 Kaliurang Raya' (no number)"),
    ("unit_kind_agrees", dict(bio="Guru SDN 12 Kaliurang Raya"), {}, (), -1.0,
     "names another unit than 'SD Negeri 4 Kaliurang Raya'"),
    ("unit_kind_agrees", dict(bio="Guru SD di Pelabuhan Baru"), {}, (), -1.0, "another unit"),
    ("unit_kind_agrees", dict(bio="Camat Ngemplak"), dict(unit_kerja="Kecamatan Mergangsan"),
     (), -1.0, "another unit"),
    ("unit_kind_agrees", dict(bio="Perawat Puskesmas"), dict(unit_kerja="Puskesmas Tanjung Emas"),
     (), 0.0, ""),
    ("unit_kind_agrees", dict(bio="Guru SDN 4 Kaliurang Raya"), {}, (), 0.0, ""),
    ("agency_agrees", dict(bio="ASN Pemkab Kaliurang Raya"), {}, (), 1.0, "names instansi"),
    ("region_agrees", dict(location="Kab. Kaliurang Raya"), {}, ("kaliurang raya",), 1.0,
     "names wilayah"),
    ("region_agrees", dict(location="Kota Pelabuhan Baru"), {}, ("pelabuhan baru",), -2.0,
     "entry is in 'Kabupaten Kaliurang Raya'"),
    ("occupation_agrees", dict(bio="Guru kelas 3"), {}, (), 1.0, "bio says 'guru'"),
    ("occupation_agrees", dict(bio="Bidan desa"), {}, (), -1.0, "bio says 'bidan'"),
    ("non_asn_occupation", dict(bio="Wartawan Kaliurang Pos"), {}, (), 1.0, "'jurnalis'"),
    ("asn_declared", dict(bio="ASN | abdi negara"), {}, (), 1.0, "bio says 'asn'"),
    ("honorer_declared", dict(bio="Guru honorer"), {}, (), 1.0, "(not ASN)"),
    ("looks_institutional", dict(name="Humas Pemkab Kaliurang Raya"), {}, (), 1.0, "'humas'"),
    ("looks_institutional", dict(name="Kaliurang Pos"), {}, (), 1.0, "'pos'"),
    ("looks_institutional", dict(name="Dwi Hartanto"), {}, (), 0.0, ""),
]


@pytest.mark.parametrize(
    ("feature", "post_fields", "entry_fields", "regions", "value", "detail"),
    CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(CASES)],
)
def test_feature(feature: str, post_fields: dict, entry_fields: dict, regions: tuple[str, ...],
                 value: float, detail: str) -> None:
    profile = profile_of(make_post(**post_fields))
    comparison = Comparison(profile, entry(**entry_fields), frozenset(regions), profile.name_queries)
    result = FEATURE[feature].func(comparison)
    assert result.value == pytest.approx(value, abs=0.01)
    assert detail in result.detail


def test_every_feature_is_named_once_and_weighted() -> None:
    assert len(FEATURE) == len(FEATURES)
    assert all(feature.weight != 0 for feature in FEATURES)


def test_version_changes_with_weights() -> None:
    assert features_version() == features_version()
    assert features_version(FEATURES[:-1]) != features_version()


def test_a_handle_listed_for_another_entry_counts_against_this_one() -> None:
    profile = profile_of(make_post(handle="sri_w", name="Dwi Hartanto"))
    comparison = Comparison(profile, entry(accounts=()), frozenset(), profile.name_queries,
                            handle_listed_elsewhere=True)
    result = FEATURE["handle_listed"].func(comparison)
    assert result.value == -0.5
    assert "handle sri_w is listed for another registry entry" in result.detail
