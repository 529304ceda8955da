"""The target index built from the election configuration."""

import time

import pytest

from netra.domain.elections import load_elections
from processors.detection.evaluate.synthetic import synthetic_elections
from processors.detection.pipeline import ViolationDetector
from processors.detection.targets import TargetKind, build_targets
from processors.text import Normaliser
from tests.processors.detection.support import DATA, post


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        (("sutopo", "hadi"), TargetKind.NAME),  # "Dr. H. Sutopo Hadi, S.H." without titles
        (("sutopo",), TargetKind.NAME_PART),
        (("surya",), TargetKind.ALIAS_WORD),
        (("sutopo", "ratna"), TargetKind.ALIAS),
        (("kaliurang", "maju"), TargetKind.SLOGAN),
        (("kaliurang", "raya"), TargetKind.REGION),
        (("kabupaten", "kaliurang", "raya"), TargetKind.REGION),
    ],
)
def test_phrases_and_their_kinds(phrase: tuple[str, ...], kind: TargetKind) -> None:
    index = build_targets(load_elections(DATA / "elections.yaml"), Normaliser())
    assert kind in {t.kind for t in index.phrases[phrase]}


def test_titles_and_common_parts_are_not_name_parts() -> None:
    index = build_targets(load_elections(DATA / "elections.yaml"), Normaliser())
    for word in ("dr", "h", "ratna", "dewi", "hadi", "andi", "siti"):
        kinds = {t.kind for t in index.phrases.get((word,), [])}
        assert TargetKind.NAME_PART not in kinds, word


def test_545_elections_build_once_and_stay_fast() -> None:
    elections = synthetic_elections(545)
    started = time.perf_counter()
    detector = ViolationDetector(elections)
    assert time.perf_counter() - started < 30
    assert len(detector._analyser.nlp.pipeline) == 2  # one cue tagger, one target tagger
    candidate = elections[300].candidates[0]
    evidence = detector.detect(post(f"Ayo coblos {candidate.names[0]}!"))
    assert [(e.candidate.election, e.candidate.number) for e in evidence if e.candidate] == [
        (elections[300].id, candidate.number)]
