"""Blocking: the few registry names worth scoring for a query, found through keys, not a scan.

A query name finds names by its exact, core and space-free forms, by every pair of its tokens
(each token also through its one-letter spelling variants), and, for mononyms, by single tokens.
The candidates are then scored with rapidfuzz, so the blocking only has to not lose the best.
"""

from collections.abc import Iterable
from itertools import combinations, product

import numpy as np
from rapidfuzz import fuzz, process

from processors.matching.columns import key_hash, key_hashes
from processors.matching.index import RegistryIndex, deletions, pair_key
from processors.matching.names import PARTICLES, canonical_token, core_name, token_sorted

PAIR_LIMIT = 200
VARIANT_PAIR_LIMIT = 20
PARTICLE_PAIR_LIMIT = 60
TOKEN_LIMIT = 150
VARIANT_TOKEN_LIMIT = 20
MAX_QUERY_TOKENS = 5
SUBSET_PENALTY = 10.0
SHARING_CHECK_FROM = 500  # names in a block: below it, reading the postings costs more than it saves
VARIANT_CACHE_SIZE = 200_000
CANDIDATE_CACHE_SIZE = 50_000
KEEP_PER_QUERY = 64
SHORT_PARTICLES = ("ni", "i")  # Balinese particles shorter than a segment's shortest word
SETTINGS = (
    f"pairs={PAIR_LIMIT}/{VARIANT_PAIR_LIMIT}/{PARTICLE_PAIR_LIMIT};tokens={TOKEN_LIMIT}/"
    f"{VARIANT_TOKEN_LIMIT};subset={SUBSET_PENALTY};keep={KEEP_PER_QUERY};"
    f"short-particles={','.join(SHORT_PARTICLES)}"
)


def _variant_tokens(index: RegistryIndex, token: str) -> dict[str, int]:
    """Registry tokens within about two edits of a query token, with their ids (cached)."""
    cache = index.variant_cache
    found = cache.get(token)
    if found is None:
        keys = key_hashes([token, *sorted(deletions(token))])
        ids = set(index.maps["token.variant"].get_many(keys, limit=None).tolist())
        found = {index.tokens[i]: i for i in sorted(ids)}
        if len(cache) >= VARIANT_CACHE_SIZE:
            cache.clear()
        cache[token] = found
    return found


def candidate_names(index: RegistryIndex, query: str) -> np.ndarray:
    """Name ids worth scoring against one normalised query name (cached per index)."""
    cache = index.candidate_cache
    found = cache.get(query)
    if found is None:
        if len(cache) >= CANDIDATE_CACHE_SIZE:
            cache.clear()
        found = cache[query] = _candidate_names(index, query)
    return found


def _candidate_names(index: RegistryIndex, query: str) -> np.ndarray:
    maps = index.maps
    keys = np.array(
        [key_hash(query), key_hash(core_name(query)), key_hash(query.replace(" ", ""))],
        dtype=np.uint64,
    )
    found = [
        maps["name.exact"].get_many(keys[:1], limit=None),
        maps["name.core"].get_many(keys[:2], limit=PAIR_LIMIT),
        maps["name.squash"].get_many(keys[2:], limit=None),
    ]
    tokens = sorted(set(query.split()), key=len, reverse=True)[:MAX_QUERY_TOKENS]
    variants = {token: _variant_tokens(index, token) for token in tokens}
    exact_pairs = any(
        first in variants[first] and second in variants[second]
        and first not in PARTICLES and second not in PARTICLES
        for first, second in combinations(tokens, 2)
    )
    # When the query's own words are registry words, a spelling variant is a long shot;
    # so is a Balinese birth-order word or Andi paired with a name (the core finds those).
    variant_limit = VARIANT_PAIR_LIMIT if exact_pairs else PAIR_LIMIT
    for first, second in combinations(tokens, 2):
        found.append(_pair_names(index, first, second, variants, variant_limit))
    if len(tokens) == 1:
        # Token postings list the shortest names first: mononyms, then two-word names.
        token = tokens[0]
        for words, limit in (
            ([word for word in variants[token] if word == token], TOKEN_LIMIT),
            ([word for word in variants[token] if word != token], VARIANT_TOKEN_LIMIT),
        ):
            ids = np.array(sorted(variants[token][word] for word in words), dtype=np.uint64)
            found.append(maps["token.names"].get_many(ids, limit=limit))
    else:
        # A mononym registry name may be any one word of a longer display name.
        found.extend(_mononyms(index, token, variants[token]) for token in tokens)
    return np.unique(np.concatenate(found))


