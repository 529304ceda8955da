"""The spaCy pipeline: blank `id` with the Netra tokenizer, a cue tagger and a target tagger."""

from collections.abc import Callable, Iterable, Sequence
from typing import cast

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from processors.text import NormalisedText, Normaliser

NORMALISED = "netra.normalised"
CUES = "netra_cues"
TARGETS = "netra_targets"


OTHER = "_"  # stands in the Doc for every word no phrase contains


class NetraTokenizer:
    """Tokenizes through the informal-Indonesian normaliser and keeps its offsets on the Doc.

    Words no phrase contains enter the Doc as `OTHER`, so the string store of a long-running
    worker does not grow with every new typo and hashtag; the matchers never look at them.
    """

    def __init__(self, vocab: Vocab, normalise: Normaliser) -> None:
        self.vocab = vocab
        self.normalise = normalise
        self.known: frozenset[str] | None = None

    def __call__(self, text: str) -> Doc:
        """A Doc of normalised words; `doc.user_data[NORMALISED]` maps them to the original."""
        return self.doc_of(self.normalise(text))

    def doc_of(self, normalised: NormalisedText) -> Doc:
        """The Doc of an already normalised text."""
        known = self.known
        words = [w if known is None or w in known else OTHER for w in normalised.words]
        doc = Doc(self.vocab, words=words, spaces=[True] * len(words))
        doc.user_data[NORMALISED] = normalised
        return doc


class PhraseTagger:
    """A pipeline component: one PhraseMatcher; matches stored as {label: [(start, end)...]}."""

    def __init__(self, vocab: Vocab, name: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(vocab, attr="ORTH")
        self.vocab = vocab
        self.labels: dict[int, str] = {}

    def add(self, label: str, phrases: Sequence[Sequence[str]]) -> None:
        """Tag every phrase (already normalised words) with `label`."""
        docs = [Doc(self.vocab, words=list(words)) for words in phrases if words]
        if docs:
            self.labels[self.vocab.strings.add(label)] = label
            self.matcher.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        """Store the matches, grouped by label in text order, under `doc.user_data[self.name]`."""
        labels = self.labels
        grouped: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in self.matcher(doc):
            label = labels[match_id]
            if label in grouped:
                grouped[label].append((start, end))
            else:
                grouped[label] = [(start, end)]
        for spans in grouped.values():
            spans.sort()
        doc.user_data[self.name] = grouped
        return doc


@spacy.registry.tokenizers("netra.normalising_tokenizer.v1")
def make_tokenizer() -> Callable[[Language], NetraTokenizer]:
    """Our tokenizer from the start, so spaCy never builds its 16k `id` exception table."""
    return lambda nlp: NetraTokenizer(nlp.vocab, Normaliser())


@Language.factory(CUES)
def make_cue_tagger(nlp: Language, name: str) -> PhraseTagger:
    """The cue tagger (lexicon phrases), filled after creation."""
    return PhraseTagger(nlp.vocab, name)


@Language.factory(TARGETS)
def make_target_tagger(nlp: Language, name: str) -> PhraseTagger:
    """The target tagger (election phrases), filled after creation."""
    return PhraseTagger(nlp.vocab, name)


def build_nlp(
    normalise: Normaliser,
    cues: Iterable[tuple[str, Sequence[Sequence[str]]]],
    targets: Iterable[tuple[str, Sequence[Sequence[str]]]],
) -> Language:
    """blank `id` + Netra tokenizer + cue and target taggers, each given its labelled phrases."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "netra.normalising_tokenizer.v1"}}}
    nlp = spacy.blank("id", config=config)
    tokenizer = NetraTokenizer(nlp.vocab, normalise)
    known: set[str] = set()
    for name, labelled in ((CUES, cues), (TARGETS, targets)):
        tagger = cast(PhraseTagger, nlp.add_pipe(name))
        for label, phrases in labelled:
            tagger.add(label, phrases)
            known.update(word for phrase in phrases for word in phrase)
    tokenizer.known = frozenset(known)
    nlp.tokenizer = tokenizer
    return nlp


def normalised_of(doc: Doc) -> NormalisedText:
    """The normalised text a Doc was made from."""
    return doc.user_data[NORMALISED]
