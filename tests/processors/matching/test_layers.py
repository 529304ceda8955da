"""Incremental updates: an agency's new export replaces its rows, nothing else."""

from pathlib import Path

from netra.domain.registry import iter_registry
from processors.matching import AsnMatcher, LayeredRegistry
from processors.matching.index import RegistryIndex, build_arrays
from tests.processors.matching.conftest import ROWS, make_post, write_registry

PELABUHAN = "Pemerintah Kota Pelabuhan Baru"


def layered(registry_csv: Path) -> LayeredRegistry:
    return LayeredRegistry(RegistryIndex(build_arrays(iter_registry(registry_csv, []))))


def test_replacing_an_agency_swaps_its_rows(registry_csv: Path, tmp_path: Path) -> None:
    registry = layered(registry_csv)
    update = write_registry(tmp_path / "update.csv", [
        ("199901012020121001", "Agus Salim, S.E.", "Analis Kebijakan", PELABUHAN,
         "Badan Pengelolaan Keuangan dan Aset Daerah", "Kota Pelabuhan Baru", "x:agus_salim"),
    ])
    problems: list = []
    assert registry.replace_from_csv(update, problems) == {PELABUHAN}
    nips = {entry.nip for entry in registry.entries()}
    assert "199901012020121001" in nips
    assert "197505051999031001" not in nips  # Suparman worked for the replaced agency
    assert "198702142011011003" in nips  # other agencies untouched
    assert len(nips) == len(ROWS) - 3 + 1
    matcher = AsnMatcher(registry)
    assert matcher.match(make_post(handle="agus_salim")).nip == "199901012020121001"
    assert matcher.match(make_post(name="Suparman", bio="Satpol PP Kota Pelabuhan Baru")) is None


def test_moved_nip_appears_once(registry_csv: Path) -> None:
    registry = layered(registry_csv)
    base = next(iter(registry.entries()))
    from dataclasses import replace

    registry.replace_agencies([replace(base, instansi="Kementerian Agama", accounts=())])
    moved = [entry for entry in registry.entries() if entry.nip == base.nip]
    assert [entry.instansi for entry in moved] == ["Kementerian Agama"]
    found = AsnMatcher(registry).match(make_post(handle="dwi_hartanto21"))
    assert found is None or found.nip != base.nip or found.confidence < 0.8


def test_remove_agency(registry_csv: Path) -> None:
    registry = layered(registry_csv)
    registry.remove_agency(PELABUHAN)
    assert all(entry.instansi != PELABUHAN for entry in registry.entries())
