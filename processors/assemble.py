"""Builds the decision core from a registry, an election file and debunked claims, once per process."""

from pathlib import Path

import yaml

from netra.domain.elections import load_elections
from netra.domain.problems import InputError, Problem
from processors.decide import AuthorMatcher, DecisionCore
from processors.detection.disinformation import DebunkedClaim, load_claims
from processors.detection.hate import HateSpeechModel, HateSpeechUnavailable, load_hate_speech
from processors.detection.pipeline import ViolationDetector
from processors.matching.facts import AuthorFactsStore
from processors.matching.judgements import JudgementStore
from processors.matching.matcher import AsnMatcher, FactsMatcher


def assemble_core(
    registry: Path,
    elections: Path,
    problems: list[Problem],
    claims: Path | None = None,
    hate_speech: bool = True,
    judgements: JudgementStore | None = None,
    author_facts: AuthorFactsStore | None = None,
) -> DecisionCore:
    """The core over a registry CSV (or a prebuilt index file), an election YAML and a claims YAML.

    Registry rows that were skipped or mended are appended to `problems`; an unusable election,
    claims or registry file, or a missing or corrupt hate-speech model, raises InputError.
    Without `claims`, disinformation is not checked; `hate_speech=False` is the only way to run
    without the model. `judgements`: the reviewers' judgements the matcher honours (the store);
    `author_facts`: where what earlier posts revealed about each account is kept (the store).
    """
    if registry.suffix == ".csv":
        matcher = AsnMatcher.from_csv(registry, problems, judgements=judgements)
    else:
        matcher = AsnMatcher.from_index_file(registry, judgements=judgements)
    author_matcher: AuthorMatcher = FactsMatcher(matcher, author_facts) if author_facts else matcher
    detector = ViolationDetector(
        load_elections(elections),
        hate_speech=_hate_speech() if hate_speech else None,
        claims=_claims(claims) if claims else (),
    )
    return DecisionCore(author_matcher, detector)


def _hate_speech() -> HateSpeechModel:
    try:
        return load_hate_speech()
    except HateSpeechUnavailable as exc:
        raise InputError([Problem("hate-speech model", 0, f"cannot be loaded ({exc!r}); "
                                  "fix it, or run with --no-hate-speech to go without")]) from None


def _claims(path: Path) -> tuple[DebunkedClaim, ...]:
    try:
        return load_claims(path)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise InputError([Problem(str(path), 0, f"unusable claims file: {exc!r}")]) from None
