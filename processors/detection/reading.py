"""One text as the detectors see it: normalised tokens, cues, candidate mentions, clauses."""

from dataclasses import dataclass, field
from itertools import accumulate

from processors.detection.targets import STRONG, Target
from processors.text import NormalisedText, TokenKind

Span = tuple[int, int]
_SENTENCE_ENDS = frozenset(".!?")
_QUOTE_MARKS = frozenset('"“”«»')
# Cues that make `X:` a topic or the author's own voice (`Pilkada Jakarta:`, `Saya:`), no speaker.
_NOT_SPEAKERS = ("context.election", "context.first_person", "context.hortative")
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
    quoted: list[bool] = field(default_factory=list)  # token is someone else's words
    # Spans of each label by end, start and sentence, so each look-up costs its window only.
    _ends: dict[str, dict[int, list[Span]]] = field(default_factory=dict)
    _starts: dict[str, dict[int, list[Span]]] = field(default_factory=dict)
    _sentences: dict[str, dict[int, list[Span]]] = field(default_factory=dict)

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
        self.quoted = [False] * len(words)
        if ":" in words or not _QUOTE_MARKS.isdisjoint(words):
            self._mark_quotes()

    def _mark_quotes(self) -> None:
        """Tokens between quotation marks, and after a speaker's colon at a sentence's start
        (`Habib Rizieq: Pilih Djarot!`: one to three capitalised words that are no topic, no
        pair and not the author; at the text's start, a headline: quoted to its end)."""
        words, quoted = self.text.words, self.quoted
        opened: int | None = None
        for i, word in enumerate(words):
            if word in _QUOTE_MARKS:
                if opened is None:
                    opened = i
                else:
                    quoted[opened:i + 1] = [True] * (i + 1 - opened)
                    opened = None
        if opened is not None:
            quoted[opened:] = [True] * (len(words) - opened)
        mentioned = {i for m in self.mentions for i in range(m.start, m.end)}
        voiced = {i for label in _NOT_SPEAKERS for s, e in self.spans(label) for i in range(s, e)}
        sentence, tokens = self.sentence, self.text.tokens
        first_of: dict[int, int] = {}
        for i, number in enumerate(sentence):
            first_of.setdefault(number, i)
        for i, word in enumerate(words):
            start = first_of[sentence[i]]
            speaker = range(start, i)
            if (word != ":" or not 1 <= i - start <= 3
                    or any(tokens[j].kind is not TokenKind.WORD
                           or not self.text.source(j, j + 1)[:1].isupper() for j in speaker)
                    or not mentioned.isdisjoint(speaker) or not voiced.isdisjoint(speaker)):
                continue
            last = len(words) if start == 0 else next(
                (j for j in range(i, len(words)) if sentence[j] != sentence[i]), len(words))
            quoted[i:last] = [True] * (last - i)

    def _index(self, label: str) -> None:
        ends: dict[int, list[Span]] = {}
        starts: dict[int, list[Span]] = {}
        sentences: dict[int, list[Span]] = {}
        for span in self.spans(label):
            ends.setdefault(span[1], []).append(span)
            starts.setdefault(span[0], []).append(span)
            sentences.setdefault(self.sentence[span[0]], []).append(span)
        self._ends[label], self._starts[label] = ends, starts
        self._sentences[label] = sentences

    def ending(self, label: str, first: int, last: int) -> list[Span]:
        """The `label` cues that end at a token index in [first, last], in order of end."""
        if label not in self._ends:
            self._index(label)
        ends = self._ends[label]
        return [s for end in range(max(first, 0), last + 1) for s in ends.get(end, ())]

    def starting(self, label: str, first: int, last: int) -> list[Span]:
        """The `label` cues that start at a token index in [first, last], in order of start."""
        if label not in self._starts:
            self._index(label)
        starts = self._starts[label]
        return [s for start in range(max(first, 0), last + 1) for s in starts.get(start, ())]

    def has(self, label: str) -> bool:
        """Whether any cue of `label` occurs."""
        return bool(self.cues.get(label))

    def spans(self, label: str) -> list[Span]:
        """Every cue of `label`, in order (do not change the list)."""
        return self.cues.get(label, _NONE)

    def before(self, label: str, index: int, window: int) -> Span | None:
        """The closest `label` cue ending at most `window` tokens before `index`, same clause."""
        best = None
        for start, end in self.ending(label, index - window, index):
            if self.same_clause(start, index) and (best is None or end > best[1]):
                best = (start, end)
        return best

    def after(self, label: str, index: int, window: int) -> Span | None:
        """The closest `label` cue starting at most `window` tokens after `index`, same clause."""
        for start, end in self.starting(label, index, index + window):
            if self.same_clause(index - 1, start):
                return (start, end)
        return None

    def in_sentence(self, label: str, index: int) -> list[Span]:
        """The `label` cues in the sentence of token `index`."""
        return self.in_sentence_number(label, self.sentence[index])

    def in_sentence_number(self, label: str, sentence: int) -> list[Span]:
        """The `label` cues in sentence number `sentence`."""
        if label not in self._sentences:
            self._index(label)
        return self._sentences[label].get(sentence, _NONE)

    def same_clause(self, first: int, second: int) -> bool:
        """Whether tokens `first` and `second` are in one clause (between , ; . ! ?)."""
        size = len(self.clause)
        if not (0 <= first < size and 0 <= second < size):
            return False
        return self.clause[first] == self.clause[second]