def _pair_names(
    index: RegistryIndex, first: str, second: str, variants: dict[str, dict[str, int]],
    variant_limit: int,
) -> np.ndarray:
    """The names filed under a pair of query words, or under pairs of their spelling variants
    (cached per pair: the queries of one profile share their words).

    A pair that is also another pair's exact pair is looked up with both limits; the longer
    prefix wins, as when each key is looked up once with the larger limit.
    """
    cache = index.pair_cache
    key = (min(first, second), max(first, second), variant_limit)
    found = cache.get(key)
    if found is not None:
        return found
    pair = index.maps["pair"]
    parts = [np.empty(0, dtype=np.int32)]
    particles = (first in PARTICLES) + (second in PARTICLES)
    if particles < 2:  # "i kadek", "andi muhammad": shared by too many to find anyone
        if first in variants[first] and second in variants[second]:
            limit = PARTICLE_PAIR_LIMIT if particles else PAIR_LIMIT
            parts.append(pair.get_many(key_hashes([pair_key(first, second)]), limit=limit))
        if not particles:
            keys = {pair_key(a, b) for a, b in product(variants[first], variants[second]) if a != b}
            if keys:
                parts.append(pair.get_many(key_hashes(sorted(keys)), limit=variant_limit))
    found = np.concatenate(parts)
    if len(cache) >= CANDIDATE_CACHE_SIZE:
        cache.clear()
    cache[key] = found
    return found


def _mononyms(index: RegistryIndex, token: str, variants: dict[str, int]) -> np.ndarray:
    """The one-word registry names that are a query word or one of its spelling variants."""
    cache = index.mononym_cache
    found = cache.get(token)
    if found is None:
        found = index.maps["name.exact"].get_many(key_hashes(variants), limit=None)
        if len(cache) >= CANDIDATE_CACHE_SIZE:
            cache.clear()
        cache[token] = found
    return found


def segment(index: RegistryIndex, glued: str, parts: int = 3) -> str | None:
    """A glued handle split into two (or up to `parts`) registry tokens, each in its canonical
    spelling (`monicahasna` -> `monica hasna`, `mohamadjayadi` -> `muhammad jayadi`)."""
    if " " in glued or len(glued) < 6 or parts < 2:
        return None
    cuts = range(3, len(glued) - 2)
    lefts = [canonical_token(glued[:i]) for i in cuts]
    rights = [canonical_token(glued[i:]) for i in cuts]
    starts, ends = index.maps["token.variant"].ranges(key_hashes(lefts + rights))
    present = ends > starts
    for k, i in enumerate(cuts):
        if not (present[k] and _known(index, lefts[k])):
            continue
        if present[len(lefts) + k] and _known(index, rights[k]):
            return f"{lefts[k]} {rights[k]}"
        rest = segment(index, glued[i:], parts - 1)
        if rest:
            return f"{lefts[k]} {rest}"
    return _after_short_particle(index, glued, parts)


def _after_short_particle(index: RegistryIndex, glued: str, parts: int) -> str | None:
    """A glued handle that starts with a Balinese particle shorter than a cut, split after it
    when nothing else splits it (`nikadek` -> `ni kadek`, `iputuartawan` -> `i putu artawan`)."""
    for particle in SHORT_PARTICLES:
        rest = glued[len(particle) :]
        if not glued.startswith(particle) or len(rest) < 3:
            continue
        word = canonical_token(rest)
        if _known(index, word):
            return f"{particle} {word}"
        split = segment(index, rest, parts - 1)
        if split:
            return f"{particle} {split}"
    return None


def _known(index: RegistryIndex, token: str) -> bool:
    """Whether the token itself (not only a spelling variant) is in the registry's names."""
    ids = index.maps["token.variant"].get(key_hash(token))
    return any(index.tokens[int(i)] == token for i in ids)


