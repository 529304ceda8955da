"""Split a post's text into plain and highlighted pieces, for showing evidence in place."""

from dataclasses import dataclass
from itertools import pairwise

from netra.domain.decision import Evidence


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text; `rules` names the evidence that covers it (empty: plain text)."""

    text: str
    rules: tuple[str, ...] = ()


def highlight(text: str, evidence: list[Evidence], field: str = "text") -> list[Piece]:
    """Pieces of `text` in order, each marked with the rules whose spans cover it."""
    spans = [e for e in evidence if (e.field or "text") == field and 0 <= e.start < e.end <= len(text)]
    cuts = sorted({0, len(text), *(e.start for e in spans), *(e.end for e in spans)})
    pieces = []
    for start, end in pairwise(cuts):
        rules = tuple(f"{e.category}: {e.rule}" for e in spans if e.start <= start and end <= e.end)
        pieces.append(Piece(text[start:end], rules))
    return pieces
