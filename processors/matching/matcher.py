"""The author matcher: a post's author against the registry, scored, explained and thresholded.

Each candidate entry gets log-odds `BIAS + sum(weight * value)` over `FEATURES`. Confidence is
that entry's share of the odds among all candidates and "someone not in the registry" (odds 1),
so entries that share a name and a cue split the confidence between them: a common name with
no corroborating cue can never be confident, however exact the name.
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from netra.domain.decision import CONFIDENT, AsnMatch
from netra.domain.post import Post
from netra.domain.problems import Problem
from netra.domain.registry import RegistryEntry, iter_registry
from processors.matching import blocking, unit_blocking
from processors.matching.blocking import best_names, expand_queries
from processors.matching.cues import NON_ASN_OCCUPATIONS
from processors.matching.facts import (
    FACTS_VERSION,
    AuthorFacts,
    AuthorFactsStore,
    facts_key,
    observe,
)
from processors.matching.features import (
    BIAS,
    FEATURES,
    HANDLE_OF_ANOTHER,
    REGION_MISMATCH,
    Comparison,
    Feature,
    FeatureResult,
    features_version,
    name_scores,
)
from processors.matching.index import JOB_BITS, EntryView, RegistryIndex, build_arrays
from processors.matching.indexfile import load_index
from processors.matching.judgements import JudgementStore, MemoryJudgements
from processors.matching.layers import Layer, LayeredRegistry
from processors.matching.places import contains_phrase
from processors.matching.profile import Profile, profile_of
from processors.matching.unit_blocking import fitting_names, unit_staff

VERSION = "asn-match/1"
BLOCK_CUTOFF = 60.0
RESCORE_LIMIT = 16
NAME_CUTOFF = 75.0
NAMES_LIMIT = 8
NAME_SPREAD = 15.0
ROWS_PER_NAME = 8
PLAIN_ROWS = 2
JOB_SAMPLE = 32
UNIT_NAMES_LIMIT = 4


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Candidate: worth showing a reviewer. Confident: a match (CONTRACTS.md: >= 0.8)."""

    candidate: float = 0.3
    confident: float = CONFIDENT


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate entry with every feature's result and its log-odds."""

    entry: EntryView
    logit: float
    results: tuple[tuple[Feature, FeatureResult], ...]

    def reasons(self) -> list[str]:
        """Feature details, strongest evidence first, each with its contribution to the log-odds
        in brackets (what the reviewer weighs: `[+4.0]` for, `[-5.0]` against)."""
        contributions = sorted(((f.weight * r.value, r.detail) for f, r in self.results),
                               key=lambda c: -abs(c[0]))
        return [f"{detail} [{contribution:+.1f}]" for contribution, detail in contributions if detail]


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every scored candidate, best first, with the confidence each would get."""

    scored: tuple[Scored, ...]
    confidences: tuple[float, ...]
    unscored_odds: float


class AsnMatcher:
    """Names the registry entry a post's author is (`processors.decide.AuthorMatcher`)."""

    def __init__(
        self,
        registry: RegistryIndex | LayeredRegistry,
        judgements: JudgementStore | None = None,
        thresholds: Thresholds = Thresholds(),
        features: tuple[Feature, ...] = FEATURES,
        bias: float = BIAS,
    ) -> None:
        self.registry = registry if isinstance(registry, LayeredRegistry) else LayeredRegistry(registry)
        self.judgements = judgements if judgements is not None else MemoryJudgements()
        self.thresholds = thresholds
        self.features = features
        self.bias = bias
        self._per_entry = tuple(feature for feature in features if not feature.profile_only)
        self._name_weight = next((f.weight for f in features if f.name == "name_similarity"), 0.0)
        self._region_weight = next((f.weight for f in features if f.name == "region_agrees"), 0.0)
        self._job_weight = next((f.weight for f in features if f.name == "occupation_agrees"), 0.0)
        self._handle_weight = next((f.weight for f in features if f.name == "handle_listed"), 0.0)
        settings = (f"{thresholds};{BLOCK_CUTOFF};{RESCORE_LIMIT};{NAME_CUTOFF};{NAMES_LIMIT};"
                    f"{NAME_SPREAD};{ROWS_PER_NAME};{PLAIN_ROWS};{JOB_SAMPLE};{blocking.SETTINGS};"
                    f"{UNIT_NAMES_LIMIT};{unit_blocking.SETTINGS}")
        self.version = f"{VERSION}+{features_version(features, bias, settings)}"
        build_id = self.registry.layers[0].index.header.get("build_id")
        if build_id:
            self.version += f"@{build_id}"

    @classmethod
    def from_csv(
        cls,
        path: Path,
        problems: list[Problem],
        judgements: JudgementStore | None = None,
        thresholds: Thresholds = Thresholds(),
    ) -> "AsnMatcher":
        """A matcher over a registry CSV indexed in memory (for `netra scan` and tests);
        malformed rows are reported in `problems` and skipped."""
        index = RegistryIndex(build_arrays(iter_registry(path, problems)))
        return cls(index, judgements, thresholds)

    @classmethod
    def from_index_file(
        cls,
        path: Path,
        judgements: JudgementStore | None = None,
        thresholds: Thresholds = Thresholds(),
        populate: bool = True,
    ) -> "AsnMatcher":
        """A matcher over an index file written by `processors.matching.write_index`; with
        `populate` the whole file is made resident at load (no page faults while matching).
        A long-running process then calls `processors.gc_policy.settle()` (the stage runner
        does), so no full garbage collection walks the index inside a match."""
        return cls(load_index(path, populate), judgements, thresholds)

    def match(self, post: Post) -> AsnMatch | None:
        """The best entry for the post's author, or None when none reaches the candidate cutoff."""
        return self.match_profile(profile_of(post))

    def match_author(
        self, post: Post, prior: dict[str, Any] | None
    ) -> tuple[AsnMatch | None, dict[str, Any]]:
        """The match with the account's earlier facts (`facts.py`), and the facts updated with
        this post, for the caller to keep. Pure: nothing is stored here."""
        facts = observe(AuthorFacts.from_dict(prior), post)
        return self.match_profile(profile_of(post, facts)), facts.to_dict()

    def match_profile(self, profile: Profile) -> AsnMatch | None:
        """The best entry for an author profile, or None below the candidate cutoff."""
        confirmed = self.judgements.confirmed(profile.keys)
        if confirmed is not None and self._find(confirmed.nip):
            by = f" by {confirmed.reviewer}" if confirmed.reviewer else ""
            return AsnMatch(
                nip=confirmed.nip,
                confidence=1.0,
                reasons=[f"reviewer confirmed {confirmed.author} is NIP {confirmed.nip}{by}"
                         f" ({confirmed.at})"],
            )
        ranking = self.rank(profile)
        if not ranking.scored or ranking.confidences[0] < self.thresholds.candidate:
            return None
        best = ranking.scored[0]
        confidence = ranking.confidences[0]
        reasons = best.reasons()
        if best.entry.name_count > 1:
            reasons.append(f"{best.entry.name_count} registry entries are named '{best.entry.name}'")
        if profile.earlier:
            reasons.append(f"read with what earlier posts of this account said (author facts"
                           f" v{FACTS_VERSION}): {'; '.join(profile.earlier)}")
        return AsnMatch(nip=best.entry.nip, confidence=round(confidence, 4), reasons=reasons)

    def rank(self, profile: Profile) -> Ranking:
        """Every candidate entry scored, best first (the review UI shows the runners-up too)."""
        rejected = self.judgements.rejected(profile.keys)
        scored: list[Scored] = []
        unscored = 0.0
        fixed: tuple[tuple[Feature, FeatureResult], ...] | None = None
        for layer in self.registry.layers:
            regions = _mentioned_regions(layer.index, profile.place_text)
            queries = expand_queries(layer.index, profile.name_queries)
            owners = (layer.visible(layer.index.rows_with_handle(profile.handle))
                      if profile.handle else np.empty(0, np.int32))
            rows, lumped = self._candidate_rows(layer, profile, queries, regions, owners)
            unscored += lumped
            for row in rows:
                entry = layer.index.view(int(row))
                if entry.nip in rejected:
                    continue
                comparison = Comparison(profile, entry, regions, queries, len(owners) > 0)
                if fixed is None:
                    fixed = tuple((f, f.func(comparison)) for f in self.features if f.profile_only)
                scored.append(self._score(comparison, fixed))
        if fixed:
            # Entries left unscored carry the profile's own evidence too (an office is an
            # office whoever it is compared with).
            unscored *= math.exp(sum(f.weight * r.value for f, r in fixed))
        scored.sort(key=lambda item: -item.logit)
        odds = [math.exp(min(item.logit, 50.0)) for item in scored]
        total = 1.0 + sum(odds) + unscored
        return Ranking(tuple(scored), tuple(o / total for o in odds), unscored)

    def _score(
        self, comparison: Comparison, fixed: tuple[tuple[Feature, FeatureResult], ...]
    ) -> Scored:
        """One entry's feature results (the profile-only ones given) and log-odds."""
        results = fixed + tuple((feature, feature.func(comparison)) for feature in self._per_entry)
        logit = self.bias + sum(feature.weight * result.value for feature, result in results)
        return Scored(comparison.entry, logit, results)

    def _candidate_rows(
        self, layer: Layer, profile: Profile, queries: dict[str, str], regions: frozenset[str],
        owners: np.ndarray,
    ) -> tuple[np.ndarray, float]:
        """Rows to score, and the summed odds of same-name rows left unscored.

        A name shared by many entries has its rows in a mentioned region or a unit sharing a
        word with the profile scored first; the rest count, unscored, with what is known of
        them from the index alone (name, region, occupation, and not owning a handle that is
        listed for another row), so they still dilute the confidence of the scored ones.
        """
        index = layer.index
        found = [owners]
        found += [index.rows_with_nip(nip) for nip in profile.nips]
        blocked = list(best_names(index, queries, BLOCK_CUTOFF))[:RESCORE_LIMIT]
        scores = name_scores(queries, [index.names[name_id] for name_id in blocked])
        rescored = zip(blocked, (score for score, _, _ in scores), strict=True)
        names = sorted(
            ((name_id, score) for name_id, score in rescored if score >= NAME_CUTOFF),
            key=lambda item: -item[1],
        )
        top = names[0][1] if names else 0.0
        chosen = [(name_id, score) for name_id, score in names[:NAMES_LIMIT] if score >= top - NAME_SPREAD]
        preferred = _Preference(index, profile.place_text, regions)
        if not chosen or len(chosen) < len(names):
            # Names alone did not settle who to score (none fit, or more fit than are
            # scored): the unit the profile names chooses among its staff.
            chosen += self._unit_names(index, profile, queries, preferred, {n for n, _ in chosen})
        said = _job_bits(profile)
        job_odds = math.exp(self._job_weight)
        unscored = 0.0
        for name_id, score in chosen:
            rows, in_region, preferred_count = preferred.order(name_id)
            keep = layer.visible_mask(rows)
            rows, in_region = rows[keep], in_region[keep]
            # Rows with nothing to prefer them look alike: a couple stand for all of them.
            take = len(rows) if len(rows) <= ROWS_PER_NAME else min(
                ROWS_PER_NAME, max(preferred_count, PLAIN_ROWS))
            found.append(rows[:take])
            if len(rows) > take:
                logit = self.bias + self._name_weight * max(-1.0, (score - 100.0) / 20.0)
                if len(owners):
                    logit += self._handle_weight * HANDLE_OF_ANOTHER
                inside = math.exp(self._region_weight) if regions else 1.0
                outside = math.exp(self._region_weight * REGION_MISMATCH) if regions else 1.0
                left, left_in = rows[take:], in_region[take:]
                odds_in = _job_odds(index, left[left_in], said, job_odds)
                odds_out = _job_odds(index, left[~left_in], said, job_odds)
                unscored += math.exp(logit) * (inside * odds_in + outside * odds_out)
        rows = layer.visible(np.unique(np.concatenate(found))) if found else np.empty(0, np.int32)
        return rows, unscored

    @staticmethod
    def _unit_names(
        index: RegistryIndex, profile: Profile, queries: dict[str, str], preferred: "_Preference",
        chosen: set[int],
    ) -> list[tuple[int, float]]:
        """Names of the staff of a unit the profile names that its names fit (`unit_blocking`),
        not already chosen, with their name scores, best first."""
        if not profile.place_text:
            return []
        staff = unit_staff(index, profile.place_text, profile.place_core, preferred.region_codes)
        # A display name says who it is; the handle read as a name speaks only without one
        # (`ni_made454` is any Ni Made, and not Ni Made Violet Sitompul's colleague).
        named = [query for query, shown in queries.items() if shown != f"@{profile.handle}"]
        found = [n for n in fitting_names(staff, named or list(queries)) if n not in chosen]
        scores = name_scores(queries, [index.names[name_id] for name_id in found])
        ranked = sorted(((n, s) for n, (s, _, _) in zip(found, scores, strict=True)
                         if s >= NAME_CUTOFF), key=lambda item: -item[1])
        return ranked[:UNIT_NAMES_LIMIT]

    def entry(self, nip: str) -> RegistryEntry | None:
        """The visible registry entry with this NIP (newest export first), or None."""
        if not (len(nip) == 18 and nip.isdigit()):
            return None
        for layer in reversed(self.registry.layers):
            rows = layer.visible(layer.index.rows_with_nip(nip))
            if len(rows):
                return layer.index.entry(int(rows[0]))
        return None

    def _find(self, nip: str) -> bool:
        """Whether a NIP is a visible registry entry."""
        return self.entry(nip) is not None


