"""Learned stance toward a named pair: is the author for or against it? (training/stance.py)

Target-aware: the pair's mentions become `_pair_`, other pairs' `_rival_`, so the model reads
what is said about the pair, not who it is. Word uni- and bigrams, logistic regression; the
weights and thresholds live in models/stance.npz (no pickles, no scikit-learn at run time).
"""

import hashlib
import json
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from processors.detection.context import election_words, in_neutral_frame, outside_mentions
from processors.detection.findings import Finding
from processors.detection.reading import Mention, Reading
from processors.detection.rules import CALL_WINDOW_STRONG, CALLS, MAX_STANCE_PAIRS, rule
from processors.detection.targets import TargetKind
from processors.text import TokenKind

MODEL = Path(__file__).with_name("models") / "stance.npz"
PAIR, RIVAL = "_pair_", "_rival_"
_DROPPED = frozenset({TokenKind.URL, TokenKind.BREAK})


def stance_words(reading: Reading, pair: tuple[str, int]) -> list[str]:
    """The reading's words with mentions of `pair` (election, number) and of rivals masked."""
    masks: dict[int, str] = {}
    for mention in reading.mentions:
        if not mention.targets or mention.kind in ("region", "bare_number", "emoji_gesture"):
            continue
        mask = PAIR if _means(mention, pair) else RIVAL
        for index in range(mention.start, mention.end):
            masks.setdefault(index, mask)
    words: list[str] = []
    for index, token in enumerate(reading.text.tokens):
        if token.kind in _DROPPED:
            continue
        word = masks.get(index, token.norm)
        if not (words and word in (PAIR, RIVAL) and words[-1] == word):
            words.append(word)
    return words


def features(words: list[str]) -> Iterable[str]:
    """Unigrams and bigrams (joined by a space) of a masked word list."""
    yield from words
    yield from (f"{a} {b}" for a, b in pairwise(words))


def _means(mention: Mention, pair: tuple[str, int]) -> bool:
    election, number = pair
    return any(t.number == number and t.election in (election, "") for t in mention.targets)


