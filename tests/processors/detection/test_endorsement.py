"""Endorsement: what must fire (with its rule) and the hard negatives that must not."""

import pytest

from tests.processors.detection.support import categories, detector, post

FIRES = [
    # (text, rule that must be among the evidence)
    ("Ayo coblos nomor 1! #SutopoRatna", "ballot-number-call"),
    ("Jangan lupa coblos 02 ya 👍", "ballot-number-call"),
    ("c0bl0s no. 2 yaaa", "ballot-number-call"),
    ("#coblosnomor2", "ballot-number-call"),
    ("Pokoknya pilih Bambang Wirayudha!", "call-to-vote"),
    ("Ayo dukung SURYA di pilkada nanti", "call-to-vote"),
    ("Bambang-Siti pilihanku 💪", "support-expression"),
    ("Kaliurang butuh perubahan #BamsiJuara", "backing"),
    ("Salam ✌️ jari, BAMSI pasti menang", "ballot-gesture"),
    ("Ayo ramaikan kampanye akbar Sutopo-Ratna di alun-alun besok!", "campaign-event"),
    ("Saya mendukung penuh Yusran-Nurhayati untuk Sulawesi Barat Daya", "call-to-vote"),
    ("Gaskeun @yusranpakkanna satu putaran!", "call-to-vote"),
    ("Foto bareng calon bupati Bambang Wirayudha tadi pagi", "photo-with-candidate"),
    ("Yuk pasang twibbon AMAN untuk Pelabuhan Baru!", "photo-with-candidate"),
    ("Pilihanku tetap nomor 2", "ballot-number-call"),
    ("Satu putaran! MADANI!", "support-expression"),
]

QUIET = [
    "KPU Kaliurang Raya menetapkan Sutopo Hadi-Ratna Dewi nomor urut 1 dan Bambang-Siti nomor 2",
    "Jadwal debat publik paslon Pilbup Kaliurang Raya: Sabtu 9 November di Gedung Serbaguna",
    "Survei: 45 persen warga pilih Sutopo-Ratna, 38 persen pilih Bambang-Siti",
    "ASN wajib netral, tidak memihak pasangan calon tertentu, menolak politik uang",
    "ASN dilarang mendukung paslon nomor 1, 2 maupun 3. Jaga netralitas!",
    "Selamat ulang tahun Pak Sutopo, kepala sekolah kami yang hebat",
    "Dukung Ahmad Dhanuarta di konser nanti malam",
    "Cuaca hari ini aman, jalanan lancar",
    "Pilkada tinggal seminggu, #KaliurangMaju!",  # a campaign tag alone is context, no stance
    "Skor akhir 2-1, dukung terus timnas!",
    "Rapat tanggal 2 jam 02:30, pilih tempat duduk sendiri",
    "pilih nomor 1, 2 atau 3 bebas, yang penting jangan golput",
    "Pemain nomor punggung 10 itu luar biasa, menang 2-0",
    "Peace ✌️ semua, selamat berakhir pekan",
    "Gunakan hak pilih Anda di TPS pada 27 November",
    "Distribusi logistik surat suara Pilwalkot Pelabuhan Baru sudah 90 persen",
    "Pemkab Kaliurang Raya luncurkan program beasiswa #KaliurangMaju",
    "Siapa yang akan kamu pilih, Sutopo-Ratna atau Bambang-Siti?",
    "Kamu pilih Sutopo-Ratna ya?",
    "Foto bareng Pak Bambang, tetangga baru kami",
]


@pytest.mark.parametrize(("text", "rule"), FIRES)
def test_fires(text: str, rule: str) -> None:
    evidence = detector().detect(post(text))
    assert rule in {e.rule for e in evidence if e.category == "endorsement"}


@pytest.mark.parametrize("text", QUIET)
def test_quiet(text: str) -> None:
    assert "endorsement" not in categories(detector().detect(post(text)))


def test_candidate_is_resolved_from_the_post() -> None:
    evidence = detector().detect(post("Ayo coblos nomor 1! #SutopoRatna"))
    refs = {(e.candidate.election, e.candidate.number) for e in evidence if e.candidate}
    assert refs == {("pilbup-kaliurangraya-2024", 1)}


def test_ambiguous_number_has_no_candidate() -> None:
    evidence = detector().detect(post("Ayo coblos nomor 2"))
    assert [e.candidate for e in evidence] == [None]


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Dukung AMAN memperjuangkan hak masyarakat adat!", False),  # another AMAN's acronym
        ("Kongres AMAN ke-7 digelar pekan depan", False),
        ("Mantap, pilih BAMSI! 👊", True),
        ("Pilihanku AMAN, titik.", True),
        ("Coblos AMAN", True),
        ("Pilih AMAN no 1 biar kota aman dan bersih", True),  # alias and its own number
        ("Pilih AMAN nomor 3", False),  # AMAN is pair 1: no pairing
    ],
)
def test_capitalised_word_aliases(text: str, fires: bool) -> None:
    assert ("endorsement" in categories(detector().detect(post(text)))) is fires


def test_disaster_relief_posko_with_a_namesake_is_no_campaign_event() -> None:
    text = "Yuk kumpul di posko relawan banjir, ajak Pak Sutopo juga"
    assert "endorsement" not in categories(detector().detect(post(text)))
