"""Detection on real tweets: DKI 2017 stance proxies, HS1 false flags, the hand-labelled set.

    .venv/bin/python -m processors.detection.evaluate --real

The hand labels (tests/data/detection/real_labels.csv) hold a source, a row and labels only;
the text is read from ../shared/data. They are never used for tuning.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from netra.domain.decision import Evidence
from netra.domain.elections import load_elections
from processors.decide import Detector
from processors.detection.evaluate.development import DEV, Score
from processors.detection.evaluate.sources import (
    DKI_ELECTION,
    DkiTweet,
    as_post,
    dki_tweets,
    hs1_test_tweets,
)
from processors.detection.hate import load_hate_speech
from processors.detection.pipeline import ViolationDetector

DKI_ELECTIONS = DEV / "dki2017.yaml"
LABELS = DEV / "real_labels.csv"
Stance = tuple[str, int]  # ("for" | "against", ballot number)


@dataclass(slots=True)
class DkiMeasures:
    """Shares of DKI 2017 tweets with each kind of evidence toward the tweet's named pair."""

    positive: int = 0
    negative: int = 0
    hate_on_positive: int = 0
    for_on_negative: int = 0
    against_on_negative: int = 0
    for_on_positive: int = 0
    against_on_positive: int = 0

    def rates(self) -> dict[str, float]:
        """Each count over its class size."""
        def share(count: int, size: int) -> float:
            return count / size if size else 0.0
        return {
            "hate_on_positive": share(self.hate_on_positive, self.positive),
            "for_on_negative": share(self.for_on_negative, self.negative),
            "against_on_negative": share(self.against_on_negative, self.negative),
            "for_on_positive": share(self.for_on_positive, self.positive),
            "against_on_positive": share(self.against_on_positive, self.positive),
        }


@dataclass(slots=True)
class LabelledMeasures:
    """The hand-labelled set: post-level endorsement and hate speech, and (stance, pair) items."""

    posts: int = 0
    endorsement: Score = field(default_factory=Score)
    stance: Score = field(default_factory=Score)
    hate_speech: Score = field(default_factory=Score)


def stances(evidence: Iterable[Evidence], election: str = DKI_ELECTION) -> set[Stance]:
    """The (stance, pair) items of a post's endorsement evidence in `election`.

    Evidence without a stance (code before stances existed) counts as `for`.
    """
    return {(getattr(e, "stance", None) or "for", e.candidate.number) for e in evidence
            if e.category == "endorsement" and e.candidate and e.candidate.election == election}


def measure_dki(detector: Detector, tweets: Iterable[DkiTweet]) -> DkiMeasures:
    """Evidence toward the named pair, by the tweet's sentiment toward it."""
    measures = DkiMeasures()
    for tweet in tweets:
        evidence = detector.detect(as_post(f"dki-{tweet.id}", tweet.text))
        found = stances(evidence)
        has_for, has_against = ("for", tweet.pair) in found, ("against", tweet.pair) in found
        if tweet.positive:
            measures.positive += 1
            measures.hate_on_positive += any(e.category == "hate_speech" for e in evidence)
            measures.for_on_positive += has_for
            measures.against_on_positive += has_against
        else:
            measures.negative += 1
            measures.for_on_negative += has_for
            measures.against_on_negative += has_against
    return measures


def hs1_flag_rates(detector: Detector) -> tuple[int, float, float, int, float]:
    """Non-hate HS1 test tweets (distinct texts): count, hate-speech rate, any-category rate;
    hate tweets: count, hate-speech rate."""
    seen: set[str] = set()
    clean = clean_hate = clean_any = hate = hate_caught = 0
    for tweet in hs1_test_tweets():
        if tweet.text in seen:
            continue
        seen.add(tweet.text)
        evidence = detector.detect(as_post(f"hs1-{tweet.fold}-{tweet.row}", tweet.text))
        is_hate = any(e.category == "hate_speech" for e in evidence)
        if tweet.hate:
            hate += 1
            hate_caught += is_hate
        else:
            clean += 1
            clean_hate += is_hate
            clean_any += bool(evidence)
    return clean, clean_hate / max(clean, 1), clean_any / max(clean, 1), hate, \
        hate_caught / max(hate, 1)


