"""Issue 9's aims on real tweets (../shared/data, read in place), measured as the evaluation does.

These assert the aims themselves, never loosened. The two stance aims are not met yet on the
held-out DKI 2017 tweets (docs/detection.md, "Real text"): they are strict expected failures
that name today's figure, so the run says so on every CI and turns red the day they pass
(then drop the marker).
"""

from functools import cache

import pytest

from processors.detection.evaluate.hate_real import hate_speech_real_measures
from processors.detection.evaluate.real import (
    DkiMeasures,
    dki_detector,
    hs1_flag_rates,
    measure_dki,
)
from processors.detection.evaluate.sources import DKI, HS1, dki_tweets
from processors.detection.hate import load_hate_speech

pytestmark = [
    pytest.mark.aims,
    pytest.mark.skipif(not DKI.exists() or not HS1.exists(),
                       reason="../shared/data is not beside the repo"),
]


@cache
def held_out() -> DkiMeasures:
    """The DKI 2017 measures on the fixed part no model or rule was trained or tuned on."""
    return measure_dki(dki_detector(), [t for t in dki_tweets() if t.held_out])


@pytest.mark.xfail(strict=True, reason="not met yet: 7.8 % of held-out negative tweets get `for` evidence")
def test_aim_for_evidence_on_tweets_negative_toward_the_pair_at_most_5_percent() -> None:
    assert held_out().rates()["for_on_negative"] <= 0.05


@pytest.mark.xfail(strict=True, reason="not met yet: 34.4 % of held-out negative tweets get `against` evidence")
def test_aim_against_evidence_on_negative_tweets_at_least_50_percent() -> None:
    assert held_out().rates()["against_on_negative"] >= 0.50


def test_aim_hate_speech_on_positive_tweets_at_most_3_percent() -> None:
    assert held_out().rates()["hate_on_positive"] <= 0.015  # margin: at most 1 of the 90 (today 0)


def test_aim_non_hate_hs1_tweets_flagged_as_hate_at_most_1_percent() -> None:
    # Margin: today 0.16 %. The deployed model was trained on most of these tweets (train0 +
    # test0); the held-out rates are the training script's test folds and dev0 (below).
    _, clean_hate, _, _, _ = hs1_flag_rates(dki_detector())
    assert clean_hate <= 0.005


# Hate speech recall: the model's own real-text measures (processors/detection/evaluate/hate_real.py;
# test_hate_real.py holds its met aims: DKI, name swaps, dev0 false flags). HS1 dev0 was never
# in the deployed model's weights (it set its calibration and thresholds); "before" is model
# hs-2026.11-c66ba6db7d (no masking, no gate) on the same tweets.
BEFORE_DEV0_HATE_CAUGHT = 412 / 552
BEFORE_DEV0_GROUP_HATE_CAUGHT = 151 / 205
HATE_CAUGHT_REASON = ("not met: the gate flags hateful words only; 31.3 % of HS1 dev0 hate tweets "
                      "caught against 74.6 % before (docs/hate_speech.md, frontier)")
GROUP_CAUGHT_REASON = ("not met: 38.0 % of HS1 dev0 group hate (religion, race, gender, "
                       "disability) caught against 73.7 % before")


@cache
def hate_measures() -> dict[str, dict[str, float]]:
    """DKI 2017 held-out rates, name swaps, HS1 dev0 flags and catches of the committed model."""
    return hate_speech_real_measures(load_hate_speech().predict)


@pytest.mark.xfail(strict=True, reason=HATE_CAUGHT_REASON)
def test_aim_catches_at_least_as_many_hs1_hate_tweets_as_before() -> None:
    assert hate_measures()["hs1_dev0_hate_caught"]["rate"] >= BEFORE_DEV0_HATE_CAUGHT


@pytest.mark.xfail(strict=True, reason=GROUP_CAUGHT_REASON)
def test_aim_catches_at_least_as_many_group_hate_tweets_as_before() -> None:
    assert hate_measures()["hs1_dev0_group_hate_caught"]["rate"] >= BEFORE_DEV0_GROUP_HATE_CAUGHT