@dataclass(frozen=True, slots=True)
class StanceModel:
    """P(for) of a text toward a pair, and the thresholds that make it evidence."""

    version: str
    weights: dict[str, float]
    bias: float
    for_at: float  # P(for) at or above: the author is for the pair
    against_at: float  # P(for) at or below: against it, when the author's own voice shows
    against_sure_at: float  # P(for) at or below: against it, voice or not

    @classmethod
    def load(cls, path: Path = MODEL) -> "StanceModel":
        """Read the packaged model (ValueError when it is unusable)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                vocabulary = bytes(data["vocab"]).decode("utf-8").split("\n")
                coef = data["coef"].astype(float)
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ValueError(f"{path}: unusable stance model: {exc}") from None
        if len(vocabulary) != len(coef):
            raise ValueError(f"{path}: {len(vocabulary)} features but {len(coef)} weights")
        return cls(f"{meta['label']}+{digest}", dict(zip(vocabulary, coef.tolist(), strict=True)),
                   float(meta["bias"]), float(meta["for_at"]), float(meta["against_at"]),
                   float(meta["against_sure_at"]))

    def probability(self, words: list[str]) -> float:
        """P(the author is for the masked pair)."""
        weights = self.weights
        score = self.bias + sum(weights.get(f, 0.0) for f in set(features(words)))
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))

    def stance(self, probability: float, voiced: bool) -> str | None:
        """`for`, `against` or None (not sure enough to say); `voiced`: the author's own
        voice shows (`kok`, `saya`, `wkwk`), which lets a less sure `against` through."""
        if probability >= self.for_at:
            return "for"
        if probability <= (self.against_at if voiced else self.against_sure_at):
            return "against"
        return None


class LearnedStance:
    """The learned rule beside the explicit ones: a pair named with no explicit call gets the
    model's stance when it is sure; soft cues for a pair (praise, a hashtag, an event, money
    or pressure for it) count only when the model does not read the text as against it, and
    an explicit call only when the text does not mock (`wkwk`, `kasihan`, `lebay`) or the
    model is not sure (unvoiced threshold) that it is against the pair.

    Never on news, quotes, questions or neutrality reminders: those take no side. A report
    word (`survei`, `hasil`, `debat`) rules out a learned `for` (a pair's success reported is
    no support), and a learned `against` unless the author's own voice shows (`kok`, `saya`,
    `wkwk`): criticism often cites surveys. Without that voice (headlines, bare tags) a
    learned `against` needs a surer reading: a wrong one accuses a real person.
    """

    def __init__(self, model: StanceModel) -> None:
        self.model = model

    def __call__(self, reading: Reading, findings: list[Finding]) -> list[Finding]:
        """`findings` with soft `for` findings judged and learned stances added."""
        if not reading.mentions or reading.has("context.news") or reading.has(
                "context.neutrality"):
            return findings
        if outside_mentions(reading, "context.other_domain") and not election_words(reading):
            return findings
        pairs = _named_pairs(reading)
        probabilities = {pair: self.model.probability(stance_words(reading, pair))
                         for pair in pairs}
        report = reading.has("context.report")
        voiced = reading.has("context.opinion")
        mocking = reading.has("context.mockery")
        kept: list[Finding] = []
        judged: set[tuple[str, int]] = set()  # pairs a rule's finding already judges
        for finding in findings:
            pair = _single_pair(finding)
            probability = probabilities.get(pair) if pair else None
            if (finding.stance == "for" and finding.rule in _SOFT and probability is not None
                    and self.model.stance(probability, voiced) == "against"):
                continue  # the rule saw a cue, the model reads the text as against the pair
            if (finding.stance == "for" and mocking and probability is not None
                    and finding.rule.split(":")[0] in _CALLED
                    and self.model.stance(probability, voiced=False) == "against"):
                continue  # a call said in mockery (`kasihan yang sudah dukung X wkwk`)
            if finding.rule == _HASHTAG and not _hashtag_backed(reading, probability, self.model):
                continue
            kept.append(finding)
            if pair and finding.category == "endorsement":
                judged.add(pair)
        for pair, mention in pairs.items():
            side = self.model.stance(probabilities[pair], voiced)
            if pair in judged or side is None or (report and (side == "for" or not voiced)):
                continue
            if side == "against" and _called(reading, mention):
                continue  # `Pilih AMAN nomor 3`: a call the rules rejected is no criticism
            sure = probabilities[pair] if side == "for" else 1 - probabilities[pair]
            kept.append(_LEARNED.finding(mention.start, mention.end, mention.targets,
                                         confidence=round(sure, 4), stance=side))
        return kept


def _called(reading: Reading, mention: Mention) -> bool:
    """A call to vote or support ends within a few tokens before the mention."""
    return any(reading.before(label, mention.start, CALL_WINDOW_STRONG) for label in CALLS)


def _single_pair(finding: Finding) -> tuple[str, int] | None:
    pairs = {(t.election, t.number) for t in finding.targets if t.number is not None}
    return pairs.pop() if len(pairs) == 1 else None


def _hashtag_backed(reading: Reading, probability: float | None, model: StanceModel) -> bool:
    """A campaign hashtag (`#AhokDjarot`, `#OkeOce`: critics use them too) is a stance only
    with one behind it: the model reads `for`, or the post is tags alone, or it praises."""
    if probability is not None and probability >= model.for_at:
        return True
    return _only_tags(reading) or reading.has("endorsement.backing")


_LEARNED = rule("learned-stance")
_HASHTAG = "campaign-hashtag"
# Rules that see a soft cue of support, which the model may overrule.
_SOFT = frozenset({"backing", "support-expression", "campaign-event", "photo-with-candidate",
                   _HASHTAG, "campaigning-by-money-politics", "campaigning-by-intimidation"})
# Explicit calls: the rules' own, overruled only when the text mocks and the model is sure.
_CALLED = frozenset({"call-to-vote", "ballot-number-call"})
_RACE = frozenset({"number", TargetKind.HASHTAG.value, TargetKind.ALIAS.value,
                   TargetKind.ALIAS_MARKED.value})
_NEEDS_ELECTION = frozenset(k.value for k in (TargetKind.NAME, TargetKind.ACCOUNT))
_NAMING = _RACE | _NEEDS_ELECTION
_ALIAS_WORD = TargetKind.ALIAS_WORD.value


def _named_pairs(reading: Reading) -> dict[tuple[str, int], Mention]:
    """The first mention of each pair, outside quotes, questions and neutrality reminders.

    Names, accounts and capitalised one-word aliases (`Ahok`, `Aman`) count only in election
    talk: an election word, or a hashtag, number or alias of some pair (namesakes and
    ordinary words abound); a one-word alias in lower case never does.
    """
    pairs: dict[tuple[str, int], Mention] = {}
    election = election_words(reading) or any(
        m.kind in _RACE for m in reading.mentions if not reading.quoted[m.start])
    for mention in reading.mentions:
        if reading.quoted[mention.start]:
            continue
        coined = mention.kind == _ALIAS_WORD and reading.text.source(
            mention.start, mention.end)[:1].isupper()
        if mention.kind not in _NAMING and not coined:
            continue
        if (coined or mention.kind in _NEEDS_ELECTION) and not election:
            continue
        if reading.sentence[mention.start] in reading.questions:
            continue
        if in_neutral_frame(reading, mention.start):
            continue
        for target in mention.targets:
            if target.number is not None and target.election:
                pairs.setdefault((target.election, target.number), mention)
                if len(pairs) == MAX_STANCE_PAIRS:
                    return pairs
    return pairs


def _only_tags(reading: Reading) -> bool:
    """Nothing but hashtags, mentions of pairs, election words and punctuation: a campaign
    post in itself (`#SutopoRatna #KaliurangMaju`)."""
    named = {i for m in reading.mentions for i in range(m.start, m.end)}
    named |= {i for s, e in reading.spans("context.election") for i in range(s, e)}
    return all(t.kind is not TokenKind.WORD or i in named
               for i, t in enumerate(reading.text.tokens))
