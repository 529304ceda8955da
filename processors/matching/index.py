"""The registry as flat arrays: entries, their normalised names and the keys that find them.

Built once from registry entries (`build_arrays`), kept in memory or written to an index file
(`indexfile.py`) and memory-mapped back; `RegistryIndex` answers every lookup the matcher needs
without Python objects per row. Name ids are assigned shortest name first, so every posting
list (sorted by name id) lists the shortest names, the best partial matches, first.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np

from netra.domain.registry import RegistryEntry
from processors.matching.columns import (
    Arrays,
    CachedStringTable,
    MultiMap,
    StringTable,
    key_hash,
    key_hashes,
)
from processors.matching.cues import OCCUPATIONS, occupations
from processors.matching.names import core_name, normalise_name, short_forms, token_sorted
from processors.matching.places import expand_place, region_name
from processors.matching.progress import ProgressCallback

PROGRESS_ROWS = 20_000
CODED_FIELDS = ("jabatan", "instansi", "unit_kerja", "wilayah", "email_instansi")
JOB_BITS = {job: 1 << bit for bit, job in enumerate(OCCUPATIONS)}


def deletions(token: str) -> set[str]:
    """The token with one letter removed, for every letter (tokens under 4 letters: none)."""
    if len(token) < 4:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def prefixes(token: str) -> set[str]:
    """The shortened forms of a long token people go by (`amelia` -> `amel`, `ameli`)."""
    return {token[:end] for end in range(4, len(token) - 1)} if len(token) >= 6 else set()


def token_variants(token: str) -> set[str]:
    """The keys under which a registry token is filed: itself, its deletions, its short forms
    and its prefixes."""
    return {token, *deletions(token), *short_forms(token), *prefixes(token)}


def pair_key(first: str, second: str) -> str:
    """The key of two name tokens, order-free."""
    return f"{first} {second}" if first <= second else f"{second} {first}"


def job_mask(text: str) -> int:
    """The occupations a jabatan names, as a bit mask."""
    mask = 0
    for job in occupations(text):
        mask |= JOB_BITS[job]
    return mask


@lru_cache(maxsize=4096)
def jobs_of(mask: int) -> frozenset[str]:
    """The occupations of a bit mask."""
    return frozenset(job for job, bit in JOB_BITS.items() if mask & bit)


class _Codes:
    """Dictionary encoding of one repeated text column."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.rows: list[int] = []

    def add(self, value: str) -> None:
        self.rows.append(self.ids.setdefault(value, len(self.ids)))

    def values(self) -> list[str]:
        return list(self.ids)


def build_arrays(
    entries: Iterable[RegistryEntry], progress: ProgressCallback | None = None
) -> Arrays:
    """Every array of the index, from registry entries (first entry wins on a repeated NIP);
    `progress` hears of each phase and, while reading, of every 20,000 rows."""
    report = progress or _silent
    normalise = lru_cache(maxsize=1_000_000)(normalise_name)
    nips: list[int] = []
    namas: list[str] = []
    accounts: list[str] = []
    name_of_row: list[str] = []
    codes = {field: _Codes() for field in CODED_FIELDS}
    account_keys: list[int] = []
    account_rows: list[int] = []
    handle_keys: list[int] = []
    handle_rows: list[int] = []
    seen: set[int] = set()
    report("reading rows", 0, None)
    for entry in entries:
        nip = int(entry.nip)
        if nip in seen:
            continue
        seen.add(nip)
        row = len(nips)
        if row % PROGRESS_ROWS == 0:
            report("reading rows", row, None)
        nips.append(nip)
        namas.append(entry.nama)
        name_of_row.append(normalise(entry.nama) or entry.nama.lower())
        for field in CODED_FIELDS:
            codes[field].add(getattr(entry, field))
        accounts.append(";".join(f"{platform}:{handle}" for platform, handle in entry.accounts))
        for platform, handle in entry.accounts:
            account_keys.append(key_hash(f"{platform}:{handle}"))
            account_rows.append(row)
            handle_keys.append(key_hash(handle))
            handle_rows.append(row)
    report("reading rows", len(nips), len(nips))
    report("coding fields", 0, None)
    arrays: Arrays = {"entry.nip": np.array(nips, dtype=np.uint64)}
    arrays |= StringTable.arrays("nama", namas)
    arrays |= StringTable.arrays("akun", accounts)
    for field, coded in codes.items():
        arrays[f"entry.{field}"] = np.array(coded.rows, dtype=np.int32)
        arrays |= StringTable.arrays(field, coded.values())
    arrays |= _place_arrays({field: codes[field].values() for field in CODED_FIELDS})
    arrays |= _unit_arrays(arrays["entry.unit_kerja"], len(codes["unit_kerja"].ids))
    arrays |= _name_arrays(
        name_of_row,
        np.array(codes["wilayah"].rows, dtype=np.int32),
        np.array(codes["unit_kerja"].rows, dtype=np.int32),
        report,
    )
    arrays |= MultiMap.arrays(
        "account", np.array(account_keys, dtype=np.uint64), np.array(account_rows, dtype=np.int32)
    )
    arrays |= MultiMap.arrays(
        "handle", np.array(handle_keys, dtype=np.uint64), np.array(handle_rows, dtype=np.int32)
    )
    arrays |= MultiMap.arrays(
        "nip", arrays["entry.nip"], np.arange(len(nips), dtype=np.int32)
    )
    return arrays


