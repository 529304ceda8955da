"""The evaluation command on the committed evaluation set, and the evaluation set maker."""

import collections
import csv
from pathlib import Path

import pytest

from netra.domain.registry import iter_registry
from processors.matching.evaluate.evalset import EvalSetBuilder
from processors.matching.evaluate.evaluate import DATA, evaluate, load_cases, main
from processors.matching.evaluate.national import NationalCases
from processors.matching.evaluate.synthetic import write_registry
from processors.matching.index import RegistryIndex, build_arrays
from processors.matching.matcher import AsnMatcher


def test_handwritten_cases_meet_the_targets() -> None:
    matcher = AsnMatcher.from_csv(DATA / "registry.csv", [])
    tallies = evaluate(matcher, load_cases([DATA / "handwritten.jsonl"]))
    assert tallies["all"].precision >= 0.98
    assert tallies["all"].recall >= 0.9


def test_command_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--cases", str(DATA / "handwritten.jsonl")])
    out = capsys.readouterr().out
    assert "prec" in out and "recall" in out and "\nall " in out
    assert status == 0


def test_builder_makes_every_kind() -> None:
    with (DATA / "registry.csv").open(newline="", encoding="utf-8") as source:
        rows = list(csv.DictReader(source))[:2000]
    cases = list(EvalSetBuilder(rows, seed=1).build(2))
    kinds = {case["kind"] for case in cases}
    assert len(kinds) == 17
    assert all(case["expect"] is None for case in cases if "namesake" in str(case["kind"]))
    assert all(case["post"]["author"] for case in cases)


def test_calibration_is_monotone() -> None:
    """Higher confidence never means fewer right matches (bins of at least 5 matches)."""
    matcher = AsnMatcher.from_csv(DATA / "registry.csv", [])
    tallies = evaluate(matcher, load_cases([DATA / "profiles.jsonl", DATA / "handwritten.jsonl"]))
    bins = sorted((name, t) for name, t in tallies.items() if name.startswith("confidence"))
    observed = [t.confident_right / t.cases for _, t in bins if t.cases >= 5]
    assert len(observed) >= 3
    assert observed == sorted(observed)
    assert all(t.confident_right == t.cases for name, t in bins if name >= "confidence 0.80")


def test_national_cases_cover_every_kind_with_the_truth_counted(tmp_path: Path) -> None:
    path = tmp_path / "registry.csv"
    write_registry(path, 4000, seed=5)
    index = RegistryIndex(build_arrays(iter_registry(path, [])))
    maker = NationalCases(index, seed=1)
    cases = maker.build(3)
    kinds = {str(case["kind"]).split(", fits several rows")[0] for case in cases}
    assert len(kinds) == len(maker.makers()) == 23
    by_kind = collections.defaultdict(list)
    for case in cases:
        by_kind[case["kind"]].append(case)
    for kind in ("handle listed for another person", "namesake, same unit kind, another unit",
                 "honorer, same name and unit", "news outlet"):
        assert all(case["expect"] is None for case in by_kind[kind]), kind
    for kind in ("NIP in bio", "handle listed", "handle listed, other platform"):
        assert all(case["expect"] and case["corroborated"] for case in by_kind[kind]), kind
    assert not any(case["corroborated"] for case in by_kind["name only"])
    tallies = evaluate(AsnMatcher(index), cases)
    assert tallies["name only"].confident == 0
    assert tallies["all"].precision == 1.0