def expand_queries(index: RegistryIndex, queries: dict[str, str]) -> dict[str, str]:
    """The profile's name queries plus glued handles split into registry tokens."""
    expanded = dict(queries)
    for query, shown in queries.items():
        split = segment(index, query)
        if split:
            expanded.setdefault(split, shown)
    return expanded


def _sharing_a_word(index: RegistryIndex, query: str, ids: np.ndarray) -> np.ndarray | None:
    """Positions of the names (ascending ids) that share a word with the query or repeat a word
    of their own, or None for all of them: for any other name, token_set_ratio is
    token_sort_ratio, which the subset score (less SUBSET_PENALTY) cannot beat. Read from the
    token postings, sorted by name id; not for a small block (scoring all of it is cheaper)."""
    words = query.split()
    if len(ids) < SHARING_CHECK_FROM or len(set(words)) < len(words):
        return None
    sharing = index.name_repeats[ids]
    postings = index.maps["token.names"]
    word_ids = [found for word in words if (found := _variant_tokens(index, word).get(word)) is not None]
    starts, ends = postings.ranges(np.array(word_ids, dtype=np.uint64))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        posting = postings.values[start:end]
        if len(posting):
            sharing = sharing | (posting[np.minimum(posting.searchsorted(ids), len(posting) - 1)] == ids)
    return np.flatnonzero(sharing)


def best_names(index: RegistryIndex, queries: Iterable[str], cutoff: float) -> dict[int, float]:
    """Name id -> blocking score against the best query, for names scoring at least `cutoff`,
    best first.

    The score is token_sort_ratio (a plain ratio of the token-sorted forms the index stores),
    or for a query of two or more words token_set_ratio less SUBSET_PENALTY when the query is
    part of a longer name (`andi jumadi` in `andi jumadi kurniawan`; word order does not change
    it). Ties are broken by the sum of every query's score.
    """
    found_ids: list[np.ndarray] = []
    found_scores: list[np.ndarray] = []
    candidates = [(query, ids) for query in queries if len(ids := candidate_names(index, query))]
    if len(candidates) > 1:
        # The queries of one profile share most of their candidates: decode each name once.
        every = np.unique(np.concatenate([ids for _, ids in candidates]))
        decoded = index.sorted_names.many(every)
    for query, ids in candidates:
        if len(candidates) > 1:
            choices = [decoded[at] for at in np.searchsorted(every, ids).tolist()]
        else:
            choices = index.sorted_names.many(ids)
        # Scores under the cutoff come back as 0 (rapidfuzz stops early on them): only the
        # names at or above it are kept, with the same scores.
        scores = process.cdist(
            [token_sorted(query)], choices, scorer=fuzz.ratio, score_cutoff=cutoff
        )[0]
        if " " in query:
            sharing = _sharing_a_word(index, query, ids)
            subset = choices if sharing is None else [choices[at] for at in sharing.tolist()]
            part = process.cdist([query], subset, scorer=fuzz.token_set_ratio,
                                 score_cutoff=cutoff + SUBSET_PENALTY)[0]
            if sharing is None:
                scores = np.maximum(scores, part - SUBSET_PENALTY)
            else:
                scores[sharing] = np.maximum(scores[sharing], part - SUBSET_PENALTY)
        kept = np.flatnonzero(scores >= cutoff)
        if len(kept) > KEEP_PER_QUERY:
            kept = kept[np.argpartition(-scores[kept], KEEP_PER_QUERY)[:KEEP_PER_QUERY]]
        found_ids.append(ids[kept].astype(np.int64))
        found_scores.append(scores[kept].astype(np.float64))
    if not found_ids:
        return {}
    all_ids, all_scores = np.concatenate(found_ids), np.concatenate(found_scores)
    unique, at = np.unique(all_ids, return_inverse=True)
    best = np.zeros(len(unique))
    support = np.zeros(len(unique))
    np.maximum.at(best, at, all_scores)
    np.add.at(support, at, all_scores)  # in query order, as a running sum would add them
    ranked = np.lexsort((unique, -support, -best))
    return dict(zip(unique[ranked].tolist(), best[ranked].tolist(), strict=True))
