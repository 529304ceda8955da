"""Compact columns for the index: 64-bit string keys, string tables, sorted multimaps."""

from collections.abc import Iterable
from functools import lru_cache
from hashlib import blake2b
from typing import Self

import numpy as np

Arrays = dict[str, np.ndarray]


@lru_cache(maxsize=1 << 18)
def key_hash(text: str) -> int:
    """A stable 64-bit key for a string (Python's own hash changes between processes)."""
    return int.from_bytes(blake2b(text.encode(), digest_size=8).digest(), "little")


def key_hashes(texts: Iterable[str]) -> np.ndarray:
    """`key_hash` of each string, as a uint64 array."""
    return np.fromiter((key_hash(text) for text in texts), dtype=np.uint64)


class StringTable:
    """Strings stored as one UTF-8 blob and an offsets array; `table[i]` decodes one.

    Reads go through memoryviews, not numpy indexing: a lookup costs a few hundred
    nanoseconds, which matters at hundreds of lookups per matched author.
    """

    __slots__ = ("_blob", "_blob_array", "_offset_array", "_offsets", "_size")

    def __init__(self, offsets: np.ndarray, blob: np.ndarray) -> None:
        offsets64 = np.ascontiguousarray(offsets, dtype=np.int64)
        self._offsets = memoryview(offsets64.data).cast("B").cast("q")
        self._blob = memoryview(np.ascontiguousarray(blob, dtype=np.uint8).data).cast("B")
        self._size = len(offsets) - 1
        self._offset_array = offsets64
        self._blob_array = np.asarray(blob, dtype=np.uint8)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, index: int) -> str:
        return str(self._blob[self._offsets[index] : self._offsets[index + 1]], "utf-8")

    def many(self, indexes: np.ndarray) -> list[str]:
        """`[table[i] for i in indexes]`, decoded in one pass over the gathered bytes (for the
        hundreds of candidate names of a query)."""
        offsets = self._offset_array
        starts, ends = offsets[indexes], offsets[np.asarray(indexes) + 1]
        lengths = ends - starts
        if not len(self._blob_array) or not len(lengths):
            return [""] * len(lengths)
        # Each string's bytes followed by one separator byte, gathered with one fancy index.
        sizes = lengths + 1
        bounds = np.cumsum(sizes)
        total = int(bounds[-1])
        shift = np.repeat(starts - (bounds - sizes), sizes)
        gather = np.arange(total, dtype=np.int64) + shift
        out = self._blob_array[np.minimum(gather, len(self._blob_array) - 1)]
        out[bounds - 1] = 10
        parts = out.tobytes().decode("utf-8").split("\n")[:-1]
        if len(parts) != len(lengths):  # a string holding a newline: decode one by one
            return [self[i] for i in np.asarray(indexes).tolist()]
        return parts

    @staticmethod
    def arrays(prefix: str, strings: Iterable[str]) -> Arrays:
        """The two arrays (`prefix.off`, `prefix.blob`) that store these strings."""
        encoded = [text.encode() for text in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(item) for item in encoded], out=offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return {f"{prefix}.off": offsets, f"{prefix}.blob": blob}

    @classmethod
    def of(cls, arrays: Arrays, prefix: str) -> Self:
        """The table stored under `prefix` in a set of arrays."""
        return cls(arrays[f"{prefix}.off"], arrays[f"{prefix}.blob"])


class CachedStringTable(StringTable):
    """A string table whose strings are read again and again: each decoded once, and the
    cache emptied when it reaches `max_size` strings."""

    __slots__ = ("_cache", "_max_size")

    def __init__(self, offsets: np.ndarray, blob: np.ndarray, max_size: int = 1_000_000) -> None:
        super().__init__(offsets, blob)
        self._cache: dict[int, str] = {}
        self._max_size = max_size

    def __getitem__(self, index: int) -> str:
        found = self._cache.get(index)
        if found is None:
            if len(self._cache) >= self._max_size:
                self._cache.clear()
            found = self._cache[index] = super().__getitem__(index)
        return found

class MultiMap:
    """A many-valued map from 64-bit keys to int32 values, as two arrays sorted by key."""

    __slots__ = ("_keys", "_values")

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._keys = keys
        self._values = values

    @staticmethod
    def arrays(prefix: str, keys: np.ndarray, values: np.ndarray) -> Arrays:
        """Sort (key, value) pairs by key, then value, and drop repeats."""
        order = np.lexsort((values, keys))
        keys, values = keys[order], values[order].astype(np.int32)
        if len(keys):
            keep = np.ones(len(keys), dtype=bool)
            keep[1:] = (keys[1:] != keys[:-1]) | (values[1:] != values[:-1])
            keys, values = keys[keep], values[keep]
        return {f"{prefix}.keys": keys, f"{prefix}.values": values}

    @classmethod
    def of(cls, arrays: Arrays, prefix: str) -> "MultiMap":
        """The map stored under `prefix` in a set of arrays."""
        return cls(arrays[f"{prefix}.keys"], arrays[f"{prefix}.values"])

    @property
    def values(self) -> np.ndarray:
        """Every value, by key and, under one key, ascending (slice it with `ranges`)."""
        return self._values

    def get(self, key: int) -> np.ndarray:
        """The values stored under one key (empty when none)."""
        probe = np.array([key], dtype=np.uint64)
        start = int(self._keys.searchsorted(probe)[0])
        end = int(self._keys.searchsorted(probe, side="right")[0])
        return self._values[start:end]

    def ranges(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each key, the [start, end) slice of its values."""
        return self._keys.searchsorted(keys), self._keys.searchsorted(keys, side="right")

    def get_many(self, keys: np.ndarray, limit: int | None) -> np.ndarray:
        """The values under any of the keys, at most `limit` from each key, in key order."""
        starts, ends = self.ranges(keys)
        if limit is not None:
            ends = np.minimum(ends, starts + limit)
        values = self._values
        parts = [
            values[start:end]
            for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
            if end > start
        ]
        if len(parts) == 1:
            return parts[0]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int32)