def _silent(phase: str, done: int, total: int | None) -> None:
    """The progress callback that reports nothing."""


def _place_arrays(values: dict[str, list[str]]) -> Arrays:
    """Normalised forms of the coded columns, one per distinct value."""
    arrays: Arrays = {}
    for field in ("instansi", "unit_kerja", "jabatan"):
        arrays |= StringTable.arrays(f"{field}.norm", (expand_place(v) for v in values[field]))
    arrays |= StringTable.arrays("wilayah.norm", (region_name(v) for v in values["wilayah"]))
    arrays["jabatan.jobs"] = np.array(
        [job_mask(expand_place(v)) for v in values["jabatan"]], dtype=np.int32
    )
    word_keys: list[int] = []
    word_units: list[int] = []
    for code, unit in enumerate(values["unit_kerja"]):
        for word in set(expand_place(unit).split()):
            word_keys.append(key_hash(word))
            word_units.append(code)
    arrays |= MultiMap.arrays(
        "unit.word", np.array(word_keys, dtype=np.uint64), np.array(word_units, dtype=np.int32)
    )
    return arrays


def _unit_arrays(units: np.ndarray, count: int) -> Arrays:
    """Rows grouped by unit_kerja code (row order within a unit): a named unit's staff is one
    slice, for choosing which namesakes to score by the unit a profile names."""
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(units, minlength=count), out=offsets[1:])
    return {"unit.entries.off": offsets, "unit.entries": np.argsort(units, kind="stable").astype(np.int32)}


def _name_arrays(
    name_of_row: list[str], wilayah: np.ndarray, unit: np.ndarray, report: ProgressCallback
) -> Arrays:
    """Distinct names (shortest first) with their token-sorted forms and whether a word repeats,
    entries per name, and the keys that find names.

    A name's entries are sorted by region, with each entry's region and unit codes stored
    alongside, so the entries of a common name in one region are one contiguous slice.
    """
    report("sorting names", 0, None)
    distinct = sorted(set(name_of_row), key=lambda name: (name.count(" "), len(name), name))
    name_id = {name: index for index, name in enumerate(distinct)}
    row_names = np.fromiter((name_id[name] for name in name_of_row), dtype=np.int32)
    order = np.lexsort((wilayah, row_names)).astype(np.int32)
    counts = np.bincount(row_names, minlength=len(distinct))
    offsets = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    arrays: Arrays = {
        "entry.name": row_names,
        "name.entries.off": offsets,
        "name.entries": order,
        "name.entries.wilayah": wilayah[order],
        "name.entries.unit": unit[order],
    }
    arrays |= StringTable.arrays("names", distinct)
    arrays |= StringTable.arrays("names.sorted", (token_sorted(name) for name in distinct))
    arrays["names.repeats"] = np.array(
        [len(set(words := name.split())) < len(words) for name in distinct], dtype=bool
    )
    ids = np.arange(len(distinct), dtype=np.int32)
    arrays |= MultiMap.arrays("name.exact", key_hashes(distinct), ids)
    arrays |= MultiMap.arrays("name.core", key_hashes(core_name(n) for n in distinct), ids)
    arrays |= MultiMap.arrays("name.squash", key_hashes(n.replace(" ", "") for n in distinct), ids)
    arrays |= _token_arrays(distinct, report)
    return arrays


def _token_arrays(distinct: list[str], report: ProgressCallback) -> Arrays:
    """Token vocabulary, its spelling variants, and token and token-pair postings of names."""
    token_id: dict[str, int] = {}
    token_keys: list[int] = []
    token_names: list[int] = []
    pair_keys: list[int] = []
    pair_names: list[int] = []
    for index, name in enumerate(distinct):
        if index % PROGRESS_ROWS == 0:
            report("indexing names", index, len(distinct))
        tokens = sorted(set(name.split()))
        for token in tokens:
            token_keys.append(token_id.setdefault(token, len(token_id)))
            token_names.append(index)
        for first, second in combinations(tokens, 2):
            pair_keys.append(key_hash(f"{first} {second}"))
            pair_names.append(index)
    variant_keys: list[int] = []
    variant_tokens: list[int] = []
    report("indexing names", len(distinct), len(distinct))
    for token, index in token_id.items():
        if index % PROGRESS_ROWS == 0:
            report("indexing name words", index, len(token_id))
        for variant in token_variants(token):
            variant_keys.append(key_hash(variant))
            variant_tokens.append(index)
    report("sorting keys", 0, None)
    arrays = StringTable.arrays("tokens", token_id)
    arrays |= MultiMap.arrays(
        "token.variant", np.array(variant_keys, dtype=np.uint64), np.array(variant_tokens)
    )
    arrays |= MultiMap.arrays(
        "token.names", np.array(token_keys, dtype=np.uint64), np.array(token_names)
    )
    arrays |= MultiMap.arrays("pair", np.array(pair_keys, dtype=np.uint64), np.array(pair_names))
    return arrays


