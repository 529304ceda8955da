"""Intimidation: threats or orders that push colleagues, staff or citizens to vote for a pair.

Not information about sanctions for non-neutral ASN: a neutrality frame rules a text out.
"""

from processors.detection.context import linkable_mentions, negated
from processors.detection.findings import Finding
from processors.detection.reading import Mention, Reading, Span
from processors.detection.rules import CALLS, rule

_PUSHES = ("intimidation.threat", "intimidation.proof", "intimidation.order",
           "intimidation.violence")


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
    if violence := _violence(reading, mentions):
        return [violence]
    threats = reading.spans("intimidation.threat")
    conditions = reading.spans("intimidation.condition")
    if threats and conditions:
        spans = [threats[0], conditions[0], *votes]
        level = "pressured" if reading.has("intimidation.pressure_target") else None
        return [_finding(spans, "threat-for-vote", targets, level)]
    proofs = reading.spans("intimidation.proof")
    if proofs:
        return [_finding([proofs[0], *votes], "vote-proof-demand", targets)]
    orders = reading.spans("intimidation.order")
    pressured = reading.spans("intimidation.pressure_target")
    calls = [s for label in CALLS for s in reading.spans(label) if not negated(reading, s[0])]
    if orders and pressured and calls:
        return [_finding([orders[0], pressured[0], calls[0], *votes], "ordered-vote", targets)]
    return []


def _violence(reading: Reading, mentions: list[Mention]) -> Finding | None:
    """Violence threatened against a pair's supporters: `pendukung X ... kami hajar`."""
    starting = {m.start: m for m in reversed(mentions)}
    for start, end in reading.spans("intimidation.supporters"):
        named = [starting[i] for i in range(end, end + 3) if i in starting]
        acts = reading.in_sentence("intimidation.violence", start)
        if named and acts and not negated(reading, acts[0][0]):
            return rule("violence-against-supporters").spanning(
                [(start, end), *acts[:1], (named[0].start, named[0].end)], named[0].targets)
    return None


def _finding(spans: list[Span], name: str, targets: tuple, level: str | None = None) -> Finding:
    return rule(name).spanning(spans, targets, level)