class FactsMatcher:
    """An `AsnMatcher` that reads and keeps each account's facts in a store: the
    `processors.decide.AuthorMatcher` for a pipeline that remembers authors."""

    def __init__(self, matcher: AsnMatcher, store: AuthorFactsStore) -> None:
        self.matcher = matcher
        self.store = store
        self.version = f"{matcher.version}+facts{FACTS_VERSION}"

    def match(self, post: Post) -> AsnMatch | None:
        """The match with the account's facts; the facts are saved only when the post taught
        something new (a store write per new fact, not per post)."""
        key = facts_key(post)
        prior = self.store.author_facts(key)
        found, facts = self.matcher.match_author(post, prior)
        if _learned(prior, facts):
            self.store.save_author_facts(key, facts)
        return found

    def entry(self, nip: str) -> RegistryEntry | None:
        """The registry entry with this NIP."""
        return self.matcher.entry(nip)


def _learned(prior: dict[str, Any] | None, facts: dict[str, Any]) -> bool:
    """The facts differ from the prior ones in more than the count of posts seen."""
    return {k: v for k, v in facts.items() if k != "posts"} != {
        k: v for k, v in (prior or {}).items() if k != "posts"}


class _Preference:
    """Orders a name's rows: in a mentioned region and in a unit sharing the most words with
    the profile first. Works on the name's contiguous region and unit code slices, so a name
    shared by thousands costs a binary search, not a gather over the registry."""

    def __init__(self, index: RegistryIndex, place_text: str, regions: frozenset[str]) -> None:
        self._index = index
        self._text = place_text
        self.region_codes = index.region_codes(regions) if regions else np.empty(0, np.int32)
        self._region_names = regions
        region_words = {word for region in regions for word in region.split()}
        self._words = set(place_text.split()) - region_words
        self._shared: dict[int, int] = {}
        self._shares: np.ndarray | None = None

    def order(self, name_id: int) -> tuple[np.ndarray, np.ndarray, int]:
        """The name's rows, best first (stable), which of them are in a mentioned region, and
        how many have anything (region, unit words) to prefer them."""
        rows = self._index.rows_of_name(name_id)
        in_region = np.zeros(len(rows), dtype=bool)
        if len(rows) <= ROWS_PER_NAME or not self._text:
            return rows, in_region, 0
        wilayah, unit = self._index.codes_of_name(name_id)
        for code in self.region_codes:
            in_region[np.searchsorted(wilayah, code) : np.searchsorted(wilayah, code, "right")] = True
        priority = np.zeros(len(rows), dtype=np.int64)
        if len(self.region_codes):
            # With a region named, only its rows can win: rank them by the words their unit
            # shares with the profile (a few dozen rows, word sets compared directly).
            within = np.flatnonzero(in_region)
            priority[within] = [1 + self._shared_words(code) for code in unit[within].tolist()]
        else:
            shared = self._unit_shares()
            if shared is not None:
                priority += shared[unit]
        # Preferred rows first, by priority (stable), then the rest in their stored order: the
        # order a stable argsort of all rows gives, sorting only the few preferred ones.
        preferred = np.flatnonzero(priority)
        order = np.concatenate((
            preferred[np.argsort(-priority[preferred], kind="stable")],
            np.flatnonzero(priority == 0),
        ))
        return rows[order], in_region[order], len(preferred)

    def _shared_words(self, unit_code: int) -> int:
        """How many words of one unit's name the profile uses, outside the named regions."""
        found = self._shared.get(unit_code)
        if found is None:
            words = set(self._index.norm["unit_kerja"][unit_code].split())
            found = self._shared[unit_code] = len(words & self._words)
        return found

    def _unit_shares(self) -> np.ndarray | None:
        """Words shared with the profile by unit code, for every unit (0 for most), or None
        when no unit shares any: one gather then ranks a name's rows, however many it has.
        The words of a named region are not counted (the region counts them already)."""
        if self._shares is None:
            text = f" {self._text} "
            for region in self._region_names:
                text = text.replace(f" {region} ", " ")
            units, shared = self._index.units_named_in(text.strip())
            self._shares = np.zeros(len(self._index.unit_offsets) - 1 if len(units) else 0,
                                    dtype=np.int16)
            self._shares[units] = shared
        return self._shares if len(self._shares) else None


