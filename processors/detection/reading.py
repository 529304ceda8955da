"""One text as the detectors see it: normalised tokens, cues, candidate mentions, clauses."""

from dataclasses import dataclass, field
from itertools import accumulate

from processors.detection.targets import STRONG, Target
from processors.text import NormalisedText

Span = tuple[int, int]
_SENTENCE_ENDS = frozenset(".!?")
_CLAUSE_ENDS = frozenset(".!?,;")
_NONE: list[Span] = []  # shared by every absent label: `spans` is read, never changed


@dataclass(frozen=True, slots=True)
class Mention:
    """Tokens [start, end) that point at candidate pairs; `kind` says how (name, number...)."""

    start: int
    end: int
    kind: str
    targets: tuple[Target, ...]

    @property
    def strong(self) -> bool:
        """Full names, non-word aliases, hashtags and accounts identify a pair on their own."""
        return self.kind in STRONG


@dataclass(slots=True)
class Reading:
    """Everything the category rules look at for one text."""

    text: NormalisedText
    cues: dict[str, list[Span]]
    mentions: list[Mention]
    sentence: list[int] = field(default_factory=list)
    clause: list[int] = field(default_factory=list)
    questions: set[int] = field(default_factory=set)  # sentences that end with "?"

    def __post_init__(self) -> None:
        words = self.text.words
        # A token's clause (sentence) is the number of clause (sentence) ends before it.
        self.clause = list(accumulate(map(_CLAUSE_ENDS.__contains__, words), initial=0))
        self.clause.pop()
        self.sentence = list(accumulate(map(_SENTENCE_ENDS.__contains__, words), initial=0))
        self.sentence.pop()
        if "?" in words:
            sentence = self.sentence
            self.questions = {sentence[i] for i, word in enumerate(words) if word == "?"}

    def has(self, label: str) -> bool:
        """Whether any cue of `label` occurs."""
        return bool(self.cues.get(label))

    def spans(self, label: str) -> list[Span]:
        """Every cue of `label`, in order (do not change the list)."""
        return self.cues.get(label, _NONE)

    def before(self, label: str, index: int, window: int) -> Span | None:
        """The closest `label` cue ending at most `window` tokens before `index`, same clause."""
        best = None
        for start, end in self.spans(label):
            if index - window <= end <= index and self.same_clause(start, index):
                best = (start, end) if best is None or end > best[1] else best
        return best

    def after(self, label: str, index: int, window: int) -> Span | None:
        """The closest `label` cue starting at most `window` tokens after `index`, same clause."""
        for start, end in self.spans(label):
            if index <= start <= index + window and self.same_clause(index - 1, start):
                return (start, end)
        return None

    def in_sentence(self, label: str, index: int) -> list[Span]:
        """The `label` cues in the sentence of token `index`."""
        sentence = self.sentence[index]
        return [s for s in self.spans(label) if self.sentence[s[0]] == sentence]

    def same_clause(self, first: int, second: int) -> bool:
        """Whether tokens `first` and `second` are in one clause (between , ; . ! ?)."""
        size = len(self.clause)
        if not (0 <= first < size and 0 <= second < size):
            return False
        return self.clause[first] == self.clause[second]
