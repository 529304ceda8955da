"""The regions file: Kemendagri's provinces as bundled (rebuilt by its script), and bad files refused."""

import argparse
import importlib.util
from pathlib import Path

import pytest

from netra.app.review import register
from netra.domain.regions import KEMENDAGRI, RegionsError, load_regions

BUILD = Path(__file__).resolve().parents[3] / "deploy" / "regions" / "build.py"


def test_the_bundled_kemendagri_regions_hold_every_province_and_the_demo_adds_its_own() -> None:
    regions = load_regions([KEMENDAGRI])
    assert len(regions.provinces) == 38
    assert sum(len(r) for r in regions.provinces.values()) == 514 + 6, "plus Jakarta's short city names"
    assert {"Kabupaten Sleman", "Kota Yogyakarta"} <= set(regions.covered("Provinsi Daerah Istimewa Yogyakarta"))
    assert "Kota Semarang" in regions.covered("Provinsi Jawa Tengah")
    assert "Kota Semarang" not in regions.covered("Provinsi Jawa Timur")
    assert regions.covered("Kabupaten Sleman") == ("Kabupaten Sleman",)


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "cannot be read as JSON"),
    ('["Provinsi A"]', "expected"),
    ('{"provinces": {"Provinsi A": "Kabupaten B"}}', "must be a list"),
    ('{"provinces": {"Provinsi A": [""]}}', "is not a region name"),
    ('{"provinces": {"Provinsi A": [3]}}', "is not a region name"),
    ('{"provinces": {"Provinsi A": ["Kabupaten B"], "Provinsi C": ["Kabupaten B"]}}', "in both"),
])
def test_a_bad_regions_file_is_refused_with_its_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "regions.json"
    path.write_text(text)
    with pytest.raises(RegionsError, match=message):
        load_regions([path])


def test_the_committed_file_is_what_the_build_script_writes() -> None:
    spec = importlib.util.spec_from_file_location("build_regions", BUILD)
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.render(build.build()) == KEMENDAGRI.read_text(encoding="utf-8")


def test_netra_review_refuses_a_bad_regions_file_before_serving(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "regions.json"
    bad.write_text('{"provinces": []}')
    parser = argparse.ArgumentParser(prog="netra")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["review", "--store", str(tmp_path / "absent.sqlite"), "--regions", str(bad)])
    assert args.handler(args) == 2 and "regions.json: expected" in capsys.readouterr().err
    assert not (tmp_path / "absent.sqlite").exists()
