"""The registry CSV: every malformed row is reported with its line and skipped, never fatal."""

from pathlib import Path

import pytest

from netra.domain.problems import InputError, Problem
from netra.domain.registry import iter_registry

HEADER = "nip,nama,jabatan,instansi,unit_kerja,wilayah,akun_medsos,email_instansi\n"


def _read(tmp_path: Path, body: str, header: str = HEADER) -> tuple[list, list[Problem]]:
    path = tmp_path / "registry.csv"
    path.write_text(header + body, encoding="utf-8")
    problems: list[Problem] = []
    return list(iter_registry(path, problems)), problems


def test_reads_a_contract_row(tmp_path: Path) -> None:
    entries, problems = _read(
        tmp_path,
        '198702142011011003,"Dr. H. Dwi Hartanto, S.Pd., M.Pd.",Kepala Sekolah,'
        "Pemerintah Kabupaten Kaliurang Raya,SD Negeri 4 Kaliurang Raya,Kabupaten Kaliurang Raya,"
        "x:dwi_hartanto21;instagram:@Dwi.Hartanto,disdik@example.go.id\n",
    )
    assert problems == []
    (entry,) = entries
    assert entry.nama == "Dr. H. Dwi Hartanto, S.Pd., M.Pd."
    assert entry.accounts == (("x", "dwi_hartanto21"), ("instagram", "dwi.hartanto"))
    assert entry.email_instansi == "disdik@example.go.id"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("12345,Budi,,,,,,\n", "not 18 digits"),
        ("19870214201101100A,Budi,,,,,,\n", "not 18 digits"),
        ("198702142011011003,,,,,,,\n", "nama is empty"),
        ("198702142011011003,Budi,a,b,c,d,e,f,EXTRA\n", "more fields than the header"),
        ('198702142011011003,"Budi\n', "unreadable row"),
    ],
)
def test_reports_and_skips_bad_rows(tmp_path: Path, row: str, reason: str) -> None:
    good = "199003252015032001,Sri Wahyuningsih,,,,,,\n"
    entries, problems = _read(tmp_path, good + row)
    assert [e.nip for e in entries] == ["199003252015032001"]
    assert len(problems) == 1 and problems[0].line == 3 and reason in problems[0].reason


def test_a_repeated_nip_keeps_the_first_row(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, "198702142011011003,A,,,,,,\n198702142011011003,B,,,,,,\n")
    assert [e.nama for e in entries] == ["A"]
    assert "appears again" in problems[0].reason


def test_a_bad_account_is_reported_but_the_row_kept(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, "198702142011011003,A,,,,,x:ok;not an account,\n")
    assert entries[0].accounts == (("x", "ok"),)
    assert "not an account" in problems[0].reason


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, "198702142011011003,Budi\n", header="NIP,Nama\n")
    assert entries[0].nama == "Budi" and entries[0].accounts == () and problems == []


def test_a_file_without_nip_column_is_unusable(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="lacks column"):
        _read(tmp_path, "Budi\n", header="nama\n")


def test_a_header_that_repeats_a_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="header repeats column"):
        _read(tmp_path, "198702142011011003,A,B\n", header="nip,nama,NAMA\n")
