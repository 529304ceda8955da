"""Reads a text once for every detector: one spaCy pass, cues and candidate mentions.

Texts without a single anchor word (a word no rule can fire without) skip the spaCy pass.
"""

from collections.abc import Iterable, Sequence
from typing import cast

from spacy.lang.id.stop_words import STOP_WORDS

from netra.domain.elections import Election
from processors.detection.lexicon import Lexicon
from processors.detection.mentions import ZERO_PADDED, find_mentions
from processors.detection.nlp import CUES, TARGETS, NetraTokenizer, build_nlp
from processors.detection.reading import Reading
from processors.detection.rules import ANCHOR_GROUPS
from processors.detection.targets import TargetIndex, build_targets
from processors.text import NormalisedText, Normaliser, TokenKind


class Analyser:
    """Built once per election configuration: one PhraseMatcher for all elections' phrases."""

    def __init__(self, elections: tuple[Election, ...], lexicons: Iterable[Lexicon]) -> None:
        lexicons = tuple(lexicons)
        known = {f"{lexicon.name}.{group}" for lexicon in lexicons for group in lexicon.groups}
        if missing := ANCHOR_GROUPS - known:
            raise ValueError(f"rules anchored on cue groups no lexicon has: {sorted(missing)}")
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
        self._tokenizer = cast(NetraTokenizer, self.nlp.tokenizer)
        self._components = [component for _, component in self.nlp.pipeline]
        self._anchors = _anchors(cues, self.targets, self.normalise)

    def read(self, text: str) -> Reading:
        """The reading of one text (a post's text or the text it shares)."""
        normalised = self.normalise(text)
        if self._anchors.isdisjoint(normalised.words) and not self._tags_a_pair(normalised):
            return Reading(normalised, {}, [])
        doc = self._tokenizer.doc_of(normalised)
        for component in self._components:
            doc = component(doc)
        cues = doc.user_data[CUES]
        mentions = find_mentions(normalised, doc.user_data[TARGETS], cues, self.targets)
        return Reading(normalised, cues, mentions)

    def _tags_a_pair(self, text: NormalisedText) -> bool:
        """A configured hashtag, whose camel-case split (`#AgusSilvy`: agus, silvy) holds no
        anchor word: the anchors know its one-word form only."""
        return "#" in text.original and any(
            token.kind is TokenKind.HASHTAG
            and text.original[token.start + 1:token.end].casefold() in self.targets.hashtags
            for token in text.tokens)


def _anchors(
    cues: list[tuple[str, list[tuple[str, ...]]]], targets: TargetIndex, normalise: Normaliser
) -> frozenset[str]:
    """One word of every phrase that can start a finding (the rule table's anchors and every
    candidate mention): its rarest, roughly (no stop word, then the longest)."""
    phrases: list[Sequence[str]] = [
        words for label, group in cues if label in ANCHOR_GROUPS for words in group]
    phrases += list(targets.phrases)
    phrases += [normalise(f"#{tag}").words for tag in targets.hashtags]
    anchors = {max(words, key=lambda w: (w not in STOP_WORDS, len(w))) for words in phrases if words}
    anchors |= {f"@{handle}" for handle in targets.handles} | ZERO_PADDED
    return frozenset(anchors)


