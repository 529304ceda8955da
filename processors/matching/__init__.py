"""Author matching against the ASN registry: normalise, block, score with explained features.

Build a matcher from a registry CSV in memory (`AsnMatcher.from_csv`) or from an index file
written once (`write_index`, then `AsnMatcher.from_index_file`).
"""

from netra.domain.judgement import Judgement, Verdict, author_key
from processors.matching.features import FEATURES, Feature, FeatureResult
from processors.matching.index import RegistryIndex, build_arrays
from processors.matching.indexfile import load_index, write_index
from processors.matching.judgements import JudgementStore, MemoryJudgements
from processors.matching.layers import LayeredRegistry
from processors.matching.matcher import AsnMatcher, Thresholds

__all__ = [
    "FEATURES",
    "AsnMatcher",
    "Feature",
    "FeatureResult",
    "Judgement",
    "JudgementStore",
    "LayeredRegistry",
    "MemoryJudgements",
    "RegistryIndex",
    "Thresholds",
    "Verdict",
    "author_key",
    "build_arrays",
    "load_index",
    "write_index",
]
