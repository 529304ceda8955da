"""One word's normal form: case, accents and compatibility letters, leetspeak, repeats, slang."""

import re
import unicodedata

from processors.text.lexicon import TextLexicon

_LEET = str.maketrans("0134578@$9", "oieastbasg")
_LETTERS_DIGITS = re.compile(r"([^\W\d_]+)(\d+)")
_DIGITS_LETTERS = re.compile(r"(\d+)([^\W\d_]+)")
_TRIPLE = re.compile(r"(.)\1{2,}")
_DOUBLE = re.compile(r"(.)\1+")
# Words after which digits are a number ("no2", "paslon02"), not a reduplication ("teman2").
_NUMBER_PREFIXES = frozenset({"no", "nomor", "nomer", "nmr", "paslon", "urut", "calon", "rp"})
_CACHE_LIMIT = 200_000


class WordNormaliser:
    """Normalises single words against a slang map and vocabulary; results are cached."""

    def __init__(self, lexicon: TextLexicon, extra_vocabulary: frozenset[str] = frozenset()) -> None:
        self._slang = lexicon.slang
        self._known = lexicon.vocabulary | extra_vocabulary | frozenset(lexicon.slang)
        self._cache: dict[str, tuple[str, ...]] = {}

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every word the normaliser treats as real (for hashtag segmentation)."""
        return self._known

    def __call__(self, raw: str) -> tuple[str, ...]:
        """The normal forms of one raw word: usually one word, sometimes several or none."""
        found = self._cache.get(raw)
        if found is None:
            found = self._normalise(fold(raw))
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[raw] = found
        return found

    def _normalise(self, word: str) -> tuple[str, ...]:
        if not word or word.isdigit():
            return (word,) if word else ()
        if word in self._slang:
            return self._slang[word]
        if not word.isalpha():
            return self._mixed(word)
        repaired = self._repaired(word)
        if repaired not in self._known and repaired.endswith("nya") and repaired[:-3] in self._known:
            repaired = repaired[:-3]  # `syaratnya` -> `syarat`, `amplopnya` -> `amplop`
        return self._slang.get(repaired, (repaired,))

    def _mixed(self, word: str) -> tuple[str, ...]:
        """Letters with digits or @/$: leetspeak, reduplication (`teman2`), or word plus number."""
        leet = word.translate(_LEET)
        if leet.isalpha() and self._repaired(leet) in self._known:
            return self._normalise(leet)
        if found := _LETTERS_DIGITS.fullmatch(word):
            letters, digits = found.groups()
            if digits == "2" and letters not in _NUMBER_PREFIXES and len(letters) > 1:
                return self._normalise(letters) * 2
            return (*self._normalise(letters), digits)
        if found := _DIGITS_LETTERS.fullmatch(word):
            digits, letters = found.groups()
            return (digits,) if letters == "nya" else (digits, *self._normalise(letters))
        if leet.isalpha():
            return self._normalise(leet)
        return (word,)

    def _repaired(self, word: str) -> str:
        """Collapse stretched letters (`pilihhh` -> `pilih`, `maaaf` -> `maaf`) using the vocabulary."""
        if word in self._known:
            return word
        if _TRIPLE.search(word):
            doubled = _TRIPLE.sub(r"\1\1", word)
            if doubled in self._known:
                return doubled
            return _DOUBLE.sub(r"\1", word)
        single = _DOUBLE.sub(r"\1", word)
        return single if single in self._known else word


def fold(raw: str) -> str:
    """Lower case without accents or combining marks; styled (mathematical bold) letters plain."""
    if raw.isascii():
        return raw.lower()
    decomposed = unicodedata.normalize("NFKD", raw)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
