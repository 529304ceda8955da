"""The hate-speech classifier as an optional dependency: used when its module and model exist."""

from collections.abc import Sequence
from typing import Protocol


class HateSpeechSpanLike(Protocol):
    """A span of the original text that drove the classifier."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def feature(self) -> str: ...


class HateSpeechResultLike(Protocol):
    """The classifier's answer for one text (what the pipeline reads of it)."""

    @property
    def probability(self) -> float: ...
    @property
    def is_hate(self) -> bool: ...
    @property
    def spans(self) -> Sequence[HateSpeechSpanLike]: ...


class HateSpeechModel(Protocol):
    """What the pipeline needs of the classifier."""

    @property
    def version(self) -> str: ...

    def predict(self, text: str) -> HateSpeechResultLike:
        """Classify one text."""
        ...


def load_hate_speech() -> HateSpeechModel | None:
    """The packaged classifier, or None while its module or trained model is not there."""
    try:
        from processors.detection.hate_speech import HateSpeechClassifier
    except ImportError:
        return None
    try:
        return HateSpeechClassifier.load()
    except (OSError, ValueError, KeyError):
        return None
