"""Real-text measures of the hate-speech detector: helpers, and the aims on the shared real data."""

import pytest

from processors.detection.evaluate.hate_real import (
    DKI_CSV,
    hate_speech_real_measures,
    operating_figures,
    swap_names,
)
from processors.detection.hate import load_hate_speech


def test_names_are_swapped_as_words_and_in_hashtags_never_inside_other_words() -> None:
    assert swap_names("Anies menang, #AniesSandi, anies, sandiwara Sandiaga", [("Anies", "Ahok")]) == [
        "Ahok menang, #AhokSandi, ahok, sandiwara Sandiaga"]
    assert swap_names("sandiwara Sandiaga", [("Sandi", "Djarot")]) == []


def test_operating_figures_follow_from_false_flag_rate_and_recall() -> None:
    figures = operating_figures(false_flag_rate=0.01, recall=0.5, prevalence=0.01)
    assert figures["false_flags_per_10000"] == pytest.approx(100)
    assert figures["precision_at_prevalence"] == pytest.approx(0.005 / (0.005 + 0.0099))


@pytest.mark.skipif(not DKI_CSV.exists(), reason="../shared/data is not beside the repository")
def test_committed_model_meets_the_real_text_aims() -> None:
    """Issue 9: DKI 2017 positive tweets <= 3 %, name swaps <= 0.02, non-hate dev tweets <= 1 %."""
    measures = hate_speech_real_measures(load_hate_speech().predict)
    assert measures["dki_held_out_positive_hate"]["rate"] <= 0.02
    assert measures["dki_name_swap_max_shift"]["max"] <= 0.02
    # dev0 set the thresholds at a 1 % budget, so it sits at the aim by construction; the held-out
    # rate is the training script's test folds (0.60 %) and test_real_aims.py's detector run.
    assert measures["hs1_dev0_non_hate_flagged"]["rate"] <= 0.01
    assert measures["blind_recall"]["rate"] >= 0.5
    assert measures["blind_false_flags"]["flagged"] == 0
