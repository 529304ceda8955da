"""Per-category precision and recall of ViolationDetector on the labelled development set.

    .venv/bin/python -m processors.detection.evaluate [--errors] [--posts P...] [--elections E]
"""

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from netra.domain.decision import CATEGORIES
from netra.domain.elections import load_elections
from netra.domain.post import Post, decode_post
from processors.detection.disinformation import load_claims
from processors.detection.hate import load_hate_speech
from processors.detection.pipeline import ViolationDetector

DEV = Path(__file__).resolve().parents[3] / "tests" / "data" / "detection"
# Tuned-on development set, then five sets written later and first run blind (see the docs).
SETS = ("posts.jsonl", "holdout.jsonl", "holdout2.jsonl", "holdout3.jsonl", "holdout4.jsonl",
        "holdout5.jsonl", "holdout6.jsonl")


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled post of the development set."""

    post: Post
    expected: frozenset[str]
    note: str


@dataclass(slots=True)
class Score:
    """Counts for one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of flags that were right (1.0 when nothing was flagged)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of true cases flagged (1.0 when there were none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_cases(path: Path) -> list[Case]:
    """Read the JSONL development set: a post plus `expected` categories and a `note`."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            labels = json.loads(line)
            cases.append(Case(decode_post(line), frozenset(labels["expected"]), labels["note"]))
    return cases


def evaluate(detector: ViolationDetector, cases: list[Case]) -> tuple[dict[str, Score], list[str]]:
    """Scores per category and a line per wrong decision."""
    scores = {category: Score() for category in CATEGORIES}
    errors = []
    for case in cases:
        found = {e.category for e in detector.detect(case.post)}
        for category in CATEGORIES:
            expected, got = category in case.expected, category in found
            scores[category].tp += expected and got
            scores[category].fp += got and not expected
            scores[category].fn += expected and not got
        if found != case.expected:
            errors.append(f"{case.post.post_id}: expected {sorted(case.expected)} got "
                          f"{sorted(found)} ({case.note}): {case.post.text!r}")
    return scores, errors


def print_table(title: str, scores: dict[str, Score], hate_speech: bool) -> None:
    """One row per category: positives, precision, recall."""
    print(f"\n{title}")
    print(f"{'category':<16}{'positives':>10}{'precision':>11}{'recall':>8}")
    for category, score in scores.items():
        if category == "hate_speech" and not hate_speech:
            print(f"{category:<16}{score.tp + score.fn:>10}   (no hate-speech model installed)")
            continue
        print(f"{category:<16}{score.tp + score.fn:>10}{score.precision:>11.3f}{score.recall:>8.3f}")


def main(argv: list[str] | None = None) -> int:
    """Print a table per labelled set and for all together (with --errors, every miss)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, nargs="+", default=[DEV / name for name in SETS])
    parser.add_argument("--elections", type=Path, default=DEV / "elections.yaml")
    parser.add_argument("--claims", type=Path, default=DEV / "claims.yaml")
    parser.add_argument("--errors", action="store_true", help="list every wrong decision")
    args = parser.parse_args(argv)
    hate_speech = load_hate_speech()
    detector = ViolationDetector(load_elections(args.elections), hate_speech=hate_speech,
                                 claims=load_claims(args.claims))
    print(f"versions: {json.dumps(detector.versions, sort_keys=True)}")
    everything: list[Case] = []
    for path in args.posts:
        cases = load_cases(path)
        everything += cases
        scores, errors = evaluate(detector, cases)
        print_table(f"{path.name}: {len(cases)} posts", scores, hate_speech is not None)
        if args.errors and errors:
            print("\n".join(errors))
    if len(args.posts) > 1:
        scores, _ = evaluate(detector, everything)
        print_table(f"all: {len(everything)} posts", scores, hate_speech is not None)
    return 0

