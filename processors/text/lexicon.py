"""The normaliser's data files: slang map and common-word vocabulary, with their version."""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True, slots=True)
class TextLexicon:
    """Slang to standard forms (possibly several words) and words known to be real."""

    version: str
    slang: dict[str, tuple[str, ...]]
    vocabulary: frozenset[str]


@cache
def load_text_lexicon() -> TextLexicon:
    """Read the packaged slang map and vocabulary once; the version is the map's label plus a
    hash of both files."""
    slang_text = (DATA / "slang.yaml").read_text(encoding="utf-8")
    words_text = (DATA / "words.txt").read_text(encoding="utf-8")
    document = yaml.safe_load(slang_text)
    slang = {str(k).lower(): tuple(str(v).lower().split()) for k, v in document["slang"].items()}
    words: set[str] = set()
    for line in words_text.splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    for forms in slang.values():
        words.update(forms)
    digest = hashlib.sha256((slang_text + words_text).encode()).hexdigest()[:10]
    return TextLexicon(f"{document['version']}+{digest}", slang, frozenset(words))
