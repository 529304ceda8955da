"""Indonesian personal names as registries and profiles write them, reduced to comparable forms.

`normalise_name("Dr. H. Moch. Dwi Hartanto, S.Pd., M.Pd.")` gives `"muhammad dwi hartanto"`:
lower case, ASCII, gelar removed, abbreviations expanded, old spellings modernised, doubled
letters collapsed. Both sides of every comparison go through the same function.
"""

import re
import unicodedata
from functools import lru_cache

# Titles written before the name (religious, noble, academic, professional).
PREFIX_TITLES = frozenset(
    [
        "h", "hj", "kh", "k.h", "ust", "ustadz", "hajjah", "haji", "dr", "dr.h", "drs", "dra",
        "ir", "prof", "drg", "dr.drg", "r", "r.a", "ra", "rr", "raden", "ny", "nyonya", "tn",
        "bpk", "bapak", "ibu", "bu", "pak", "kol", "letkol", "mayor", "kapten",
    ]
)
# Degrees written after the name, usually after a comma; matched with dots and spaces removed.
DEGREES = frozenset(
    [
        "spd", "sh", "msi", "se", "mm", "amd", "skep", "ns", "apt", "sag", "mpdi", "mpd", "spdi",
        "sstp", "sip", "ssos", "sos", "skm", "st", "skom", "sp", "sthi", "mh", "mkes", "mkom",
        "mt", "mag", "msc", "ma", "phd", "sked", "spog", "spa", "sppd", "sps", "mba", "bsc",
        "stp", "sft", "sgz", "sikom", "sfarm", "ssi", "spt", "sm", "shi", "shut", "sei", "sf",
        "amkep", "amdkep", "amdkeb", "amkeb", "amk", "ak", "cpa", "mkn", "mhum", "shum", "ssn",
        "sds", "spsi", "mpsi", "mi", "mei", "sth", "skg", "mars", "ssit", "amdgz", "amdkes",
        "sst", "str", "strkeb", "strkep", "sstp", "msc", "drh", "spk", "mkep", "mkm",
    ]
)
# Every spelling of Muhammad (and friends) that personnel records and profiles use.
CANONICAL_TOKENS = {
    **dict.fromkeys(
        [
            "m", "mh", "mhd", "moh", "muh", "moch", "much", "mochammad", "mochamad", "mohammad",
            "mohamad", "mohamed", "muhamad", "muhammad", "muchammad", "muchamad", "mukhammad",
            "mukhamad", "muhamat", "mokhammad", "mokhamad",
        ],
        "muhammad",
    ),
    "abd": "abdul",
    "achmad": "ahmad",
    "akhmad": "ahmad",
    "achmat": "ahmad",
    "ahmat": "ahmad",
    "st": "siti",
}
# Balinese birth-order names and gender markers, Bugis/Makassar nobility, the Muhammad prefix:
# people drop these on social media, so the "core" of a name leaves them out.
PARTICLES = frozenset(
    [
        "i", "ni", "putu", "made", "komang", "ketut", "wayan", "gede", "kadek", "nyoman",
        "ngurah", "gusti", "ayu", "luh", "andi", "muhammad",
    ]
)
_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"))
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_HANDLE_SPLIT = re.compile(r"[^a-zA-Z]+|(?<=[a-z])(?=[A-Z])")
_DEGREE_TAIL = re.compile(r",.*$")
_APOSTROPHE = re.compile(r"['`]")
_OLD_J = re.compile(r"(?<![dts])j")


def ascii_fold(text: str) -> str:
    """Lower case, accents removed, anything outside ASCII dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def _modern(token: str) -> str:
    """Van Ophuijsen/Soewandi spellings to EYD (Soekarno -> sukarno), doubled letters collapsed.

    In an old spelling a lone j is the modern y (Tjahjo -> cahyo); in a modern name j stays.
    """
    if any(old in token for old, _ in _OLD_SPELLINGS):
        token = _OLD_J.sub("y", token)
        for old, new in _OLD_SPELLINGS:
            token = token.replace(old, new)
    return _DOUBLED.sub(r"\1", token)


@lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """One spelling per name token (`mohamad` -> `muhammad`, `soekarno` -> `sukarno`)."""
    token = CANONICAL_TOKENS.get(token, token)
    token = _modern(token)
    return CANONICAL_TOKENS.get(token, token)


def _strip_titles(raw: str) -> list[str]:
    """Space-split words of the name with gelar before and degrees after it removed."""
    text = _APOSTROPHE.sub("", ascii_fold(raw))
    text = _DEGREE_TAIL.sub("", text)
    words = [w for w in re.split(r"\s+", text.replace("|", " ")) if w]
    while words and words[0].rstrip(".,") in PREFIX_TITLES:
        words.pop(0)
    while words and _NOT_LETTER.sub("", words[-1]) in DEGREES and ("." in words[-1] or len(words) > 2):
        words.pop()
    return words


def name_tokens(raw: str) -> list[str]:
    """The comparable tokens of a written name, gelar removed."""
    tokens: list[str] = []
    for word in _strip_titles(raw):
        # "M.Rizki" and "Moh.Rizki" glue an abbreviation to the name with a dot.
        for part in word.split("."):
            letters = _NOT_LETTER.sub(" ", part).split()
            tokens.extend(canonical_token(piece) for piece in letters)
    return [token for token in tokens if token]


def normalise_name(raw: str) -> str:
    """The comparable form of a written name: `"Dr. H. Dwi Hartanto, S.Pd."` -> `"dwi hartanto"`."""
    return " ".join(name_tokens(raw))


@lru_cache(maxsize=200_000)
def core_name(normalised: str) -> str:
    """The name without Balinese birth-order words, I/Ni, Andi or Muhammad; never empty."""
    tokens = normalised.split()
    core = [token for token in tokens if token not in PARTICLES]
    return " ".join(core) if core else normalised


def handle_name(handle: str) -> str:
    """A handle read as a name: `dwi_hartanto21` and `DwiHartanto` -> `dwi hartanto`."""
    parts = [part for part in _HANDLE_SPLIT.split(handle.lstrip("@")) if part]
    return " ".join(canonical_token(part.lower()) for part in parts if len(part) > 1 or len(parts) == 1)


def short_forms(token: str) -> tuple[str, ...]:
    """Shortened forms a Javanese name goes by: `suparman` -> `parman`, `sugiyono` -> `giyono`."""
    if token.startswith("su") and len(token) >= 6:
        return (token[2:],)
    return ()


def token_sorted(name: str) -> str:
    """A normalised name with its words in sorted order: `fuzz.ratio` of two such forms is
    `fuzz.token_sort_ratio` of the names, without sorting at every comparison."""
    return " ".join(sorted(name.split()))