@dataclass(frozen=True, slots=True)
class EntryView:
    """One registry entry as the features see it: raw fields for reasons, normalised for tests."""

    row: int
    nip: str
    nama: str
    name: str
    name_count: int
    jabatan: str
    jobs: frozenset[str]
    instansi: str
    instansi_text: str
    unit_kerja: str
    unit_text: str
    wilayah: str
    region: str
    accounts: tuple[str, ...]


def _ints(column: np.ndarray) -> memoryview:
    """An integer column as a memoryview: `view[i]` is a Python int, read without numpy."""
    column = np.ascontiguousarray(column)
    kind: Any = column.dtype.char
    return column.data.cast("B").cast(kind)


class RegistryIndex:
    """Read-only lookups over the index arrays (in memory or memory-mapped)."""

    def __init__(self, arrays: Arrays, header: dict | None = None) -> None:
        self.arrays = arrays
        self.header = header or {}
        self.nips = arrays["entry.nip"]
        self.entry_name = arrays["entry.name"]
        self.nama = StringTable.of(arrays, "nama")
        self.akun = StringTable.of(arrays, "akun")
        self.names = CachedStringTable.of(arrays, "names")
        self.sorted_names = StringTable.of(arrays, "names.sorted")  # blocking's scoring form
        self.name_repeats = arrays["names.repeats"]  # a word twice in the name
        self.tokens = CachedStringTable.of(arrays, "tokens")
        self.codes = {field: arrays[f"entry.{field}"] for field in CODED_FIELDS}
        self._jabatan, self._instansi, self._unit, self._wilayah = (
            self.codes[field] for field in ("jabatan", "instansi", "unit_kerja", "wilayah")
        )
        self.variant_cache: dict[str, dict[str, int]] = {}
        self.candidate_cache: dict[str, np.ndarray] = {}
        self.pair_cache: dict[tuple[str, str, int], np.ndarray] = {}
        self.mononym_cache: dict[str, np.ndarray] = {}
        self.unit_cache: dict[str, tuple[np.ndarray, list[str]]] = {}
        self.values = {field: CachedStringTable.of(arrays, field) for field in CODED_FIELDS}
        self.norm = {
            field: CachedStringTable.of(arrays, f"{field}.norm")
            for field in ("instansi", "unit_kerja", "jabatan", "wilayah")
        }
        self.job_masks = arrays["jabatan.jobs"]
        self.name_offsets = arrays["name.entries.off"]
        self.name_entries = arrays["name.entries"]
        self.name_wilayah = arrays["name.entries.wilayah"]
        self.name_unit = arrays["name.entries.unit"]
        self.unit_offsets = arrays["unit.entries.off"]
        self.unit_entries = arrays["unit.entries"]
        # Per-row reads in `view` go through memoryviews (a Python int per read, no numpy
        # scalar), and each coded field is decoded once per code.
        self._row_name = _ints(self.entry_name)
        self._row_nip = _ints(self.nips)
        self._row_jabatan, self._row_instansi, self._row_unit, self._row_wilayah = (
            _ints(column) for column in (self._jabatan, self._instansi, self._unit, self._wilayah)
        )
        self._name_offsets = _ints(self.name_offsets)
        self._texts: dict[str, dict[int, tuple[str, str]]] = {
            field: {} for field in ("instansi", "unit_kerja", "wilayah")
        }
        self._jobs: dict[int, tuple[str, frozenset[str]]] = {}
        self.maps = {
            key: MultiMap.of(arrays, key)
            for key in (
                "account", "handle", "nip", "name.exact", "name.core", "name.squash",
                "token.variant", "token.names", "pair", "unit.word",
            )
        }
        self.regions = tuple(self.norm["wilayah"][i] for i in range(len(self.norm["wilayah"])))
        self._region_codes: dict[str, list[int]] = {}
        for code, region in enumerate(self.regions):
            self._region_codes.setdefault(region, []).append(code)
        self.regions_by_word: dict[str, set[str]] = {}
        for region in self.regions:
            if region:
                self.regions_by_word.setdefault(region.split()[0], set()).add(region)

    def __len__(self) -> int:
        return len(self.nips)

    def units_named_in(self, text: str, max_units: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
        """Unit codes sharing words with the text, and how many words each shares (words that
        name over `max_units` units, like `negeri`, are not counted)."""
        words = sorted(set(text.split()))
        if not words:
            return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int64)
        units = self.maps["unit.word"]
        starts, ends = units.ranges(key_hashes(words))
        rare = [word for word, size in zip(words, ends - starts, strict=True) if size <= max_units]
        codes = units.get_many(key_hashes(rare), limit=None)
        return np.unique(codes, return_counts=True)

    def region_codes(self, regions: frozenset[str]) -> np.ndarray:
        """The wilayah codes whose bare names are among `regions` (looked up by name)."""
        return np.array(
            sorted(code for region in regions for code in self._region_codes.get(region, ())),
            dtype=np.int32,
        )

    def rows_with_account(self, platform: str, handle: str) -> np.ndarray:
        """Rows that list `platform:handle` in akun_medsos."""
        return self.maps["account"].get(key_hash(f"{platform}:{handle}"))

    def rows_with_handle(self, handle: str) -> np.ndarray:
        """Rows that list this handle in akun_medsos, on any platform."""
        return self.maps["handle"].get(key_hash(handle))

    def rows_with_nip(self, nip: str) -> np.ndarray:
        """The row of a NIP (empty when absent)."""
        return self.maps["nip"].get(int(nip))

    def name_count(self, name_id: int) -> int:
        """How many entries share one normalised name."""
        return int(self.name_offsets[name_id + 1] - self.name_offsets[name_id])

    def rows_of_name(self, name_id: int) -> np.ndarray:
        """The rows whose normalised name is this one, by region."""
        return self.name_entries[self.name_offsets[name_id] : self.name_offsets[name_id + 1]]

    def rows_of_unit(self, unit_code: int) -> np.ndarray:
        """The rows whose unit_kerja has this code, in row order."""
        return self.unit_entries[self.unit_offsets[unit_code] : self.unit_offsets[unit_code + 1]]

    def codes_of_name(self, name_id: int) -> tuple[np.ndarray, np.ndarray]:
        """The region (sorted) and unit codes of the rows of `rows_of_name`, in that order."""
        start, end = self.name_offsets[name_id], self.name_offsets[name_id + 1]
        return self.name_wilayah[start:end], self.name_unit[start:end]

    def view(self, row: int) -> EntryView:
        """The entry at one row, decoded for the features."""
        name_id = self._row_name[row]
        jabatan, jobs = self._job(self._row_jabatan[row])
        instansi, instansi_text = self._text("instansi", self._row_instansi[row])
        unit_kerja, unit_text = self._text("unit_kerja", self._row_unit[row])
        wilayah, region = self._text("wilayah", self._row_wilayah[row])
        accounts = self.akun[row]
        return EntryView(
            row=row,
            nip=f"{self._row_nip[row]:018d}",
            nama=self.nama[row],
            name=self.names[name_id],
            name_count=self._name_offsets[name_id + 1] - self._name_offsets[name_id],
            jabatan=jabatan,
            jobs=jobs,
            instansi=instansi,
            instansi_text=instansi_text,
            unit_kerja=unit_kerja,
            unit_text=unit_text,
            wilayah=wilayah,
            region=region,
            accounts=tuple(accounts.split(";")) if accounts else (),
        )

    def _text(self, field: str, code: int) -> tuple[str, str]:
        """A coded field's value and its normalised text, decoded once per code."""
        cache = self._texts[field]
        found = cache.get(code)
        if found is None:
            found = cache[code] = (self.values[field][code], self.norm[field][code])
        return found

    def _job(self, code: int) -> tuple[str, frozenset[str]]:
        """A jabatan and the occupations it names, decoded once per code."""
        found = self._jobs.get(code)
        if found is None:
            found = self._jobs[code] = (
                self.values["jabatan"][code], jobs_of(int(self.job_masks[code]))
            )
        return found

    def entry(self, row: int) -> RegistryEntry:
        """The registry entry at one row, as the CSV gave it."""
        view = self.view(row)
        pairs = tuple(tuple(item.split(":", 1)) for item in view.accounts)
        return RegistryEntry(
            nip=view.nip,
            nama=view.nama,
            jabatan=view.jabatan,
            instansi=view.instansi,
            unit_kerja=view.unit_kerja,
            wilayah=view.wilayah,
            accounts=pairs,  # type: ignore[arg-type]
            email_instansi=self.values["email_instansi"][int(self.codes["email_instansi"][row])],
        )

    def entries(self) -> Iterator[RegistryEntry]:
        """Every entry, in row order."""
        return (self.entry(row) for row in range(len(self)))
