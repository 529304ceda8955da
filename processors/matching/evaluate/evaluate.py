"""Precision, recall and calibration of confident matches on a labelled evaluation set.

    .venv/bin/python -m processors.matching.evaluate [--registry CSV] [--cases JSONL ...]
    .venv/bin/python -m processors.matching.evaluate --registry-size 4300000 [--per-kind 100]

Precision: of the confident matches, the share that name the right NIP. Recall: of the
profiles that are a registry entry and say something beyond a name (`corroborated`), the
share matched confidently to the right NIP. Name-only profiles are reported on their own:
by design they are never confident. Calibration: returned matches binned by confidence,
the mean confidence of each bin against the share of them that are right.

With `--registry-size N` a synthetic registry of N rows is generated and indexed once under
`--workdir` (reused by later runs), and the cases are made from it with the truth counted
over the whole registry (`national.py`).
"""

import argparse
import collections
import itertools
import json
import multiprocessing
import sys
from dataclasses import dataclass, field
from pathlib import Path

from netra.domain.decision import CONFIDENT
from netra.domain.post import decode_post
from netra.domain.problems import Problem
from netra.domain.registry import iter_registry
from processors.matching.evaluate.national import NationalCases
from processors.matching.evaluate.synthetic import write_registry
from processors.matching.indexfile import write_index
from processors.matching.matcher import AsnMatcher

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "matching"


@dataclass
class Tally:
    """Counts for one kind of case (or all of them)."""

    cases: int = 0
    confidence: float = 0.0
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


BINS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)


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
            tally.confidence += match.confidence
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
    lines = [f"{'kind':52} {'cases':>5} {'pos':>5} {'conf':>5} {'prec':>6} {'recall':>6}"]
    kinds = [k for k in tallies if not k.startswith("confidence")]
    for kind in sorted(kinds, key=lambda k: (k == "all", k)):
        t = tallies[kind]
        lines.append(f"{kind:52} {t.cases:5} {t.positives:5} {t.confident:5} "
                     f"{t.precision:6.3f} {t.recall:6.3f}")
    lines.append("")
    lines.append("calibration: returned matches by confidence")
    lines.append(f"{'bin':52} {'count':>5} {'mean':>6} {'right':>6}  observed precision")
    for kind in sorted(k for k in tallies if k.startswith("confidence")):
        t = tallies[kind]
        right = t.confident_right / t.cases
        bar = "#" * round(right * 40)
        lines.append(f"{kind:52} {t.cases:5} {t.confidence / t.cases:6.3f} {right:6.3f}  {bar}")
    return "\n".join(lines)


def national_cases(size: int, workdir: Path, per_kind: int, seed: int) -> tuple[AsnMatcher, list[dict]]:
    """A matcher over a synthetic registry of `size` rows (generated and indexed once into
    `workdir`) and labelled cases made from it."""
    csv_path = workdir / f"registry-{size}.csv"
    index_path = workdir / f"registry-{size}.idx"
    workdir.mkdir(parents=True, exist_ok=True)
    if not csv_path.exists():
        print(f"generating {csv_path}", file=sys.stderr)
        write_registry(csv_path, size, seed)
    if not index_path.exists():
        # A child process, so the build's memory (3 GB at 4.3 M rows) is given back.
        build = multiprocessing.get_context("fork").Process(
            target=_build, args=(csv_path, index_path))
        build.start()
        build.join()
        if build.exitcode:
            raise SystemExit(f"index build failed ({build.exitcode})")
    matcher = AsnMatcher.from_index_file(index_path)
    cases = NationalCases(matcher.registry.layers[0].index, seed).build(per_kind)
    return matcher, cases


def _build(csv_path: Path, index_path: Path) -> None:
    problems: list[Problem] = []
    write_index(iter_registry(csv_path, problems), index_path, str(csv_path), sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Command line: evaluate and print the tables; exit 1 below precision 0.98 or recall 0.9."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=Path, default=DATA / "registry.csv")
    parser.add_argument("--cases", type=Path, nargs="+",
                        default=[DATA / "profiles.jsonl", DATA / "handwritten.jsonl"])
    parser.add_argument("--registry-size", type=int,
                        help="evaluate on a synthetic registry of this many rows instead")
    parser.add_argument("--workdir", type=Path, default=Path("var/matching"))
    parser.add_argument("--per-kind", type=int, default=100)
    parser.add_argument("--seed", type=int, default=43)
    parser.add_argument("--write-cases", type=Path, help="also write the cases as JSONL here")
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    if args.registry_size:
        matcher, cases = national_cases(args.registry_size, args.workdir, args.per_kind, args.seed)
        source = f"synthetic registry of {args.registry_size:,} rows (seed {args.seed})"
    else:
        problems: list[Problem] = []
        matcher = AsnMatcher.from_csv(args.registry, problems)
        for problem in problems:
            print(problem, file=sys.stderr)
        cases = load_cases(args.cases)
        source = f"registry {args.registry.name}"
    if args.write_cases:
        with args.write_cases.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(case, ensure_ascii=False) + "\n" for case in cases)
    tallies = evaluate(matcher, cases)
    print(f"matcher {matcher.version}, {source}")
    print(report(tallies))
    if args.show_wrong:
        for line in tallies["all"].wrong:
            print("WRONG", line)
    overall = tallies["all"]
    return 0 if overall.precision >= 0.98 and overall.recall >= 0.9 else 1
