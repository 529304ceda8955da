"""Versioned cue lexicons (YAML data files beside this module): groups of phrases per detector."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LEXICONS = Path(__file__).with_name("lexicons")
NAMES = ("context", "endorsement", "money_politics", "intimidation", "disinformation")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One detector's cue phrases by group, and the version stamped on its decisions."""

    name: str
    version: str
    groups: dict[str, tuple[str, ...]]


@cache
def load_lexicon(name: str) -> Lexicon:
    """Read `lexicons/<name>.yaml` once."""
    document = yaml.safe_load((LEXICONS / f"{name}.yaml").read_text(encoding="utf-8"))
    groups = {str(g): tuple(str(p) for p in phrases) for g, phrases in document["groups"].items()}
    return Lexicon(name, str(document["version"]), groups)


def load_lexicons() -> tuple[Lexicon, ...]:
    """Every cue lexicon the detectors use."""
    return tuple(load_lexicon(name) for name in NAMES)
