"""SARA rules: hate against a group (religion, ethnicity/race, gender, disability) shown by words.

A group term flags with a hateful predicate (derogation, dehumanisation, exclusion from office
or place, violence) a few words away in the same sentence; a slur flags on its own. Insults of
a person are found too: they are what lets the learned classifier's flag stand. A sentence
that reports or condemns hate ("ujaran kebencian", "ditangkap") flags nothing.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from processors.detection.lexicon import Lexicon, load_lexicon

GROUPS = ("religion", "race_ethnicity", "gender", "disability")
PREDICATES = ("derogation", "dehumanisation", "exclusion", "violence")
INSULT = "insult"
SLUR = "sara:slur"
REPORTING = "reporting"
WINDOW = 8  # at most this many words between a group term and what is said of it
MAX_PHRASE = 4
_SUFFIXES = ("nya", "lah", "kah", "mu")
_SENTENCE_ENDS = (".", "!", "?", "\n", "\\n")


# A token of the original text: [start, end) and the normalised words it stands for.
TokenSpan = tuple[int, int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SaraMatch:
    """Characters [start, end) of the original text, the rule that saw them, and who is targeted."""

    start: int
    end: int
    rule: str
    kind: str  # "group" | "individual"
    group: str | None


@dataclass(frozen=True, slots=True)
class _Hit:
    """A lexicon phrase found at words [first, last) of sentence `sentence`."""

    label: str
    first: int
    last: int
    start: int
    end: int
    sentence: int


class SaraRules:
    """The SARA lexicon compiled for phrase lookup; `version` is the lexicon's."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        lexicon = lexicon or load_lexicon("sara")
        self.version = lexicon.version
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for label, phrases in lexicon.groups.items():
            for phrase in phrases:
                words = tuple(phrase.lower().split())
                self._phrases.setdefault(words[0], []).append((words[1:], label))
        self.words = frozenset(w for phrases in lexicon.groups.values() for p in phrases
                               for w in p.lower().split())

    def find(self, text: str, tokens: Sequence[TokenSpan]) -> tuple[list[SaraMatch], list[SaraMatch]]:
        """Group hate matches and insult words of one text, in text order."""
        hits = self._hits(text, tokens)
        reporting = {h.sentence for h in hits if h.label == REPORTING}
        kept = [h for h in hits if h.sentence not in reporting]
        insults = [SaraMatch(h.start, h.end, "insult", "individual", None)
                   for h in kept if h.label == INSULT]
        return _group_matches(kept), insults

    def _hits(self, text: str, tokens: Sequence[TokenSpan]) -> list[_Hit]:
        """Every lexicon phrase at every word position (longest first at each position)."""
        flat: list[tuple[str, int, int, int]] = []  # word, start, end, sentence
        sentence, previous_end = 0, 0
        for start, end, words in tokens:
            gap = text[previous_end:start]
            if flat and any(mark in gap for mark in _SENTENCE_ENDS):
                sentence += 1
            previous_end = end
            flat += [(word, start, end, sentence) for word in words]
        hits = []
        for i, (word, start, _, sentence) in enumerate(flat):
            for form in _forms(word):
                for rest, label in self._phrases.get(form, ()):
                    last = i + 1 + len(rest)
                    if last <= len(flat) and all(
                        rest[k] in _forms(flat[i + 1 + k][0]) for k in range(len(rest))
                    ) and flat[last - 1][3] == sentence:
                        hits.append(_Hit(label, i, last, start, flat[last - 1][2], sentence))
        return hits


def _group_matches(hits: list[_Hit]) -> list[SaraMatch]:
    """Slurs, and each group term paired with the nearest predicate in its sentence."""
    matches = []
    predicates = [h for h in hits if h.label in PREDICATES]  # in word order
    firsts = [p.first for p in predicates]
    for hit in hits:
        kind, _, group = hit.label.partition(".")
        if kind == "slur":
            matches.append(SaraMatch(hit.start, hit.end, SLUR, "group", group))
        elif kind == "group":
            lo = bisect_left(firsts, hit.first - WINDOW - MAX_PHRASE)
            hi = bisect_right(firsts, hit.last + WINDOW)
            near = [p for p in predicates[lo:hi] if p.sentence == hit.sentence
                    and (hit.last <= p.first <= hit.last + WINDOW
                         or hit.first - WINDOW <= p.last <= hit.first)]
            if near:
                best = min(near, key=lambda p: abs(p.first - hit.first))
                matches.append(SaraMatch(min(hit.start, best.start), max(hit.end, best.end),
                                         f"sara:{best.label}", "group", group))
    return sorted(set(matches), key=lambda m: (m.start, m.end))


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, ...]:
    """The word, without a doubled letter (`gobloo`), and without a clitic (`anjingnya`)."""
    forms = [word]
    single = "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])
    if single != word:
        forms.append(single)
    forms += [word[: -len(s)] for s in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3]
    return tuple(forms)
