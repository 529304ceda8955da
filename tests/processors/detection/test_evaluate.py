"""The evaluation command over the development set."""

from netra.domain.elections import load_elections
from processors.detection.disinformation import load_claims
from processors.detection.evaluate import development as evaluate
from processors.detection.pipeline import ViolationDetector
from tests.processors.detection.support import DATA


def test_dev_set_meets_the_bar_for_rule_based_categories() -> None:
    detector = ViolationDetector(load_elections(DATA / "elections.yaml"),
                                 claims=load_claims(DATA / "claims.yaml"))
    cases = [case for name in evaluate.SETS for case in evaluate.load_cases(DATA / name)]
    scores, _ = evaluate.evaluate(detector, cases)
    for category in ("endorsement", "money_politics", "intimidation", "disinformation"):
        assert scores[category].precision >= 0.9, category
        assert scores[category].recall >= 0.85, category


def test_command_prints_a_row_per_category(capsys) -> None:
    assert evaluate.main([]) == 0
    out = capsys.readouterr().out
    for category in ("endorsement", "hate_speech", "money_politics", "intimidation",
                     "disinformation"):
        assert category in out
