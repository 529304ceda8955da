"""Reads a text once for every detector: one spaCy pass, cues and candidate mentions."""

from collections.abc import Iterable

from netra.domain.elections import Election
from processors.detection.lexicon import Lexicon
from processors.detection.mentions import find_mentions
from processors.detection.nlp import CUES, TARGETS, build_nlp, normalised_of
from processors.detection.reading import Reading, group_cues
from processors.detection.targets import TargetIndex, build_targets
from processors.text import Normaliser


class Analyser:
    """Built once per election configuration: one PhraseMatcher for all elections' phrases."""

    def __init__(self, elections: tuple[Election, ...], lexicons: Iterable[Lexicon]) -> None:
        lexicons = tuple(lexicons)
        base = Normaliser()
        self.targets: TargetIndex = build_targets(elections, base)
        words = self.targets.vocabulary | {
            word for lexicon in lexicons for phrases in lexicon.groups.values()
            for phrase in phrases for word in base(phrase).words
        }
        self.normalise = Normaliser(words)
        cues = [
            (f"{lexicon.name}.{group}", [self.normalise(p).words for p in phrases])
            for lexicon in lexicons for group, phrases in lexicon.groups.items()
        ]
        targets = [(" ".join(words), [list(words)]) for words in self.targets.phrases]
        self.nlp = build_nlp(self.normalise, cues, targets)

    def read(self, text: str) -> Reading:
        """The reading of one text (a post's text or the text it shares)."""
        doc = self.nlp(text)
        normalised = normalised_of(doc)
        cues = group_cues(doc.user_data[CUES])
        mentions = find_mentions(normalised, doc.user_data[TARGETS], cues, self.targets)
        return Reading(normalised, cues, mentions)
