"""Builds the decision core from a registry, an election file and debunked claims, once per process."""

from pathlib import Path

import yaml

from netra.domain.elections import load_elections
from netra.domain.problems import InputError, Problem
from processors.decide import DecisionCore
from processors.detection.disinformation import DebunkedClaim, load_claims
from processors.detection.hate_speech import HateSpeechClassifier
from processors.detection.pipeline import ViolationDetector
from processors.matching.matcher import AsnMatcher


def assemble_core(
    registry: Path, elections: Path, problems: list[Problem], claims: Path | None = None
) -> DecisionCore:
    """The core over a registry CSV (or a prebuilt index file), an election YAML and a claims YAML.

    Registry rows that were skipped or mended are appended to `problems`; an unusable election,
    claims or registry file raises InputError. Without `claims`, disinformation is not checked.
    """
    if registry.suffix == ".csv":
        matcher = AsnMatcher.from_csv(registry, problems)
    else:
        matcher = AsnMatcher.from_index_file(registry)
    detector = ViolationDetector(
        load_elections(elections),
        hate_speech=HateSpeechClassifier.load(),
        claims=_claims(claims) if claims else (),
    )
    return DecisionCore(matcher, detector)


def _claims(path: Path) -> tuple[DebunkedClaim, ...]:
    try:
        return load_claims(path)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError([Problem(str(path), 0, f"unusable claims file: {exc!r}")]) from None
