"""The hate-speech model as the pipeline sees it: what it needs of it, how it is loaded, its evidence."""

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from netra.domain.decision import Evidence, HateTarget

RULE_CONFIDENCE = 0.9  # a SARA rule's words show hate speech whatever the classifier's probability


class HateSpeechUnavailable(RuntimeError):
    """The hate-speech model is missing or unreadable: detection must not go on silently without it."""


class HateSpeechSpanLike(Protocol):
    """Hateful words of the original text, the rule that saw them and whom they target."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def feature(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def group(self) -> str | None: ...


class HateSpeechResultLike(Protocol):
    """The model's answer for one text (what the pipeline reads of it)."""

    @property
    def probability(self) -> float: ...
    @property
    def is_hate(self) -> bool: ...
    @property
    def spans(self) -> Sequence[HateSpeechSpanLike]: ...


class HateSpeechModel(Protocol):
    """What the pipeline needs of the model."""

    @property
    def version(self) -> str: ...

    def predict(self, text: str, names: frozenset[str] = frozenset()) -> HateSpeechResultLike:
        """Classify one text; `names` are the election's person words, never judged."""
        ...


def load_hate_speech(path: Path | None = None) -> HateSpeechModel:
    """The packaged model; raises HateSpeechUnavailable when its module or model file is unusable."""
    try:
        from processors.detection.hate_speech import HateSpeechClassifier
    except ImportError as error:
        raise HateSpeechUnavailable(f"hate-speech classifier cannot be imported: {error}") from error
    return HateSpeechClassifier.load(path)


def hate_speech_evidence(
    model: HateSpeechModel, text: str, field: str | None, names: frozenset[str]
) -> list[Evidence]:
    """One evidence item per span of hateful words, with whom it targets (CONTRACTS §4)."""
    if not text.strip():
        return []
    result = model.predict(text, names)
    if not result.is_hate:
        return []
    probability = round(float(result.probability), 4)
    return [
        Evidence("hate_speech", span.start, span.end, text[span.start:span.end],
                 f"hate-speech:{span.feature}", None, field,
                 max(probability, RULE_CONFIDENCE) if span.feature.startswith("sara:") else probability,
                 target=HateTarget(span.kind, span.group if span.kind == "group" else None))
        for span in result.spans
    ]
