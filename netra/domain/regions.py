"""Which kabupaten/kota each province holds, so that a province's scope covers them (issue 11).

A regions file is JSON: `{"provinces": {"Provinsi Jawa Tengah": ["Kabupaten Cilacap", "Kota
Semarang", ...], ...}}`, each name written exactly as the registry writes `wilayah`; other
top-level keys (`source`, `licence`) are kept for people and ignored here. The bundled file holds
Kemendagri's 38 provinces and 514 kabupaten/kota (deploy/regions/build.py names its source).
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

KEMENDAGRI = Path(__file__).with_name("regions_kemendagri.json")
MAX_NAME = 200  # characters of one region name, as a store filter value


class RegionsError(ValueError):
    """A regions file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True, slots=True)
class Regions:
    """Provinces and the kabupaten/kota of each."""

    provinces: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def covered(self, scope: str) -> tuple[str, ...]:
        """The regions an account scoped to `scope` reads: the scope itself and, for a province,
        each of its kabupaten/kota."""
        return (scope, *self.provinces.get(scope, ()))


def load_regions(paths: Iterable[Path]) -> Regions:
    """The provinces of every file together; RegionsError when a file is unreadable or malformed,
    or when one kabupaten/kota is given to two provinces."""
    members: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    for path in paths:
        for province, regions in _provinces(path).items():
            for region in regions:
                if owner.setdefault(region, province) != province:
                    raise RegionsError(f"{path}: {region!r} is in both {owner[region]!r} and {province!r}")
                if region not in members.setdefault(province, []):
                    members[province].append(region)
            members.setdefault(province, [])
    return Regions(MappingProxyType({p: tuple(r) for p, r in members.items()}))


def _provinces(path: Path) -> dict[str, list[str]]:
    """The `provinces` object of one file, checked: names are non-empty strings of at most MAX_NAME."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RegionsError(f"{path}: cannot be read as JSON: {exc}") from None
    provinces = document.get("provinces") if isinstance(document, dict) else None
    if not isinstance(provinces, dict):
        raise RegionsError(f'{path}: expected {{"provinces": {{"Provinsi ...": ["Kabupaten ...", ...]}}}}')
    for province, regions in provinces.items():
        if not isinstance(regions, list):
            raise RegionsError(f"{path}: the regions of {province[:80]!r} must be a list of names")
        for name in (province, *regions):
            if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
                raise RegionsError(f"{path}: {str(name)[:80]!r} is not a region name"
                                   f" (1-{MAX_NAME} characters)")
    return provinces