def _job_odds(index: RegistryIndex, rows: np.ndarray, said: int, job_odds: float) -> float:
    """The summed occupation odds of unscored rows: `job_odds` for a row whose jabatan is an
    occupation the profile states, its inverse for another occupation, 1 otherwise. Over
    JOB_SAMPLE rows, a strided sample stands for all (a mononym has 18,000 rows, scattered
    over the index: gathering all of them costs milliseconds)."""
    if not said or not len(rows):
        return float(len(rows))
    sample = rows if len(rows) <= JOB_SAMPLE else rows[:: len(rows) // JOB_SAMPLE]
    jobs = index.job_masks[index.codes["jabatan"][sample]]
    each = np.where(jobs & said, job_odds, np.where(jobs != 0, 1.0 / job_odds, 1.0))
    return float(each.mean()) * len(rows)


def _job_bits(profile: Profile) -> int:
    """The occupations the profile states (civil-service ones), as the index's bit mask."""
    mask = 0
    for job in profile.occupations - NON_ASN_OCCUPATIONS:
        mask |= JOB_BITS[job]
    return mask


def _mentioned_regions(index: RegistryIndex, place_text: str) -> frozenset[str]:
    """The registry regions (bare names) that the profile's bio or location names.

    Only the longest: a profile naming "waringin utara" does not also name "waringin".
    """
    found = {
        region
        for word in set(place_text.split())
        for region in index.regions_by_word.get(word, ())
        if contains_phrase(place_text, region)
    }
    return frozenset(
        name for name in found
        if not any(other != name and contains_phrase(other, name) for other in found)
    )
