"""Builds the decision core from a registry and an election file, once per process."""

from pathlib import Path

from netra.domain.elections import load_elections
from netra.domain.problems import Problem
from processors.decide import DecisionCore
from processors.detection.hate_speech import HateSpeechClassifier
from processors.detection.pipeline import ViolationDetector
from processors.matching.matcher import AsnMatcher


def assemble_core(registry: Path, elections: Path, problems: list[Problem]) -> DecisionCore:
    """The core over a registry CSV (or a prebuilt index file) and an election YAML.

    Registry rows that were skipped or mended are appended to `problems`; an unusable election
    file or registry raises InputError.
    """
    if registry.suffix == ".csv":
        matcher = AsnMatcher.from_csv(registry, problems)
    else:
        matcher = AsnMatcher.from_index_file(registry)
    detector = ViolationDetector(load_elections(elections), hate_speech=HateSpeechClassifier.load())
    return DecisionCore(matcher, detector)
