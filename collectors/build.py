"""The composition of sources: one configured source (by its `kind`) into a running one."""

from pathlib import Path

from collectors.base import Source
from collectors.config import (
    FeedConfig,
    FileConfig,
    ImportConfig,
    MastodonConfig,
    SourceConfig,
    XConfig,
)
from collectors.jsonl import JsonlSource
from collectors.sources.feeds import FeedSource
from collectors.sources.imports import ImportSource
from collectors.sources.mastodon import MastodonSource
from collectors.sources.polling import Context
from collectors.sources.x import XSource


def build_source(spec: SourceConfig, context: Context) -> Source:
    """The source `spec` describes, sharing the context's HTTP client and watch list."""
    if isinstance(spec, MastodonConfig):
        return MastodonSource(spec, context)
    if isinstance(spec, XConfig):
        return XSource(spec, context)
    if isinstance(spec, FeedConfig):
        return FeedSource(spec, context)
    if isinstance(spec, ImportConfig):
        return ImportSource(spec)
    if isinstance(spec, FileConfig):
        return JsonlSource(Path(spec.path), spec.batch_size, name=spec.name)
    raise NotImplementedError(f"source kind of {spec.name!r} is not built yet")
