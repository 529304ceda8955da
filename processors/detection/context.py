"""Questions every rule asks of a reading: negated? addressed to the reader? about an election?"""

from processors.detection.mentions import BARE_NUMBER, EMOJI_GESTURE
from processors.detection.reading import Mention, Reading, Span
from processors.detection.targets import TargetKind

_REGION = TargetKind.REGION.value
_SELF_EVIDENT = frozenset({"number", "gesture", TargetKind.HASHTAG.value, TargetKind.ACCOUNT.value,
                           TargetKind.ALIAS.value, TargetKind.ALIAS_MARKED.value})


def negated(reading: Reading, start: int, end: int | None = None, window: int = 3) -> bool:
    """A negator up to `window` tokens before `start` (or inside [start, end)), same clause.

    `jangan lupa`, `tidak ragu` and the like are not negations.
    """
    if not reading.has("context.negator"):
        return False
    near = reading.ending("context.negator", start - window, start)
    if end is not None:
        near += reading.starting("context.negator", start, end - 1)
    for n_start, _ in near:
        if not reading.same_clause(n_start, start):
            continue
        if any(f_start <= n_start < f_end for f_start, f_end
               in reading.ending("context.negator_flip", n_start + 1, n_start + 4)):
            continue
        return True
    return False


def direct(reading: Reading, call: Span) -> bool:
    """The call is addressed as such: after ayo/jangan lupa/saya..., or opening its clause."""
    start = call[0]
    if reading.before("context.hortative", start, 2) or reading.before("context.first_person", start, 6):
        return True
    return start == 0 or reading.clause[start - 1] != reading.clause[start]


def election_words(reading: Reading) -> bool:
    """The text uses election words (pilkada, paslon, coblos, TPS...)."""
    return reading.has("context.election") or reading.has("endorsement.call_electoral")


def about_election(reading: Reading) -> bool:
    """The text talks about an election: its words, or a pair named unmistakably."""
    return election_words(reading) or any(m.strong or m.kind == "number" for m in reading.mentions)


def candidate_mentions(reading: Reading) -> list[Mention]:
    """Mentions of candidate pairs (not regions, not bare numbers or emoji)."""
    return [m for m in reading.mentions if m.kind not in (_REGION, BARE_NUMBER, EMOJI_GESTURE)]


def linkable_mentions(reading: Reading) -> list[Mention]:
    """Mentions that tie a text to a race: ballot numbers, campaign hashtags, accounts and
    aliases always; names, parties, slogans and word aliases only in election talk, since
    `Ratna Dewi dapat beasiswa` is about a namesake."""
    election = election_words(reading)
    return [m for m in candidate_mentions(reading) if election or m.kind in _SELF_EVIDENT]


def in_neutral_frame(reading: Reading, index: int) -> bool:
    """A neutrality pledge, reminder or rule is stated in the sentence of token `index`."""
    return bool(reading.in_sentence("context.neutrality", index))


def outside_mentions(reading: Reading, label: str) -> list[Span]:
    """The `label` cues that are not part of a candidate mention (`#BamsiJuara` is no sport)."""
    spans = reading.spans(label)
    if not spans:
        return []
    inside = {i for m in reading.mentions for i in range(m.start, m.end)}
    return [(start, end) for start, end in spans if start not in inside]


def by_sentence(reading: Reading, mentions: list[Mention]) -> dict[int, list[Mention]]:
    """The mentions of each sentence, in order."""
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(reading.sentence[mention.start], []).append(mention)
    return grouped
