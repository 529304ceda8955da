"""Unit blocking: the names worth scoring because their owners work in the unit a profile names.

Name blocking alone picks the names closest to the display name or handle. At national scale
a short form of a three-word name ("Farah Novitasari" for Farah Dewi Novitasari) or a handle
made only of particles (`ni.kadek874`) fits hundreds of names about equally, and the owner's
name may not be among those scored. When the profile names a unit (with its number or place:
"Guru SDN 4 Z", "Bidan Puskesmas Abdul Muis"), the unit's staff are few: the names among them
that the profile's names fit loosely are scored too, whatever their rank by name alone.
"""

import numpy as np
from rapidfuzz import fuzz, process

from processors.matching.columns import key_hashes
from processors.matching.features import unit_fit
from processors.matching.index import RegistryIndex
from processors.matching.places import UNIT_KINDS, contains_phrase

# A profile's rarest words pick the units to check, when they name at most this many units.
RARE_UNIT_WORD = 2_000
# Words naming more units than this (negeri, sd, smp) are too common to rank units by.
COUNTED_WORD = 20_000
# Units that share the most rare words with the profile are checked in full, at most these.
UNITS_CHECKED = 16
# A unit with more staff than this is too broad to read names from; with a region named, its
# staff in that region are read when the unit has at most UNIT_ROWS_IN_REGION.
UNIT_ROWS = 500
UNIT_ROWS_IN_REGION = 4_000
# token_set_ratio of a staff name against a profile name: every profile word in the name.
LOOSE_FIT = 90.0
UNIT_CACHE_SIZE = 50_000
SETTINGS = (f"unit-words={RARE_UNIT_WORD}/{COUNTED_WORD};units={UNITS_CHECKED};"
            f"staff={UNIT_ROWS}/{UNIT_ROWS_IN_REGION};loose={LOOSE_FIT}")


Staff = tuple[np.ndarray, list[str]]
NO_STAFF: Staff = (np.empty(0, dtype=np.int32), [])


def unit_staff(
    index: RegistryIndex, place_text: str, place_core: str, region_codes: np.ndarray
) -> Staff:
    """The distinct names (ids and texts) of the staff of the units the profile names, in the
    regions it names (`region_codes`, read from the same text); cached per index by text (an
    account posts with the same bio)."""
    cache = index.unit_cache
    found = cache.get(place_text)
    if found is None:
        if len(cache) >= UNIT_CACHE_SIZE:
            cache.clear()
        found = cache[place_text] = _staff(
            index, named_units(index, place_text, place_core), region_codes)
    return found


def named_units(index: RegistryIndex, place_text: str, place_core: str) -> list[int]:
    """Codes of the units the place text names in full (`features.unit_fit`: the number and
    place agree). The units of its two rarest words are ranked by how many of its other words
    (those naming at most COUNTED_WORD units) each has, by a binary search in each word's
    sorted unit list; the best few are checked."""
    if not any(contains_phrase(place_text, kind) for kind in UNIT_KINDS):
        return []  # no school, puskesmas, office...: no unit named
    words = sorted(set(place_text.split()))
    units = index.maps["unit.word"]
    starts, ends = units.ranges(key_hashes(words))
    sizes = ends - starts
    present = np.flatnonzero(sizes)
    rarest = present[np.argsort(sizes[present], kind="stable")[:2]]
    rarest = rarest[sizes[rarest] <= RARE_UNIT_WORD]
    if not len(rarest):
        return []
    values = units.values
    candidates = np.sort(np.concatenate([values[starts[i] : ends[i]] for i in rarest.tolist()]))
    candidates = candidates[np.concatenate(([True], candidates[1:] != candidates[:-1]))]
    shared = np.zeros(len(candidates), dtype=np.int64)
    for i in present[sizes[present] <= COUNTED_WORD].tolist():
        postings = values[starts[i] : ends[i]]  # sorted: by key, then value
        at = np.minimum(np.searchsorted(postings, candidates), len(postings) - 1)
        shared += postings[at] == candidates
    best = candidates[np.argsort(-shared, kind="stable")[:UNITS_CHECKED]].tolist()
    texts = index.norm["unit_kerja"]
    return [code for code in best if unit_fit(place_text, place_core, texts[code]).full]


def _staff(index: RegistryIndex, units: list[int], region_codes: np.ndarray) -> Staff:
    """The distinct names of the staff of `units`, in the named regions when some are named."""
    parts = []
    for code in units:
        rows = index.rows_of_unit(code)
        if len(rows) > (UNIT_ROWS_IN_REGION if len(region_codes) else UNIT_ROWS):
            continue  # a unit every region has (BPKAD, Satpol PP): too broad to pick names
        if len(region_codes):
            rows = rows[np.isin(index.codes["wilayah"][rows], region_codes)]
        parts.append(index.entry_name[rows])
    if not parts:
        return NO_STAFF
    ids = np.unique(np.concatenate(parts))
    return ids, index.names.many(ids)


def fitting_names(staff: Staff, queries: list[str]) -> list[int]:
    """Name ids of the staff whose names contain every word of one of the queries, about
    (token_set_ratio >= LOOSE_FIT)."""
    ids, names = staff
    if not names or not queries:
        return []
    scores = process.cdist(queries, names, scorer=fuzz.token_set_ratio, score_cutoff=LOOSE_FIT)
    return ids[scores.max(axis=0) >= LOOSE_FIT].tolist()
