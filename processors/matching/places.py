"""Agencies, work units and regions as people abbreviate them, expanded to the registry's words.

`expand_place("Guru SDN 4 Kaliurang Raya")` gives `"guru sd negeri 4 kaliurang raya"`, which a
registry `unit_kerja` of `"SD Negeri 4 Kaliurang Raya"` (expanded the same way) is found inside.
"""

import re

from processors.matching.names import ascii_fold

# Abbreviation -> the words personnel records use; keys are lower-case single tokens.
ABBREVIATIONS = {
    "sdn": "sd negeri",
    "smpn": "smp negeri",
    "sman": "sma negeri",
    "smkn": "smk negeri",
    "min": "madrasah ibtidaiyah negeri",
    "mtsn": "madrasah tsanawiyah negeri",
    "man": "madrasah aliyah negeri",
    "mi": "madrasah ibtidaiyah",
    "mts": "madrasah tsanawiyah",
    "kab": "kabupaten",
    "kabupatan": "kabupaten",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "prov": "provinsi",
    "provinsi": "provinsi",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "ds": "desa",
    "dinkes": "dinas kesehatan",
    "disdik": "dinas pendidikan",
    "disdikbud": "dinas pendidikan dan kebudayaan",
    "dikbud": "pendidikan dan kebudayaan",
    "diskominfo": "dinas komunikasi dan informatika",
    "dishub": "dinas perhubungan",
    "dinsos": "dinas sosial",
    "disnaker": "dinas tenaga kerja",
    "disdukcapil": "dinas kependudukan dan pencatatan sipil",
    "dukcapil": "kependudukan dan pencatatan sipil",
    "dispenda": "dinas pendapatan daerah",
    "bappeda": "badan perencanaan pembangunan daerah",
    "bpkad": "badan pengelolaan keuangan dan aset daerah",
    "bkd": "badan kepegawaian daerah",
    "bkpsdm": "badan kepegawaian dan pengembangan sumber daya manusia",
    "bpbd": "badan penanggulangan bencana daerah",
    "bapenda": "badan pendapatan daerah",
    "satpol": "satuan polisi pamong praja",
    "pp": "",
    "rsud": "rumah sakit umum daerah",
    "rs": "rumah sakit",
    "pkm": "puskesmas",
    "kemenag": "kementerian agama",
    "kemendikbud": "kementerian pendidikan dan kebudayaan",
    "kemenkes": "kementerian kesehatan",
    "setda": "sekretariat daerah",
    "sekda": "sekretariat daerah",
    "setwan": "sekretariat dprd",
    "inspektorat": "inspektorat",
    "upt": "unit pelaksana teknis",
    "uptd": "unit pelaksana teknis daerah",
    "kua": "kantor urusan agama",
    "kankemenag": "kantor kementerian agama",
    "negri": "negeri",
    "sekcam": "sekretaris kecamatan",
    "seklur": "sekretaris kelurahan",
    "kades": "kepala desa",
    "no": "",
    "nomor": "",
}
# Words that say where, not what: ignored when a place is reduced to its name, and when a bio's
# unit is read against unit_kerja ("RSUD Kota Y" is "RSUD Y", "BPKAD Kabupaten W" is "BPKAD W").
ADMIN_WORDS = frozenset(["kabupaten", "kota", "provinsi", "pemerintah", "administrasi", "daerah"])
# An office names its unit: "Camat Mergangsan" works at Kecamatan Mergangsan.
OFFICE_UNITS = {"camat": "kecamatan", "lurah": "kelurahan"}
# Kinds of work unit, as they begin a unit_kerja (expanded, admin words dropped): a bio naming
# a unit of the same kind but another number or place names another unit.
UNIT_KINDS = (
    "sd", "smp", "sma", "smk", "madrasah ibtidaiyah", "madrasah tsanawiyah", "madrasah aliyah",
    "puskesmas", "kecamatan", "kelurahan", "desa", "rumah sakit", "kantor urusan agama",
    "dinas", "badan", "satuan polisi pamong praja", "sekretariat", "inspektorat",
)
_WORD = re.compile(r"[a-z0-9]+")
_GLUED_NUMBER = re.compile(r"^([a-z]+?)(\d+)$")


def place_tokens(text: str) -> list[str]:
    """Lower-case tokens of a place with abbreviations expanded (`SMPN2` -> smp negeri 2)."""
    tokens: list[str] = []
    for word in _WORD.findall(ascii_fold(text)):
        glued = _GLUED_NUMBER.match(word)
        parts = [glued.group(1), glued.group(2)] if glued else [word]
        for part in parts:
            expansion = ABBREVIATIONS.get(part, part)
            tokens.extend(expansion.split())
    return tokens


def expand_place(text: str) -> str:
    """The place with abbreviations expanded, as one lower-case string."""
    return " ".join(place_tokens(text))


def expand_offices(text: str) -> str:
    """An expanded place text with each office followed by its unit's kind, so that "camat
    mergangsan" reads "camat kecamatan mergangsan"."""
    tokens = text.split()
    out: list[str] = []
    for at, token in enumerate(tokens):
        out.append(token)
        unit = OFFICE_UNITS.get(token)
        if unit and (at + 1 == len(tokens) or tokens[at + 1] != unit):
            out.append(unit)
    return " ".join(out)


def without_admin_words(text: str) -> str:
    """An expanded place text without the words that only say what level of government."""
    return " ".join(token for token in text.split() if token not in ADMIN_WORDS)


def unit_kind(unit_core: str) -> str:
    """The kind a unit (admin words dropped) begins with (`sd`, `puskesmas`...), or ''."""
    return next((kind for kind in UNIT_KINDS if unit_core.startswith(kind + " ")), "")


def region_name(wilayah: str) -> str:
    """The bare name of a region: `Kabupaten Kaliurang Raya` -> `kaliurang raya`."""
    return " ".join(token for token in place_tokens(wilayah) if token not in ADMIN_WORDS)


def contains_phrase(haystack: str, needle: str) -> bool:
    """True when the words of `needle` occur in `haystack` in order and on word boundaries."""
    return bool(needle) and f" {needle} " in f" {haystack} "
