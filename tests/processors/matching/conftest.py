"""A small hand-written registry and a post factory for the matching tests."""

import csv
from pathlib import Path

import pytest

from netra.domain.post import Author, Post
from netra.domain.registry import KNOWN_COLUMNS
from processors.matching import AsnMatcher

ROWS = [
    ("198702142011011003", "Dr. H. Dwi Hartanto, S.Pd., M.Pd.", "Kepala Sekolah",
     "Pemerintah Kabupaten Kaliurang Raya", "SD Negeri 4 Kaliurang Raya",
     "Kabupaten Kaliurang Raya", "x:dwi_hartanto21;instagram:dwi.hartanto"),
    ("199003022015042001", "Sri Wahyuni, S.Pd.", "Guru Ahli Pertama",
     "Pemerintah Kabupaten Kaliurang Raya", "SD Negeri 7 Kaliurang Raya",
     "Kabupaten Kaliurang Raya", ""),
    ("198811102014032002", "Sri Wahyuni, S.Kep., Ns.", "Perawat Ahli Pertama",
     "Pemerintah Kota Pelabuhan Baru", "Puskesmas Tanjung Emas", "Kota Pelabuhan Baru", ""),
    ("197505051999031001", "Suparman", "Polisi Pamong Praja Terampil",
     "Pemerintah Kota Pelabuhan Baru", "Satuan Polisi Pamong Praja", "Kota Pelabuhan Baru", ""),
    ("198001012005011002", "Moch. Rizki Pratama, S.Kom.", "Pranata Komputer Ahli Pertama",
     "Pemerintah Provinsi Sulawesi Barat Daya", "Dinas Komunikasi dan Informatika",
     "Provinsi Sulawesi Barat Daya", ""),
    ("198512122010012003", "Ni Made Ayu Lestari, A.Md.Keb.", "Bidan Terampil",
     "Pemerintah Kabupaten Gianyar Hilir", "Puskesmas Ubud Tengah", "Kabupaten Gianyar Hilir", ""),
    ("197012121995031004", "Drs. Tjahjo Soenarjo", "Camat",
     "Pemerintah Kabupaten Kaliurang Raya", "Kecamatan Ngemplak", "Kabupaten Kaliurang Raya", ""),
    ("198203032008011005", "Roy Martua Siregar, S.H.", "Analis Kebijakan",
     "Pemerintah Kota Pelabuhan Baru", "Badan Pengelolaan Keuangan dan Aset Daerah",
     "Kota Pelabuhan Baru", ""),
] + [
    # Many people named Budi Santoso, as in any real registry.
    (f"1980010120050110{i:02d}", "Budi Santoso", "Guru Ahli Muda",
     f"Pemerintah Kabupaten Region {i}", f"SMP Negeri 1 Region {i}", f"Kabupaten Region {i}", "")
    for i in range(10, 40)
]


def write_registry(path: Path, rows: list[tuple[str, ...]]) -> Path:
    """Write rows (in ROWS' column order, without email) as a registry CSV."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(KNOWN_COLUMNS)
        writer.writerows([(*row, "kepegawaian@example.go.id") for row in rows])
    return path


def row(nip: str, nama: str, jabatan: str, place: tuple[str, str], unit: str, akun: str = "") -> tuple:
    """A registry row in ROWS' column order; `place` is (instansi, wilayah)."""
    return (nip, nama, jabatan, place[0], unit, place[1], akun)


def matcher_over(directory: Path, rows: list[tuple[str, ...]]) -> AsnMatcher:
    """A matcher over `rows` written as a registry CSV in `directory` (none malformed)."""
    problems: list = []
    built = AsnMatcher.from_csv(write_registry(directory / "registry.csv", rows), problems)
    assert problems == []
    return built


@pytest.fixture
def registry_csv(tmp_path: Path) -> Path:
    """The small registry as a CSV file."""
    return write_registry(tmp_path / "registry.csv", ROWS)


@pytest.fixture
def matcher(registry_csv: Path) -> AsnMatcher:
    """A matcher over the small registry, indexed in memory."""
    problems: list = []
    built = AsnMatcher.from_csv(registry_csv, problems)
    assert problems == []
    return built


def make_post(
    handle: str | None = "someone",
    name: str | None = None,
    bio: str | None = None,
    location: str | None = None,
    platform: str = "x",
    author_id: str | None = None,
) -> Post:
    """A post whose author has these profile fields."""
    author = Author(id=author_id, handle=handle, display_name=name, bio=bio, location=location)
    return Post(platform=platform, post_id="1", created_at="2024-11-10T08:15:00+07:00",
                text="", author=author)
