"""Precision and recall of confident matches on the labelled evaluation set.

    .venv/bin/python -m processors.matching.evaluate [--registry CSV] [--cases JSONL ...]

Precision: of the confident matches, the share that name the right NIP. Recall: of the
profiles that are a registry entry and say something beyond a name (`corroborated`), the
share matched confidently to the right NIP. Name-only profiles are reported on their own:
by design they are never confident.
"""

import argparse
import collections
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from netra.domain.decision import CONFIDENT
from netra.domain.post import decode_post
from netra.domain.problems import Problem
from processors.matching.matcher import AsnMatcher

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "matching"


@dataclass
class Tally:
    """Counts for one kind of case (or all of them)."""

    cases: int = 0
    positives: int = 0
    confident: int = 0
    confident_right: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.confident_right / self.confident if self.confident else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 1.0


BINS = (0.3, 0.5, 0.8, 0.95, 1.01)


def kind_of(case: dict) -> str:
    """The row a case is counted in: its kind; hand-written cases in two rows."""
    kind = str(case["kind"])
    if kind.startswith("handwritten"):
        return "handwritten, " + ("real entry" if case["expect"] else "no entry")
    return kind


def evaluate(matcher: AsnMatcher, cases: list[dict]) -> dict[str, Tally]:
    """Tallies per kind, overall (`"all"`) and per confidence bin (`"confidence a-b"`)."""
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    for case in cases:
        match = matcher.match(decode_post(json.dumps(case["post"])))
        confident = match is not None and match.confidence >= CONFIDENT
        right = confident and match is not None and match.nip == case["expect"]
        kinds = [kind_of(case), "all"]
        if match is not None:
            low, high = next((a, b) for a, b in itertools.pairwise(BINS) if match.confidence < b)
            tally = tallies[f"confidence {low:.2f}-{min(high, 1.0):.2f}"]
            tally.cases += 1
            tally.confident += 1
            tally.confident_right += match.nip == case["expect"]
        for kind in kinds:
            tally = tallies[kind]
            tally.cases += 1
            tally.confident += confident
            tally.confident_right += right
            if case["expect"] and case["corroborated"]:
                tally.positives += 1
                tally.found += right
            if confident and not right and match is not None:
                tally.wrong.append(f"{case['post']['author']} -> {match.nip} {match.reasons}")
    return tallies


def load_cases(paths: list[Path]) -> list[dict]:
    """Every case of the JSONL files."""
    cases: list[dict] = []
    for path in paths:
        with path.open(encoding="utf-8") as source:
            cases.extend(json.loads(line) for line in source if line.strip())
    return cases


def report(tallies: dict[str, Tally]) -> str:
    """The table printed by the command."""
    lines = [f"{'kind':34} {'cases':>5} {'pos':>5} {'conf':>5} {'prec':>6} {'recall':>6}"]
    kinds = [k for k in tallies if not k.startswith("confidence")]
    for kind in sorted(kinds, key=lambda k: (k == "all", k)):
        t = tallies[kind]
        lines.append(f"{kind:34} {t.cases:5} {t.positives:5} {t.confident:5} "
                     f"{t.precision:6.3f} {t.recall:6.3f}")
    lines.append("")
    lines.append(f"{'returned matches by confidence':34} {'count':>5} {'right':>5}")
    for kind in sorted(k for k in tallies if k.startswith("confidence")):
        t = tallies[kind]
        lines.append(f"{kind:34} {t.cases:5} {t.confident_right / t.cases:5.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: evaluate and print the table; exit 1 below precision 0.98 or recall 0.9."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=DATA / "registry.csv")
    parser.add_argument("--cases", type=Path, nargs="+",
                        default=[DATA / "profiles.jsonl", DATA / "handwritten.jsonl"])
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    problems: list[Problem] = []
    matcher = AsnMatcher.from_csv(args.registry, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    tallies = evaluate(matcher, load_cases(args.cases))
    print(f"matcher {matcher.version}, registry {args.registry.name}")
    print(report(tallies))
    if args.show_wrong:
        for line in tallies["all"].wrong:
            print("WRONG", line)
    overall = tallies["all"]
    return 0 if overall.precision >= 0.98 and overall.recall >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
