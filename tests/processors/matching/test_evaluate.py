"""The evaluation command on the committed evaluation set, and the evaluation set maker."""

import csv

import pytest

from processors.matching.evaluate.evalset import EvalSetBuilder
from processors.matching.evaluate.evaluate import DATA, evaluate, load_cases, main
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
