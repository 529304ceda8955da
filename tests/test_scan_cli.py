"""`netra scan` as CONTRACTS.md §4 fixes it: one line per input line, errors in place, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from netra import demo
from tests.contract_examples import ELECTIONS as CONTRACT_ELECTIONS

NETRA = [sys.executable, "-m", "netra.app.cli"]
REGISTRY = """nip,nama,jabatan,instansi,unit_kerja,wilayah,akun_medsos,email_instansi
198702142011011003,"Dr. H. Dwi Hartanto, S.Pd., M.Pd.",Kepala Sekolah,Pemerintah Kabupaten Kaliurang Raya,SD Negeri 4 Kaliurang Raya,Kabupaten Kaliurang Raya,x:dwi_hartanto21;instagram:dwi.hartanto,
not-a-nip,Broken Row,,,,,,
"""
CONTRACT_POST = {
    "platform": "x", "post_id": "1855012345678901234",
    "url": "https://x.com/dwi_hartanto21/status/1855012345678901234",
    "created_at": "2024-11-10T08:15:00+07:00", "text": "Ayo coblos nomor 1! #SutopoRatna", "lang": "id",
    "author": {"id": "98765", "handle": "dwi_hartanto21", "display_name": "Dwi Hartanto",
               "bio": "Guru SDN 4 Kaliurang Raya", "location": "Kaliurang Raya"},
    "raw": {},
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("scan")
    (folder / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    (folder / "elections.yaml").write_text(CONTRACT_ELECTIONS, encoding="utf-8")
    return folder / "registry.csv", folder / "elections.yaml"


def _scan(files: tuple[Path, Path], stdin: bytes, *extra: str) -> subprocess.CompletedProcess[bytes]:
    registry, elections = files
    return subprocess.run([*NETRA, "scan", "--registry", str(registry), "--elections", str(elections), *extra],
                          input=stdin, capture_output=True, timeout=300)


def _lines(result: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_the_contract_example_is_flagged_with_evidence(files: tuple[Path, Path]) -> None:
    result = _scan(files, json.dumps(CONTRACT_POST).encode() + b"\n")
    assert result.returncode == 0, result.stderr
    (decision,) = _lines(result)
    assert list(decision)[:7] == ["platform", "post_id", "flagged", "score", "categories", "asn_match", "evidence"]
    assert decision["flagged"] is True and decision["categories"] == ["endorsement"]
    assert decision["asn_match"]["nip"] == "198702142011011003" and decision["asn_match"]["confidence"] >= 0.8
    assert 0 < decision["score"] <= 1
    text = CONTRACT_POST["text"]
    for item in decision["evidence"]:
        assert text[item["start"]:item["end"]] == item["text"]
        assert item["category"] == "endorsement" and item["rule"]
    assert "not-a-nip" in result.stderr.decode() and ":3:" in result.stderr.decode()


def test_bad_lines_get_an_error_line_in_place_and_exit_1(files: tuple[Path, Path]) -> None:
    good = json.dumps(CONTRACT_POST).encode()
    huge = json.dumps({**CONTRACT_POST, "text": "x" * 3_000_000}).encode()
    stdin = b"\n".join([good, b"{not json", b"", json.dumps({"platform": "x"}).encode(), huge,
                        b'{"platform": "x", "text": "\xff"}', good]) + b"\n"
    result = _scan(files, stdin)
    assert result.returncode == 1
    lines = _lines(result)
    assert len(lines) == 7
    assert [line.get("line") for line in lines] == [None, 2, 3, 4, 5, 6, None]
    assert "invalid JSON" in lines[1]["error"] and "empty line" in lines[2]["error"]
    assert "post_id" in lines[3]["error"] and "byte limit" in lines[4]["error"] and "UTF-8" in lines[5]["error"]
    assert lines[0] == lines[6]


def test_offsets_hold_with_emoji_and_combining_characters(files: tuple[Path, Path]) -> None:
    text = "👨‍👩‍👧‍👦 Se\u0301nang! 🇮🇩 Ayo coblos nomor 1 ✌\ufe0f #SutopoRatna"
    result = _scan(files, json.dumps({**CONTRACT_POST, "text": text}, ensure_ascii=False).encode() + b"\n")
    (decision,) = _lines(result)
    assert decision["evidence"]
    for item in decision["evidence"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_files_instead_of_pipes_and_the_demo_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = subprocess.run([*NETRA, "scan", "--registry", str(demo.REGISTRY), "--elections", str(demo.ELECTIONS),
                             "--input", str(demo.POSTS), "--output", str(out)], capture_output=True, timeout=300)
    assert result.returncode == 1  # the demo holds two bad lines on purpose
    inputs = demo.POSTS.read_text(encoding="utf-8").splitlines()
    outputs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(outputs) == len(inputs)
    for number, (line, decision) in enumerate(zip(inputs, outputs, strict=True), start=1):
        if "error" in decision:
            assert decision["line"] == number
        else:
            assert json.loads(line)["post_id"] == decision["post_id"]
            assert decision["flagged"] == bool(decision["categories"] and decision["asn_match"]
                                               and decision["asn_match"]["confidence"] >= 0.8)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scan", "--elections", "e.yaml"], "--registry"),
        (["scan", "--registry", "/nonexistent.csv", "--elections", "/nonexistent.yaml"], "no such file"),
    ],
)
def test_unusable_arguments_exit_2(argv: list[str], message: str) -> None:
    result = subprocess.run([*NETRA, *argv], capture_output=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr.decode()


def test_an_invalid_election_file_exits_2(files: tuple[Path, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("elections:\n  - id: a\n    candidates: []\n")
    result = subprocess.run([*NETRA, "scan", "--registry", str(files[0]), "--elections", str(bad)],
                            input=b"", capture_output=True, timeout=60)
    assert result.returncode == 2 and "bad.yaml:2" in result.stderr.decode()


def test_a_directory_as_input_is_a_usage_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    result = _scan(files, b"", "--input", str(tmp_path))
    assert result.returncode == 2
    assert b"not a file" in result.stderr and b"Traceback" not in result.stderr


def test_an_impossible_voting_day_is_a_usage_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    elections = tmp_path / "elections.yaml"
    elections.write_text("elections:\n  - id: a\n    region: Kota B\n    voting_day: 2024-02-30\n"
                         "    candidates: [{number: 1, names: [C]}]\n", encoding="utf-8")
    result = _scan((files[0], elections), b"")
    assert result.returncode == 2
    assert b"elections.yaml:4: invalid value" in result.stderr and b"Traceback" not in result.stderr


def test_a_bom_keeps_the_first_post_and_deep_json_is_a_clear_line_error(files: tuple[Path, Path]) -> None:
    deep = b'{"platform": "x", "raw": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    result = _scan(files, b"\xef\xbb\xbf" + json.dumps(CONTRACT_POST).encode() + b"\n" + deep + b"\n")
    first, second = _lines(result)
    assert first["post_id"] == CONTRACT_POST["post_id"] and first["flagged"]
    assert second == {"line": 2, "error": "invalid post: JSON nested too deep"}
