"""The index file: written once, memory-mapped back, same answers as the in-memory index."""

from pathlib import Path

import numpy as np
import pytest

from netra.domain.registry import iter_registry
from processors.matching import AsnMatcher, build_arrays, load_index, write_index
from processors.matching.indexfile import FORMAT, IndexFileError, read_header
from tests.processors.matching.conftest import make_post


def test_round_trip_keeps_every_array(registry_csv: Path, tmp_path: Path) -> None:
    entries = list(iter_registry(registry_csv, []))
    path = tmp_path / "registry.idx"
    header = write_index(entries, path, source="registry.csv")
    assert header["format"] == FORMAT and header["entries"] == len(entries)
    loaded = load_index(path)
    built = build_arrays(entries)
    assert set(loaded.arrays) == set(built)
    for name, array in built.items():
        assert np.array_equal(loaded.arrays[name], array), name
    assert list(loaded.entries()) == entries
    assert read_header(path)[0]["build_id"] == header["build_id"]


def test_matcher_from_index_file(registry_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "registry.idx"
    write_index(iter_registry(registry_csv, []), path)
    matcher = AsnMatcher.from_index_file(path)
    found = matcher.match(make_post(handle="dwi_hartanto21"))
    assert found is not None and found.nip == "198702142011011003"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "not a Netra index file"), (b"PK\x03\x04" + b"\0" * 20, "not a Netra index file"),
     (b"NETRAIDX\x63\0\0\0\x02\0\0\0{}", "index format 99")],
)
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.idx"
    path.write_bytes(content)
    with pytest.raises(IndexFileError, match=message):
        load_index(path)


def test_a_corrupt_array_is_refused_by_name(registry_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "registry.idx"
    write_index(iter_registry(registry_csv, []), path)
    header, start = read_header(path)
    spec = header["arrays"]["entry.nip"]
    data = bytearray(path.read_bytes())
    data[start + spec["offset"] + 3] ^= 0x01  # one bit of one NIP
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match=r"array 'entry\.nip' fails its checksum"):
        load_index(path)


def test_a_truncated_file_is_refused(registry_csv: Path, tmp_path: Path) -> None:
    path = tmp_path / "registry.idx"
    write_index(iter_registry(registry_csv, []), path)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(IndexFileError, match="truncated at array"):
        load_index(path)
