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
    "no": "",
    "nomor": "",
}
# Words that say where, not what: ignored when a place is reduced to its name.
ADMIN_WORDS = frozenset(["kabupaten", "kota", "provinsi", "pemerintah", "administrasi", "daerah"])
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


def region_name(wilayah: str) -> str:
    """The bare name of a region: `Kabupaten Kaliurang Raya` -> `kaliurang raya`."""
    return " ".join(token for token in place_tokens(wilayah) if token not in ADMIN_WORDS)


def contains_phrase(haystack: str, needle: str) -> bool:
    """True when the words of `needle` occur in `haystack` in order and on word boundaries."""
    return bool(needle) and f" {needle} " in f" {haystack} "
