"""A base index with agencies' newer exports laid over it: incremental registry updates.

When an agency re-sends its export, its rows in the base index are hidden and the new rows,
indexed in memory, take their place (a NIP found in a newer export also hides its old row, so a
civil servant who moved agencies appears once). `entries()` gives the merged registry, from
which a fresh index file is written when the overlay grows large.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from netra.domain.problems import Problem
from netra.domain.registry import RegistryEntry, iter_registry
from processors.matching.index import RegistryIndex, build_arrays


@dataclass(slots=True)
class Layer:
    """One index and the rows of it that newer layers hide."""

    index: RegistryIndex
    hidden_agencies: set[str] = field(default_factory=set)
    hidden_nips: set[int] = field(default_factory=set)
    _hidden_codes: np.ndarray | None = None

    def visible(self, rows: np.ndarray) -> np.ndarray:
        """The rows not hidden by a newer layer."""
        if not len(rows) or not (self.hidden_agencies or self.hidden_nips):
            return rows
        return rows[self.visible_mask(rows)]

    def visible_mask(self, rows: np.ndarray) -> np.ndarray:
        """Which of the rows a newer layer does not hide."""
        if not (self.hidden_agencies or self.hidden_nips):
            return np.ones(len(rows), dtype=bool)
        if self._hidden_codes is None:
            values = self.index.values["instansi"]
            codes = [i for i in range(len(values)) if values[i] in self.hidden_agencies]
            self._hidden_codes = np.array(codes, dtype=np.int32)
        keep = ~np.isin(self.index.codes["instansi"][rows], self._hidden_codes)
        if self.hidden_nips:
            nips = self.index.nips[rows]
            keep &= ~np.isin(nips, np.fromiter(self.hidden_nips, dtype=np.uint64))
        return keep

    def hide(self, agencies: set[str], nips: set[int]) -> None:
        """Hide these agencies' rows and these NIPs' rows."""
        self.hidden_agencies |= agencies
        self.hidden_nips |= nips
        self._hidden_codes = None


class LayeredRegistry:
    """The registry the matcher searches: a base index and newer agency exports."""

    def __init__(self, base: RegistryIndex) -> None:
        self.layers: list[Layer] = [Layer(base)]

    def replace_agencies(self, entries: Iterable[RegistryEntry]) -> set[str]:
        """Replace every row of each agency (instansi) these entries belong to; those agencies."""
        fresh = list(entries)
        agencies = {entry.instansi for entry in fresh}
        nips = {int(entry.nip) for entry in fresh}
        for layer in self.layers:
            layer.hide(agencies, nips)
        if fresh:
            self.layers.append(Layer(RegistryIndex(build_arrays(fresh))))
        return agencies

    def replace_from_csv(self, path: Path, problems: list[Problem]) -> set[str]:
        """Replace the agencies of an export CSV; malformed rows are reported in `problems`."""
        return self.replace_agencies(iter_registry(path, problems))

    def remove_agency(self, instansi: str) -> None:
        """Drop every row of one agency."""
        for layer in self.layers:
            layer.hide({instansi}, set())

    def entries(self) -> Iterator[RegistryEntry]:
        """Every visible entry, oldest layer first: what a rebuilt index would hold."""
        for layer in self.layers:
            rows = layer.visible(np.arange(len(layer.index), dtype=np.int32))
            yield from (layer.index.entry(int(row)) for row in rows)
