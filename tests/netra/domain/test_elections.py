"""Election YAML: the contract example loads; every problem is reported with its line."""

import pytest

from netra.domain.elections import parse_elections
from netra.domain.problems import InputError
from tests.contract_examples import ELECTIONS as CONTRACT_ELECTIONS


def test_loads_the_contract_example() -> None:
    (election,) = parse_elections(CONTRACT_ELECTIONS)
    (candidate,) = election.candidates
    assert election.id == "pilbup-kaliurangraya-2024" and str(election.voting_day) == "2024-11-27"
    assert candidate.names == ("Sutopo Hadi", "Ratna Dewi") and candidate.aliases == ("Sutopo-Ratna", "SURYA")
    assert candidate.accounts == (("x", "sutopohadi_official"), ("instagram", "sutoporatna.id"))


def test_only_id_region_number_and_names_are_required() -> None:
    (election,) = parse_elections(
        "elections:\n  - id: a\n    region: Kota B\n    candidates:\n      - number: 2\n        names: [C]\n"
    )
    assert election.candidates[0].hashtags == () and election.voting_day is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ":1: file is empty"),
        ("elections: [", "invalid YAML"),
        ("- a\n- b\n", "`elections` list"),
        ("elections:\n  - region: X\n    candidates: []\n", ":2: election lacks an `id`"),
        ("elections:\n  - id: a\n    candidates: [{number: 1, names: [A]}]\n", ":2: election 'a' lacks a `region`"),
        ("elections:\n  - id: a\n    region: R\n    candidates: [{number: 1}]\n", "candidate 1 lacks `names`"),
        ("elections:\n  - id: a\n    region: R\n    candidates: [{number: x, names: [A]}]\n", "not a whole number"),
        ("elections:\n  - id: a\n    region: R\n    voting_day: besok\n    candidates: [{number: 1, names: [A]}]\n",
         "not a date"),
        ("elections:\n  - id: a\n    region: R\n    candidates: [{number: 1, names: [A]}, {number: 1, names: [B]}]\n",
         "numbers repeat"),
        ("elections:\n  - id: a\n    region: R\n    candidates: [{number: 1, names: [A], accounts: [nope]}]\n",
         "platform:handle"),
    ],
)
def test_reports_problems_with_their_line(text: str, expected: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_elections(text, "e.yaml")
    assert expected in str(refused.value)


def test_reports_every_bad_election_and_repeated_ids() -> None:
    text = (
        "elections:\n"
        "  - id: a\n    region: R\n    candidates: [{number: 1, names: [A]}]\n"
        "  - id: a\n    region: R\n    candidates: [{number: 1, names: [A]}]\n"
        "  - id: b\n    candidates: [{number: 1, names: [A]}]\n"
    )
    with pytest.raises(InputError) as refused:
        parse_elections(text, "e.yaml")
    assert [(p.line, p.reason.split(" ")[-1]) for p in refused.value.problems] == [(5, "twice"), (8, "`region`")]


BILLION_LAUGHS = "\n".join([
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *(f"{n}: &{n} [{','.join(['*' + p] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi", strict=True)),
    "elections:\n  - id: x\n    region: *i\n    candidates: [{number: 1, names: [A]}]\n",
])


def test_a_billion_laughs_is_refused_at_its_first_alias() -> None:
    with pytest.raises(InputError, match=r"<elections>:2: invalid YAML: aliases \(\*name\) are not allowed"):
        parse_elections(BILLION_LAUGHS)


def test_a_date_that_does_not_exist_is_a_problem_on_its_line() -> None:
    text = ("elections:\n  - id: a\n    region: Kota B\n    voting_day: 2024-02-30\n"
            "    candidates: [{number: 1, names: [C]}]\n")
    with pytest.raises(InputError, match="<elections>:4: invalid value: day is out of range for month"):
        parse_elections(text)
