"""Money politics: money or goods offered for a vote. Not reports of it, nor calls to reject it.

Works per sentence (and the next): money or aid + a vote link + an offer or condition, unless
the text rejects or reports vote buying anywhere.
"""

from processors.detection.context import about_election, by_sentence, linkable_mentions, negated
from processors.detection.findings import Finding
from processors.detection.reading import Mention, Reading, Span
from processors.detection.rules import CALLS, rule

_MONEY = ("intrinsic", "money", "aid")
_MONEY_CUES = tuple(f"money_politics.{label}" for label in _MONEY)  # every finding needs one


def detect_money_politics(reading: Reading) -> list[Finding]:
    """Money politics findings of one reading."""
    engaged = reading.has("money_politics.engagement") and not _rejected(reading)
    if engaged and (prize := _prize_for_engagement(reading)):
        return [prize]
    if not any(label in reading.cues for label in _MONEY_CUES):
        return []
    if _rejected_or_reported(reading):
        return []
    findings = []
    seen: set[int] = set()
    tried: set[tuple[str, int]] = set()  # a sentence's money of one kind is judged once
    linked = by_sentence(reading, linkable_mentions(reading))
    election = about_election(reading)
    for label in _MONEY:
        for start, end in reading.spans(f"money_politics.{label}"):
            sentence = reading.sentence[start]
            if sentence in seen or (label, sentence) in tried:
                continue
            tried.add((label, sentence))
            found = _finding(reading, label, (start, end), linked, election)
            if found:
                seen.add(sentence)
                findings.append(found)
    return findings


def _finding(
    reading: Reading, label: str, cue: Span, linked: dict[int, list[Mention]], election: bool
) -> Finding | None:
    """Money in one sentence, tied to a vote in it or the next (`Mau sembako? Pilih AMAN`)."""
    sentences = (reading.sentence[cue[0]], reading.sentence[cue[0]] + 1)
    mentions = [m for n in sentences for m in linked.get(n, ())]
    votes: list[Span] = [(m.start, m.end) for m in mentions]
    if label != "aid":  # aid needs a pair named: `bansos untuk yang pilih` is too loose
        votes += _vote_cues(reading, sentences, election)
    offers = [s for label_ in ("money_politics.offer", "intimidation.condition")
              for n in sentences for s in reading.in_sentence_number(label_, n)]
    if label == "intrinsic" and (votes or offers):
        name = "vote-buying-term"
    elif label == "money" and votes and offers:
        name = "vote-buying-offer"
    elif label == "aid" and votes and offers and not reading.has("intimidation.threat"):
        name = "aid-for-vote"
    else:
        return None
    return rule(name).spanning([cue, *votes, *offers], tuple(t for m in mentions for t in m.targets))


def _vote_cues(reading: Reading, sentences: tuple[int, int], election: bool) -> list[Span]:
    """Words that tie the sentences to a vote: a call not negated, `suara`."""
    labels = ["endorsement.call_electoral", "context.vote_word"]
    if election:
        labels += list(CALLS)
    return [s for label in labels for n in sentences
            for s in reading.in_sentence_number(label, n) if not negated(reading, s[0])]


def _prize_for_engagement(reading: Reading) -> Finding | None:
    """A prize for following, liking or reposting a pair's account or campaign posts:
    `follow @bamsi_official dan repost, dapat voucher`."""
    prizes = reading.spans("money_politics.prize")
    named = [m for m in linkable_mentions(reading)
             if m.kind == "account" or m.strong or reading.has("context.election")]
    if not prizes or not named:
        return None
    engagement = reading.spans("money_politics.engagement")
    return rule("prize-for-engagement").spanning(
        [engagement[0], prizes[0], (named[0].start, named[0].end)], named[0].targets)


def _rejected_or_reported(reading: Reading) -> bool:
    """The text rejects, warns about or reports vote buying (`jangan lupa` is not a rejection)."""
    return reading.has("money_politics.report") or _rejected(reading)


def _rejected(reading: Reading) -> bool:
    """The text rejects or warns about vote buying."""
    flips = reading.spans("context.negator_flip")
    return any(not any(fs <= start < fe for fs, fe in flips)
               for start, _ in reading.spans("money_politics.reject"))
