"""Money politics: vote buying fires; reports, rejections and ordinary aid stay quiet."""

import pytest

from tests.processors.detection.support import categories, detector, post

FIRES = [
    "Dapat amplop 100rb asal coblos nomor 2 😁",
    "Besok pagi ada serangan fajar, 50 ribu per kepala buat yang pilih Bambang-Siti",
    "Yang mau pulsa 25rb tinggal dukung SURYA, kirim nama ke saya",
    "Bansos cair kalau nomor 1 menang, ingat ya bapak ibu",
    "💰 sudah disiapkan buat yang coblos 02",
    "Yg mau dpt bantuan beras, syaratnya pilih no 2. Kalau tidak, jangan harap dilayani",
]

QUIET = [
    "Tolak serangan fajar! Laporkan ke Bawaslu",
    "Bawaslu temukan amplop berisi uang di posko salah satu paslon",
    "Penyaluran bansos dan BLT tetap jalan sesuai jadwal, tidak ada kaitan dengan pilkada",
    "Gaji ASN bulan ini sudah cair, alhamdulillah",
    "Amplop kondangan tetangga 100rb cukup kan?",
    "Jangan mau dibeli suaramu! Politik uang merusak demokrasi",
    "Isi pulsa 50rb dapat bonus kuota",
]


@pytest.mark.parametrize("text", FIRES)
def test_fires(text: str) -> None:
    assert "money_politics" in categories(detector().detect(post(text)))


@pytest.mark.parametrize("text", QUIET)
def test_quiet(text: str) -> None:
    assert "money_politics" not in categories(detector().detect(post(text)))
