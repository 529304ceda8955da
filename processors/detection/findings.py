"""What a category rule reports, in token indices of one reading, before offsets are mapped."""

from dataclasses import dataclass

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
