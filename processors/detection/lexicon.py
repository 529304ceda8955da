"""Cue lexicons (YAML beside this module), decoded once into typed groups of phrases.

Every problem is reported with its file and line at start-up; the version is the file's label
plus a hash of its content, so an edited phrase always changes the stamp.
"""

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from processors.detection.datafile import DataFile

LEXICONS = Path(__file__).with_name("lexicons")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One detector's cue phrases by group, and the version stamped on its decisions."""

    name: str
    version: str
    groups: dict[str, tuple[str, ...]]


@cache
def load_lexicon(name: str) -> Lexicon:
    """Read and check `lexicons/<name>.yaml` once; InputError lists every problem."""
    data, text = DataFile.read(LEXICONS / f"{name}.yaml")
    return decode_lexicon(name, data, text)


def decode_lexicon(name: str, data: DataFile, text: str) -> Lexicon:
    """A lexicon from its YAML (`version: label`, `groups: {group: [phrase, ...]}`)."""
    fields = dict(data.pairs(data.root, "the top level"))
    label = data.text(fields.get("version") or data.root, "`version`")
    groups: dict[str, tuple[str, ...]] = {}
    for key, node in data.pairs(fields.get("groups") or data.root, "`groups`"):
        if key in groups:
            data.problem(node, f"group {key!r} appears twice")
        phrases = [data.text(item, f"a phrase of group {key!r}")
                   for item in data.items(node, f"group {key!r}")]
        groups[key] = tuple(p for p in phrases if p is not None)
    data.done()
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return Lexicon(name, f"{label}+{digest}", groups)
