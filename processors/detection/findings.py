"""What a category rule reports, in token indices of one reading, before offsets are mapped."""

from dataclasses import dataclass

from netra.domain.decision import Evidence
from processors.detection.targets import Target


@dataclass(frozen=True, slots=True)
class Finding:
    """Tokens [start, end) show `category` by `rule`; `targets` are the pairs it may concern."""

    category: str
    start: int
    end: int
    rule: str
    confidence: float
    targets: tuple[Target, ...] = ()
    stance: str | None = None  # endorsement: "for" or "against" the targets


class Detection(list[Evidence]):
    """The evidence found in one post; `cut_short` says why detection stopped early (a text
    over the size bound, the time budget spent), None when it read everything."""

    cut_short: str | None = None
