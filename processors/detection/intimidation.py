"""Intimidation: threats or orders that push colleagues, staff or citizens to vote for a pair.

Not information about sanctions for non-neutral ASN: a neutrality frame rules a text out.
"""

from processors.detection.context import CALLS, linkable_mentions, negated
from processors.detection.findings import Finding
from processors.detection.reading import Reading, Span

CATEGORY = "intimidation"
_PUSHES = ("intimidation.threat", "intimidation.proof", "intimidation.order")


def detect_intimidation(reading: Reading) -> list[Finding]:
    """Intimidation findings of one reading."""
    if not any(label in reading.cues for label in _PUSHES):
        return []
    if reading.has("context.neutrality") or reading.has("money_politics.report"):
        return []
    mentions = linkable_mentions(reading)
    votes: list[Span] = [(m.start, m.end) for m in mentions]
    votes += [s for label in CALLS for s in reading.spans(label)]
    if not mentions or not votes:
        return []
    targets = tuple(t for m in mentions for t in m.targets)
    threats = reading.spans("intimidation.threat")
    conditions = reading.spans("intimidation.condition")
    if threats and conditions:
        spans = [threats[0], conditions[0], *votes]
        confidence = 0.9 if reading.has("intimidation.pressure_target") else 0.85
        return [_finding(spans, "threat-for-vote", confidence, targets)]
    proofs = reading.spans("intimidation.proof")
    if proofs:
        return [_finding([proofs[0], *votes], "vote-proof-demand", 0.8, targets)]
    orders = reading.spans("intimidation.order")
    pressured = reading.spans("intimidation.pressure_target")
    calls = [s for label in CALLS for s in reading.spans(label) if not negated(reading, s[0])]
    if orders and pressured and calls:
        return [_finding([orders[0], pressured[0], calls[0], *votes], "ordered-vote", 0.8,
                         targets)]
    return []


def _finding(spans: list[Span], rule: str, confidence: float, targets: tuple) -> Finding:
    return Finding(CATEGORY, min(s for s, _ in spans), max(e for _, e in spans), rule,
                   confidence, targets)
