"""Compact columns: string tables and sorted multimaps."""

import numpy as np
import pytest

from processors.matching.columns import CachedStringTable, MultiMap, StringTable, key_hash


@pytest.mark.parametrize("strings", [["ab", "", "çd"], [], ["x" * 10_000]])
def test_string_tables_round_trip(strings: list[str]) -> None:
    arrays = StringTable.arrays("t", strings)
    for table in (StringTable.of(arrays, "t"), CachedStringTable.of(arrays, "t")):
        assert [table[i] for i in range(len(table))] == strings


@pytest.mark.parametrize(
    "strings", [["ab", "", "çd", "x y"], ["", ""], ["a\nb", "c"], ["x" * 10_000, "é"]]
)
def test_many_decodes_like_one_by_one(strings: list[str]) -> None:
    table = StringTable.of(StringTable.arrays("t", strings), "t")
    for picked in ([], [0], list(range(len(strings))), [len(strings) - 1, 0, len(strings) - 1]):
        indexes = np.array(picked, dtype=np.int64)
        assert table.many(indexes) == [strings[i] for i in picked]


def test_cached_table_empties_when_full() -> None:
    arrays = StringTable.arrays("t", ["a", "b", "c"])
    table = CachedStringTable(arrays["t.off"], arrays["t.blob"], max_size=2)
    assert [table[i] for i in (0, 1, 2, 0)] == ["a", "b", "c", "a"]


def test_multimap_groups_sorts_and_limits() -> None:
    keys = np.array([5, 1, 5, 5, 9, 5], dtype=np.uint64)
    values = np.array([3, 7, 1, 2, 4, 1], dtype=np.int32)
    found = MultiMap.of(MultiMap.arrays("m", keys, values), "m")
    assert found.get(5).tolist() == [1, 2, 3]
    assert found.get(2).tolist() == []
    assert found.get_many(np.array([9, 5, 1], dtype=np.uint64), limit=2).tolist() == [4, 1, 2, 7]
    assert found.get_many(np.array([3], dtype=np.uint64), limit=None).tolist() == []


def test_key_hash_is_stable() -> None:
    assert key_hash("dwi hartanto") == key_hash("dwi hartanto")
    assert key_hash("dwi hartanto") != key_hash("dwi hartono")
    assert 0 <= key_hash("") < 2**64
