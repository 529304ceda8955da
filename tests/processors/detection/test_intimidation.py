"""Intimidation: threats and orders for a vote fire; information about sanctions does not."""

import pytest

from tests.processors.detection.support import categories, detector, post

FIRES = [
    "Yang tidak coblos nomor 1 siap-siap dimutasi ke pelosok",
    "Honorer yg gak dukung Bambang-Siti, kontraknya tidak diperpanjang tahun depan",
    "Kepala desa yang berani beda pilihan dari SURYA, dana desanya dipersulit",
    "Seluruh guru wajib memilih paslon 2, kirim foto bukti coblos ke saya",
]

QUIET = [
    "ASN yang terbukti tidak netral dapat dikenai sanksi disiplin sampai diberhentikan",
    "Sesuai PP 94/2021, pelanggaran netralitas ASN bisa berujung penurunan pangkat",
    "Mutasi pegawai Pemkab dijadwalkan bulan Januari",
    "Kontrak honorer tahun depan tidak diperpanjang karena anggaran, kata Kepala BKD",
    "Ayo coblos nomor 1!",
]


@pytest.mark.parametrize("text", FIRES)
def test_fires(text: str) -> None:
    assert "intimidation" in categories(detector().detect(post(text)))


@pytest.mark.parametrize("text", QUIET)
def test_quiet(text: str) -> None:
    assert "intimidation" not in categories(detector().detect(post(text)))