@dataclass(frozen=True, slots=True)
class Label:
    """One hand label: where the tweet is, the author's stances, and whether it is hate speech."""

    source: str
    row: int
    stances: frozenset[Stance]
    hate_speech: bool


def load_labels(path: Path = LABELS) -> list[Label]:
    """Read the labels CSV (`source,row,stances,hate_speech`; stances like `for:3;against:2`)."""
    labels = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            items = [s.split(":") for s in record["stances"].split(";") if s]
            if any(len(i) != 2 or i[0] not in ("for", "against") for i in items):
                raise ValueError(f"{path}:{line}: bad stances {record['stances']!r}")
            labels.append(Label(record["source"], int(record["row"]),
                                frozenset((s, int(n)) for s, n in items),
                                record["hate_speech"] == "1"))
    return labels


def labelled_texts(labels: list[Label]) -> dict[tuple[str, int], str]:
    """The text of every labelled tweet, read from the shared data."""
    texts = {("dki2017", t.id): t.text for t in dki_tweets()}
    texts.update({(f"hs1-test{t.fold}", t.row): t.text for t in hs1_test_tweets()})
    return {(label.source, label.row): texts[(label.source, label.row)] for label in labels
            if (label.source, label.row) in texts}


def measure_labelled(detector: Detector, labels: list[Label]) -> LabelledMeasures:
    """Detector output against the hand labels."""
    texts = labelled_texts(labels)
    measures = LabelledMeasures()
    for label in labels:
        text = texts.get((label.source, label.row))
        if text is None:
            continue
        measures.posts += 1
        evidence = detector.detect(as_post(f"{label.source}-{label.row}", text))
        found = stances(evidence)
        _count(measures.endorsement, bool(label.stances),
               any(e.category == "endorsement" for e in evidence))
        measures.stance.tp += len(found & label.stances)
        measures.stance.fp += len(found - label.stances)
        measures.stance.fn += len(label.stances - found)
        _count(measures.hate_speech, label.hate_speech,
               any(e.category == "hate_speech" for e in evidence))
    return measures


def _count(score: Score, expected: bool, got: bool) -> None:
    score.tp += expected and got
    score.fp += got and not expected
    score.fn += expected and not got


def dki_detector() -> ViolationDetector:
    """The detector as `netra scan` builds it, over the DKI 2017 election file."""
    return ViolationDetector(load_elections(DKI_ELECTIONS), hate_speech=load_hate_speech())


def main() -> int:
    """Print every real-text measure."""
    detector = dki_detector()
    print(f"versions: {detector.versions}")
    tweets = dki_tweets()
    if not tweets:
        print("../shared/data is not beside the repo: no real-text measures")
        return 1
    print("\nDKI 2017 (evidence toward the tweet's named pair)")
    for title, part in (("held out (never trained or tuned on)", [t for t in tweets if t.held_out]),
                        ("tuning part (trained on)", [t for t in tweets if not t.held_out])):
        measures = measure_dki(detector, part)
        rates = "  ".join(f"{k} {v:.1%}" for k, v in measures.rates().items())
        print(f"  {title}: {measures.positive} positive, {measures.negative} negative\n    {rates}")
    clean, clean_hate, clean_any, hate, caught = hs1_flag_rates(detector)
    print(f"\nHS1 test folds: {clean} non-hate tweets, hate_speech on {clean_hate:.2%}, "
          f"any category on {clean_any:.2%}; {hate} hate tweets, hate_speech on {caught:.1%}")
    if LABELS.exists():
        labelled = measure_labelled(detector, load_labels())
        print(f"\nhand-labelled: {labelled.posts} tweets")
        for name in ("endorsement", "stance", "hate_speech"):
            score: Score = getattr(labelled, name)
            print(f"  {name:<12} positives {score.tp + score.fn:>4}  precision "
                  f"{score.precision:.3f}  recall {score.recall:.3f}  false {score.fp}")
    return 0
