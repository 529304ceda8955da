"""The composition of sources: one configured source (by its `kind`) into a running one."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from collectors.base import Source
from collectors.config import (
    BlueskyConfig,
    FeedConfig,
    FileConfig,
    ImportConfig,
    JetstreamConfig,
    MastodonConfig,
    SourceConfig,
    WebhookConfig,
    XConfig,
    YoutubeConfig,
)
from collectors.jsonl import JsonlSource
from collectors.sources.bluesky import BlueskySource
from collectors.sources.feeds import FeedSource
from collectors.sources.imports import ImportSource
from collectors.sources.jetstream import JetstreamSource
from collectors.sources.mastodon import MastodonSource
from collectors.sources.polling import Context
from collectors.sources.webhook import WebhookSource
from collectors.sources.x import XSource
from collectors.sources.youtube import YoutubeSource


def _file(spec: FileConfig, _: Context) -> Source:
    return JsonlSource(Path(spec.path), spec.batch_size, name=spec.name)


def _import(spec: ImportConfig, _: Context) -> Source:
    return ImportSource(spec)


BUILDERS: dict[type, Callable[[Any, Context], Source]] = {
    MastodonConfig: MastodonSource, XConfig: XSource, BlueskyConfig: BlueskySource,
    JetstreamConfig: JetstreamSource, YoutubeConfig: YoutubeSource, FeedConfig: FeedSource,
    WebhookConfig: WebhookSource, FileConfig: _file, ImportConfig: _import,
}


def build_source(spec: SourceConfig, context: Context) -> Source:
    """The source `spec` describes, sharing the context's HTTP client and watch list."""
    return BUILDERS[type(spec)](spec, context)
