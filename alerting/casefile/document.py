"""What the printable case file shows, beyond the case page: evidence numbered in place (it must read
in black and white), the audit trail with its hashes, and the platform's `raw` payload (bounded)."""

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from alerting.review.highlight import highlight
from netra.domain.decision import Evidence

MAX_RAW_CHARS = 20_000  # of the raw payload printed; the bundle carries all of it
BREAK_EVERY = 40  # characters of an unbroken run between two line-break opportunities
_RUN = re.compile(rf"\S{{{BREAK_EVERY}}}(?=\S)")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of the post's text and the numbers (1-based) of the evidence rows that cover it."""

    text: str
    evidence: tuple[int, ...]


def numbered(text: str, evidence: list[Evidence], field: str = "text") -> list[Span]:
    """The text cut where evidence starts and ends, each run with the evidence rows covering it."""
    spans, start = [], 0
    for piece in highlight(text, evidence, field):
        end = start + len(piece.text)
        covering = tuple(
            number for number, e in enumerate(evidence, 1)
            if (e.field or "text") == field and e.start <= start and end <= e.end
        ) if piece.rules else ()
        spans.append(Span(piece.text, covering))
        start = end
    return spans


def raw_payload(raw: Any) -> tuple[str, bool]:
    """The platform's payload as indented JSON, cut to MAX_RAW_CHARS; True when it was cut."""
    if raw is None:
        return "", False
    shown = json.dumps(raw, indent=2, ensure_ascii=False, sort_keys=True)
    return shown[:MAX_RAW_CHARS], len(shown) > MAX_RAW_CHARS


def breakable(text: str | None) -> Markup:
    """`text` escaped, with a line-break opportunity (`<wbr>`, no character) every BREAK_EVERY characters
    of an unbroken run: WeasyPrint lays out one long word in time quadratic in its length (a hostile
    100,000-character word took minutes; broken, seconds)."""
    text = text or ""
    pieces, last = [], 0
    for run in _RUN.finditer(text):
        pieces.append(escape(text[last:run.end()]))
        last = run.end()
    pieces.append(escape(text[last:]))
    return Markup("<wbr>").join(pieces)
