"""The rule table: every rule reachable, every data file checked with its line, versions follow."""

import pytest

from netra.domain.elections import load_elections
from netra.domain.problems import InputError
from processors.detection.datafile import DataFile
from processors.detection.disinformation import load_claims
from processors.detection.evaluate.development import SETS, load_cases
from processors.detection.hate import load_hate_speech
from processors.detection.lexicon import decode_lexicon
from processors.detection.pipeline import ViolationDetector
from processors.detection.rules import ANCHOR_GROUPS, CATEGORY_NAMES, RULES, load_lexicons
from tests.processors.detection.support import DATA


def test_every_category_has_rules_and_every_anchor_a_lexicon_group() -> None:
    known = {f"{lexicon.name}.{group}" for lexicon in load_lexicons() for group in lexicon.groups}
    assert known >= ANCHOR_GROUPS
    assert {rule.category for rule in RULES} == set(CATEGORY_NAMES)


def test_every_rule_is_reached_by_some_labelled_post() -> None:
    full = ViolationDetector(load_elections(DATA / "elections.yaml"),
                             hate_speech=load_hate_speech(), claims=load_claims(DATA / "claims.yaml"))
    found: set[str] = set()
    for case in (case for name in SETS for case in load_cases(DATA / name)):
        evidence = full.detect(case.post)
        found |= {e.rule.split(":")[0] for e in evidence}
        assert all(e.stance in ("for", "against") for e in evidence if e.category == "endorsement")
    assert {rule.name for rule in RULES} - found == set()


def test_lexicon_problems_name_file_and_line() -> None:
    text = 'version: "x-1"\ngroups:\n  good: [a, b]\n  empty: []\n  bad: [a, ""]\n'
    with pytest.raises(InputError) as raised:
        decode_lexicon("x", DataFile(text, "x.yaml"), text)
    assert [(p.source, p.line) for p in raised.value.problems] == [("x.yaml", 4), ("x.yaml", 5)]


def test_lexicon_version_hashes_the_content() -> None:
    first = 'version: "x-1"\ngroups:\n  good: [a, b]\n'
    second = first.replace("b]", "c]")
    versions = {decode_lexicon("x", DataFile(t, "x.yaml"), t).version for t in (first, second)}
    assert len(versions) == 2 and all(v.startswith("x-1+") for v in versions)


def test_claims_problems_name_file_and_line(tmp_path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text("claims:\n  - id: a\n    text: tinta beracun\n  - id: b\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_claims(path)
    assert [p.line for p in raised.value.problems] == [4]
