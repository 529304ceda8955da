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
from processors.matching.names import core_name

NAME_SCORER = fuzz.token_sort_ratio
PAIR_LIMIT = 400
TOKEN_LIMIT = 60
MAX_QUERY_TOKENS = 5


def _variant_tokens(index: RegistryIndex, token: str) -> dict[str, int]:
    """Registry tokens within about two edits of a query token, with their ids."""
    keys = key_hashes([token, *sorted(deletions(token))])
    ids = np.unique(index.maps["token.variant"].get_many(keys, limit=None))
    return {index.tokens[int(i)]: int(i) for i in ids}


def candidate_names(index: RegistryIndex, query: str) -> np.ndarray:
    """Name ids worth scoring against one normalised query name."""
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
    pair_keys = {
        pair_key(a, b)
        for first, second in combinations(tokens, 2)
        for a, b in product(variants[first], variants[second])
        if a != b
    }
    if pair_keys:
        found.append(maps["pair"].get_many(key_hashes(pair_keys), limit=PAIR_LIMIT))
    token_ids = sorted({i for found_ids in variants.values() for i in found_ids.values()})
    limit = PAIR_LIMIT if len(tokens) == 1 else TOKEN_LIMIT
    # Token postings list the shortest names first: mononyms, then two-word names.
    found.append(
        maps["token.names"].get_many(np.array(token_ids, dtype=np.uint64), limit=limit)
    )
    return np.unique(np.concatenate(found))


def best_names(index: RegistryIndex, queries: Iterable[str], cutoff: float) -> dict[int, float]:
    """Name id -> best token_sort_ratio against any query, for names scoring at least `cutoff`."""
    best: dict[int, float] = {}
    for query in queries:
        ids = candidate_names(index, query)
        if not len(ids):
            continue
        choices = [index.names[int(i)] for i in ids]
        for _, score, position in process.extract(
            query, choices, scorer=NAME_SCORER, limit=None, score_cutoff=cutoff
        ):
            name_id = int(ids[position])
            if score > best.get(name_id, -1.0):
                best[name_id] = score
    return best
