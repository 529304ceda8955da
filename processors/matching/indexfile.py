"""The index file: a small JSON header, then every array, aligned, ready to memory-map.

Layout: `NETRAIDX` magic, format version and header length (two little-endian uint32), the
header (JSON: format, build id, entry count, and each array's dtype, shape, offset and CRC-32),
then the arrays at 64-byte aligned offsets. Loading maps the file once, checks every array's
CRC-32 (a corrupt or truncated file is refused with the array named) and views the arrays in
place: nothing is parsed or copied.
"""

import json
import mmap
import os
import struct
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import TextIO

import numpy as np

from netra.domain.registry import RegistryEntry
from processors.matching.columns import Arrays
from processors.matching.index import RegistryIndex, build_arrays
from processors.matching.progress import Progress, count_rows

MAGIC = b"NETRAIDX"
FORMAT = 4
ALIGN = 64
CHECK_BLOCK = 1 << 24


class IndexFileError(ValueError):
    """A file that is not an index this code can read."""


def write_index(
    entries: Iterable[RegistryEntry], path: Path, source: str = "", progress: TextIO | None = None
) -> dict:
    """Index the entries and write the index file atomically; returns its header. With a
    `progress` stream, the build reports its phases, rows, rate and time left there (the
    rows expected are counted in `source` when it names a CSV file)."""
    if progress is None:
        return write_arrays(build_arrays(entries), path, source)
    reporter = Progress(progress, count_rows(Path(source)) if source else None)
    header = write_arrays(build_arrays(entries, reporter), path, source)
    reporter(f"written, {header['entries']:,} entries", 0, None)
    reporter.close()
    return header


def write_arrays(arrays: Arrays, path: Path, source: str = "") -> dict:
    """Write built arrays as an index file (atomically: a temporary file, then a rename)."""
    layout: dict[str, dict] = {}
    offset = 0
    digest = sha256()
    for name, array in arrays.items():
        offset = -(-offset // ALIGN) * ALIGN
        layout[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset,
                        "crc32": _crc32(array)}
        offset += array.nbytes
        digest.update(name.encode() + array.dtype.str.encode() + str(array.shape).encode())
        digest.update(np.ascontiguousarray(array[:4096]).tobytes())
    header = {
        "format": FORMAT,
        "build_id": digest.hexdigest()[:16],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "entries": len(arrays["entry.nip"]),
        "arrays": layout,
    }
    encoded = json.dumps(header).encode()
    start = -(-(16 + len(encoded)) // ALIGN) * ALIGN
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as out:
        out.write(MAGIC + struct.pack("<II", FORMAT, len(encoded)) + encoded)
        for name, array in arrays.items():
            out.seek(start + layout[name]["offset"])
            out.write(np.ascontiguousarray(array).tobytes())
        out.truncate(start + offset)
    os.replace(temporary, path)
    return header


def read_header(path: Path) -> tuple[dict, int]:
    """The header of an index file and where its arrays start."""
    with path.open("rb") as handle:
        head = handle.read(16)
        if len(head) < 16 or head[:8] != MAGIC:
            raise IndexFileError(f"{path}: not a Netra index file")
        version, length = struct.unpack("<II", head[8:])
        if version != FORMAT:
            raise IndexFileError(f"{path}: index format {version}, this code reads {FORMAT}")
        header = json.loads(handle.read(length))
    return header, -(-(16 + length) // ALIGN) * ALIGN


def load_arrays(path: Path, populate: bool = False, verify: bool = True) -> tuple[dict, Arrays]:
    """The header and every array of an index file, memory-mapped read-only.

    `populate` maps every page at once (Linux MAP_POPULATE): a slower load and the whole
    file resident, but no page faults while matching. `verify` checks each array's CRC-32.
    """
    header, start = read_header(path)
    flags = mmap.MAP_SHARED | (getattr(mmap, "MAP_POPULATE", 0) if populate else 0)
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, flags=flags, prot=mmap.PROT_READ)
    arrays: Arrays = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"]))
        end = start + spec["offset"] + count * dtype.itemsize
        if end > len(mapped):
            raise IndexFileError(f"{path}: truncated at array '{name}' ({len(mapped)} bytes,"
                                 f" needs {end}); rebuild it with `netra index-registry`")
        array = np.frombuffer(mapped, dtype=dtype, count=count, offset=start + spec["offset"])
        if verify and _crc32(array) != spec["crc32"]:
            raise IndexFileError(f"{path}: array '{name}' fails its checksum (the file is"
                                 " corrupt); rebuild it with `netra index-registry`")
        arrays[name] = array.reshape(spec["shape"])
    return header, arrays


def _crc32(array: np.ndarray) -> int:
    """CRC-32 of an array's bytes, read in blocks (no copy of a memory-mapped array)."""
    data = np.ascontiguousarray(array).data.cast("B")
    crc = 0
    for at in range(0, len(data), CHECK_BLOCK):
        crc = zlib.crc32(data[at : at + CHECK_BLOCK], crc)
    return crc


def load_index(path: Path, populate: bool = False) -> RegistryIndex:
    """A registry index served from an index file (see `load_arrays` for `populate`)."""
    header, arrays = load_arrays(path, populate)
    return RegistryIndex(arrays, header)
