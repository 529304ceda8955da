"""RSS and Atom news feeds (which stories circulate, so reposts of them can be read in context),
parsed by feedparser. Per feed the checkpoint keeps the ids already handed on for the entries
the feed still lists, and the validators (ETag, Last-Modified) for conditional requests."""

import hashlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import FeedConfig
from collectors.posts import guarded, html_text, make_post
from collectors.sources.polling import Context, rounds
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)


class FeedSource:
    """Entries of RSS/Atom feeds as posts (`platform: news`, the feed as author)."""

    def __init__(self, spec: FeedConfig, context: Context) -> None:
        self.name, self._spec = spec.name, spec
        self._http = context.polite(spec)

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Round after round, each feed's entries not handed on before."""
        state = checkpoint.load(cursor)
        feeds = state.setdefault("feeds", {})
        async for _ in rounds(self._spec):
            for url in self._spec.urls:
                try:
                    posts = await self._read(url, feeds.setdefault(_digest(url), {}))
                except (Unavailable, Rejected) as exc:
                    log.warning("%s: %s", self.name, exc)
                    continue
                yield Batch(posts, checkpoint.dump(state))

    async def _read(self, url: str, mark: dict[str, Any]) -> list[bytes]:
        validators = {"If-None-Match": mark.get("etag"), "If-Modified-Since": mark.get("modified")}
        response = await self._http.get(url, headers={k: v for k, v in validators.items() if v})
        if response.status_code == 304:
            return []
        parsed = feedparser.parse(response.content, response_headers=dict(response.headers))
        if parsed.bozo and not parsed.entries:
            raise Rejected(f"{url}: not a readable feed: {parsed.get('bozo_exception')!r}")
        mark["etag"] = response.headers.get("etag")
        mark["modified"] = response.headers.get("last-modified")
        seen = set(mark.get("seen", []))
        posts, listed = [], []
        for entry in reversed(parsed.entries):
            key = _entry_key(entry)
            listed.append(key)
            if key not in seen:
                posts.append(guarded("news", lambda e: entry_post(e, parsed.feed, url), entry))
        mark["seen"] = listed  # only what the feed still lists: the checkpoint stays small
        return posts


def entry_post(entry: Any, feed: Any, feed_url: str) -> bytes:
    """A feed entry as a post; `raw` keeps the entry as feedparser read it."""
    # dict.get: feedparser's own get maps a missing `published` to `updated`, with a warning
    published, updated = dict.get(entry, "published"), dict.get(entry, "updated")
    created = published or updated or ""
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if when is not None:  # feedparser's UTC time of any RFC 822 / ISO date the feed wrote
        created = datetime(*when[:6]).replace(tzinfo=UTC).isoformat()
    text = "\n\n".join(part for part in (entry.get("title", ""), html_text(entry.get("summary", ""))) if part)
    return make_post(
        "news", _entry_key(entry), created, text,
        {"id": feed_url, "handle": feed.get("link") or feed_url, "display_name": feed.get("title")},
        {k: v for k, v in entry.items() if not k.endswith("_parsed")},
        url=entry.get("link"), lang=feed.get("language"),
        edited_at=updated if published and updated != published else None,
    )


def _entry_key(entry: Any) -> str:
    return str(entry.get("id") or entry.get("link") or _digest(entry.get("title", "")))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]
