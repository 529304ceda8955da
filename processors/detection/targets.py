"""What the election configuration lets a post point at: candidates' names, aliases, parties..."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from netra.domain.accounts import normalise_handle
from netra.domain.elections import Candidate, Election
from processors.detection.lexicon import load_lexicon
from processors.text import Normaliser
from processors.text.lexicon import load_text_lexicon

_REGION_PREFIXES = ("kabupaten ", "kota ", "provinsi ", "kab. ", "kab ")


class TargetKind(StrEnum):
    """How a phrase points at a candidate pair; the kinds differ in how much they prove."""

    NAME = "name"
    NAME_PART = "name_part"
    ALIAS = "alias"
    ALIAS_WORD = "alias_word"
    ALIAS_MARKED = "alias_marked"  # a word alias in capitals or as a hashtag: SURYA, #surya
    PARTY = "party"
    SLOGAN = "slogan"
    HASHTAG = "hashtag"
    TAGLINE = "tagline"  # a configured hashtag without the pair's name: may be a region's motto
    ACCOUNT = "account"
    REGION = "region"
    BALLOT = "ballot"  # a ballot number of any election that has it (election left empty)


_ORDER = (TargetKind.NAME, TargetKind.ALIAS, TargetKind.PARTY, TargetKind.SLOGAN,
          TargetKind.ALIAS_WORD, TargetKind.NAME_PART, TargetKind.REGION)
# Phrases that name a person: hate-speech detection leaves their words out (processors/detection/masking.py).
_PERSON = frozenset((TargetKind.NAME, TargetKind.NAME_PART, TargetKind.ALIAS, TargetKind.ALIAS_WORD))
STRONG = frozenset(k.value for k in (TargetKind.NAME, TargetKind.ALIAS, TargetKind.HASHTAG,
                                     TargetKind.ACCOUNT))


@dataclass(frozen=True, slots=True)
class Target:
    """One candidate pair (or, for a region, one election) that a phrase points at."""

    kind: TargetKind
    election: str
    number: int | None


@dataclass(slots=True)
class TargetIndex:
    """Lookup tables built once per election configuration."""

    phrases: dict[tuple[str, ...], list[Target]] = field(default_factory=lambda: defaultdict(list))
    hashtags: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    accounts: dict[tuple[str, str], list[Target]] = field(default_factory=lambda: defaultdict(list))
    handles: dict[str, list[Target]] = field(default_factory=lambda: defaultdict(list))
    numbers: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    labelled: dict[str, tuple[tuple[Target, ...], str]] = field(default_factory=dict)
    version: str = ""

    def ballot(self, number: int) -> tuple[Target, ...]:
        """The one wildcard target of a ballot number, or none when no election has it."""
        return (Target(TargetKind.BALLOT, "", number),) if number in self.numbers else ()

    @property
    def vocabulary(self) -> set[str]:
        """Every word of every phrase, for hashtag segmentation."""
        return {word for phrase in self.phrases for word in phrase}


def person_words(index: TargetIndex) -> frozenset[str]:
    """Every word of a candidate's name or alias, and every candidate hashtag (without `#`)."""
    words = {word for phrase, targets in index.phrases.items()
             if any(t.kind in _PERSON for t in targets) for word in phrase}
    return frozenset(words | set(index.hashtags))


def build_targets(elections: tuple[Election, ...], normalise: Normaliser) -> TargetIndex:
    """Index every candidate marker of every election; phrases are normalised like post text."""
    index = TargetIndex()
    names = load_lexicon("names").groups
    ordinary = load_text_lexicon().vocabulary | frozenset(names["common_part"])
    titles = frozenset(names["title"])
    for election in elections:
        for phrase in _region_phrases(election.region):
            _add(index, normalise, phrase, Target(TargetKind.REGION, election.id, None))
        for candidate in election.candidates:
            _index_candidate(index, normalise, election.id, candidate, ordinary, titles)
    index.labelled = {
        " ".join(words): (tuple(found), _most_telling(found)) for words, found in index.phrases.items()
    }
    digest = hashlib.sha256(repr(elections).encode()).hexdigest()[:12]
    index.version = f"elections-{len(elections)}-{digest}"
    return index


def _index_candidate(
    index: TargetIndex, normalise: Normaliser, election: str, candidate: Candidate,
    ordinary: frozenset[str], titles: frozenset[str],
) -> None:
    def target(kind: TargetKind) -> Target:
        return Target(kind, election, candidate.number)

    index.numbers[candidate.number].add(election)
    for name in candidate.names:
        words = _name_words(name, titles)
        if len(words) > 1:
            _add(index, normalise, " ".join(words), target(TargetKind.NAME))
        for word in words:
            if len(word) > 2 and word not in ordinary:
                _add(index, normalise, word, target(TargetKind.NAME_PART))
    for alias in candidate.aliases:
        # One-word aliases (SURYA, AMAN) are often ordinary words: weak unless written marked.
        single = len(normalise(alias).words) == 1
        _add(index, normalise, alias, target(TargetKind.ALIAS_WORD if single else TargetKind.ALIAS))
    for party in candidate.parties:
        _add(index, normalise, party, target(TargetKind.PARTY))
    for slogan in candidate.slogans:
        _add(index, normalise, slogan, target(TargetKind.SLOGAN))
    own = {w for name in candidate.names for w in _name_words(name, titles) if len(w) > 3}
    own |= {w for alias in candidate.aliases for w in normalise(alias).words if len(w) > 3}
    for hashtag in candidate.hashtags:
        key = hashtag.lstrip("#").casefold()
        named = any(word in key for word in own)
        index.hashtags[key].append(target(TargetKind.HASHTAG if named else TargetKind.TAGLINE))
    for platform, handle in candidate.accounts:
        index.accounts[(platform, normalise_handle(handle))].append(target(TargetKind.ACCOUNT))
        index.handles[normalise_handle(handle)].append(target(TargetKind.ACCOUNT))


def _most_telling(targets: list[Target]) -> str:
    """The kind that proves most among a phrase's targets (a name beats a name part)."""
    kinds = {t.kind for t in targets}
    return next(kind.value for kind in _ORDER if kind in kinds)


def _add(index: TargetIndex, normalise: Normaliser, phrase: str, target: Target) -> None:
    words = tuple(normalise(phrase).words)
    if words and target not in index.phrases[words]:
        index.phrases[words].append(target)


def _name_words(name: str, titles: frozenset[str]) -> list[str]:
    """`Dr. H. Sutopo Hadi, S.H.` -> [sutopo, hadi]: no titles, no degrees after the comma."""
    head = name.split(",")[0]
    words = []
    for raw in head.replace(".", ". ").split():
        word = raw.strip(".").lower()
        if word and not raw.endswith(".") and word not in titles:
            words.append(word)
    return words


def _region_phrases(region: str) -> list[str]:
    """`Kabupaten Kaliurang Raya` -> itself and `Kaliurang Raya`."""
    lowered = region.strip()
    for prefix in _REGION_PREFIXES:
        if lowered.lower().startswith(prefix):
            return [lowered, lowered[len(prefix):]]
    return [lowered]
