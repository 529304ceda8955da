"""Bounded work per post: linear in the text's length, capped, with a time budget, never a crash."""

import sys
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from netra.domain.elections import load_elections
from netra.domain.post import SharedFrom
from processors.decide import DecisionCore
from processors.detection.findings import Detection
from processors.detection.pipeline import ViolationDetector
from processors.detection.rules import CATEGORY_NAMES, MAX_TEXT_CHARS
from tests.processors.detection.support import DATA, detector, post

# Every kind of mention and cue, many times over: the worst case for any all-pairs check.
UNIT = ("Ayo coblos nomor 1, pilih Sutopo Hadi! #BamsiJuara dukung AMAN, jangan pilih "
        "Bambang-Siti. Relawan YUNUS hadir di posko, amplop 50 ribu buat yang coblos 02? ")


def traced_steps(work: Callable[[], object]) -> int:
    """Python lines run and C functions called inside the project's code while `work` runs."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "/processors/" not in frame.f_code.co_filename:
            return None
        count += 1
        return local

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def test_detection_work_grows_linearly_with_text_length() -> None:
    found = detector()
    small, large = UNIT * 35, UNIT * 140  # 4x the text, hundreds of mentions and cues
    assert len(large) < MAX_TEXT_CHARS
    found.detect(post(UNIT))  # warm caches
    steps_small = traced_steps(lambda: found.detect(post(small)))
    steps_large = traced_steps(lambda: found.detect(post(large)))
    assert steps_large <= 5 * steps_small  # quadratic work would be ~16x


def test_a_text_over_the_bound_is_read_to_the_bound_and_the_decision_says_so() -> None:
    huge = UNIT * (MAX_TEXT_CHARS // len(UNIT) + 50)
    evidence = detector().detect(post(huge, SharedFrom(text=huge)))
    assert isinstance(evidence, Detection)
    assert evidence.cut_short and f"read to {MAX_TEXT_CHARS}" in evidence.cut_short
    assert "shared_from.text read to" in evidence.cut_short
    assert all(e.end <= MAX_TEXT_CHARS for e in evidence)
    assert evidence  # what was found in the part read still counts


def test_a_spent_time_budget_decides_on_what_was_found_and_says_so() -> None:
    hurried = ViolationDetector(load_elections(DATA / "elections.yaml"), budget=0.0)
    evidence = hurried.detect(post("Ayo coblos nomor 1!"))
    assert evidence.cut_short and "time budget" in evidence.cut_short

    class Nobody:
        version = "none"

        def match(self, post):
            return None

        def entry(self, nip):
            return None

    decision = DecisionCore(Nobody(), hurried).decide(post("Ayo coblos nomor 1!"))
    assert decision.versions["detection"].startswith("cut-short: time budget")
    assert "detection" not in DecisionCore(Nobody(), detector()).decide(post("halo")).versions


_WORDS = ("coblos", "pilih", "jangan", "nomor", "1", "02", "Sutopo", "Hadi", "BAMSI", "AMAN",
          "#BamsiJuara", "@bamsi_official", "amplop", "ribu", "kontrak", "diputus", "kalau",
          "tidak", "pilkada", "KPU", "?", "!", ",", ".", ":", '"', "✌️", "2️⃣", "\n", "wkwk")
_TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=8)), max_size=120).map(" ".join),
)


@settings(deadline=2000, max_examples=150)
@given(text=_TEXTS, shared=st.one_of(st.none(), _TEXTS))
def test_any_text_gives_well_formed_evidence(text: str, shared: str | None) -> None:
    evidence = detector().detect(post(text, SharedFrom(text=shared) if shared else None))
    fields = {None: text, "shared_from.text": shared or "", "shared_from.handle": ""}
    for item in evidence:
        assert item.category in CATEGORY_NAMES
        assert 0 <= item.start <= item.end <= len(fields[item.field])
        if item.field != "shared_from.handle":
            assert item.text == fields[item.field][item.start:item.end]
        assert 0.0 <= item.confidence <= 1.0
        assert (item.stance in ("for", "against")) == (item.category == "endorsement")
