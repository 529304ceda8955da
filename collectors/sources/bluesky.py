"""Bluesky through the public AppView (no login): author feeds, post search, and who liked or
reposted the candidates' posts (app.bsky.feed.getLikes / getRepostedBy).

The AppView pages newest first with an opaque cursor and has no `since_id`. Per feed or query the
checkpoint keeps a watermark: the newest `indexedAt` handed on and the post URIs at that instant.
A round reads pages down to the watermark and hands the new posts on, oldest first, in one batch.
"""

import logging
from collections.abc import AsyncIterator
from typing import Any

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import BlueskyConfig
from collectors.posts import as_dict, as_list, guarded, make_post, now_iso, reaction
from collectors.sources.polling import Context, logged, rounds
from collectors.watch import WatchList
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)
REPOST = "app.bsky.feed.defs#reasonRepost"


class BlueskySource:
    """Posts on Bluesky (`platform: bluesky`) from the AppView's public XRPC queries."""

    def __init__(self, spec: BlueskyConfig, context: Context) -> None:
        self.name, self._spec, self._context = spec.name, spec, context
        self._http = context.polite(spec)
        self._xrpc = f"{spec.base_url.rstrip('/')}/xrpc"

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Round after round: each author feed and search after its watermark; then reactions."""
        state = checkpoint.load(cursor)
        marks = state.setdefault("marks", {})
        async for _ in rounds(self._spec):
            watch = await self._context.watch_list() if self._spec.watch else WatchList()
            targets = [("author", a) for a in dict.fromkeys([*self._spec.accounts, *watch.follow("bluesky")])]
            terms = [*self._spec.queries, *watch.terms, *(f"#{tag}" for tag in watch.hashtags)]
            targets += [("search", q) for q in dict.fromkeys(terms)]
            checkpoint.keep_only(marks, {f"{kind}:{value}" for kind, value in targets})
            for kind, value in targets:
                try:
                    posts = await self._newer(kind, value, marks.setdefault(f"{kind}:{value}", {}))
                except (Unavailable, Rejected) as exc:
                    log.warning("%s: %s %s: %s", self.name, kind, value, exc)
                    continue
                yield Batch(posts, checkpoint.dump(state))
            if self._spec.reactions:
                async for posts in logged(f"{self.name}: reactions", self._reactions(watch)):
                    yield Batch(posts, checkpoint.dump(state))

    async def _newer(self, kind: str, value: str, mark: dict[str, Any]) -> list[bytes]:
        """Items newer than the watermark, oldest first; moves the watermark."""
        method, key, params = (
            ("app.bsky.feed.getAuthorFeed", "feed", {"actor": value})
            if kind == "author" else ("app.bsky.feed.searchPosts", "posts", {"q": value, "sort": "latest"})
        )
        found: list[dict[str, Any]] = []
        page_cursor = None
        for page in range(self._spec.max_pages):
            query = {**params, "limit": self._spec.page_size}
            if page_cursor:
                query["cursor"] = page_cursor
            body = await self._http.get_json(f"{self._xrpc}/{method}", query)
            items = body.get(key) if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise Rejected(f"{method}: answer has no `{key}` list")
            items = [i if kind == "author" else {"post": i} for i in items if isinstance(i, dict)]
            older = [i for i in items if not _newer_than(i, mark)]
            found += [i for i in items if _newer_than(i, mark)]
            page_cursor = body.get("cursor")
            if older or not page_cursor or not mark:
                break
            if page == self._spec.max_pages - 1:
                log.warning("%s: %s %s: more than %d pages since the last round; older ones skipped",
                            self.name, kind, value, self._spec.max_pages)
        checkpoint.advance(mark, [(_sort_key(i), _item_id(i)) for i in found])
        return [guarded("bluesky", feed_item_post, i) for i in sorted(found, key=_sort_key)]

    async def _reactions(self, watch: WatchList) -> AsyncIterator[list[bytes]]:
        """Who liked and reposted each candidate account's newest posts."""
        ledger = self._context.ledger(self._spec)
        for handle in watch.candidates.get("bluesky", ()):
            body = await self._http.get_json(f"{self._xrpc}/app.bsky.feed.getAuthorFeed",
                                             {"actor": handle, "limit": 10, "filter": "posts_no_replies"})
            for item in body.get("feed") or [] if isinstance(body, dict) else []:
                post = item.get("post") if isinstance(item, dict) else None
                if not isinstance(post, dict) or item.get("reason") or not post.get("uri"):
                    continue
                target = _shared(post)
                likes = await self._http.get_json(f"{self._xrpc}/app.bsky.feed.getLikes",
                                                  {"uri": post["uri"], "limit": 100})
                reposts = await self._http.get_json(f"{self._xrpc}/app.bsky.feed.getRepostedBy",
                                                    {"uri": post["uri"], "limit": 100})
                found = [("like", like.get("actor"), like.get("createdAt"), like)
                         for like in as_list(as_dict(likes).get("likes")) if isinstance(like, dict)]
                found += [("repost", a, None, a) for a in as_list(as_dict(reposts).get("repostedBy"))]
                yield [
                    reaction(kind, "bluesky", _author(actor), target, when or now_iso(), raw)
                    for kind, actor, when, raw in found
                    if isinstance(actor, dict) and actor.get("did")
                    and ledger.fresh(post["uri"], f"{kind}:{actor['did']}")
                ]
                ledger.commit()  # the runner came back: that batch is on the bus


def feed_item_post(item: dict[str, Any]) -> bytes:
    """A feedViewPost (or a search hit wrapped as one) as a post; a repost names its original."""
    post = item["post"]
    record = as_dict(post.get("record"))
    reason = item.get("reason") if isinstance(item.get("reason"), dict) else None
    if reason and reason.get("$type") == REPOST and isinstance(reason.get("by"), dict):
        by = reason["by"]
        return make_post(
            "bluesky", f"repost:{by.get('did')}:{post.get('uri')}", str(reason.get("indexedAt") or ""), "",
            _author(by), item, kind="repost", shared_from=_shared(post),
        )
    return make_post(
        "bluesky", str(post.get("uri")), str(record.get("createdAt") or post.get("indexedAt") or ""),
        str(record.get("text") or ""), _author(post.get("author") or {}), item,
        url=_web_url(post), lang=(record.get("langs") or [None])[0],
        kind="reply" if record.get("reply") else None,
    )


def _shared(post: dict[str, Any]) -> dict[str, Any]:
    record = as_dict(post.get("record"))
    return {"platform": "bluesky", "handle": (post.get("author") or {}).get("handle"),
            "post_id": post.get("uri"), "text": record.get("text", ""), "url": _web_url(post)}


def _author(actor: dict[str, Any]) -> dict[str, Any]:
    return {"id": actor.get("did"), "handle": actor.get("handle"),
            "display_name": actor.get("displayName"), "bio": actor.get("description")}


def _web_url(post: dict[str, Any]) -> str | None:
    uri, handle = str(post.get("uri") or ""), (post.get("author") or {}).get("handle")
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}" if handle and uri else None


def _sort_key(item: dict[str, Any]) -> str:
    reason = as_dict(item.get("reason"))
    return str(reason.get("indexedAt") or item["post"].get("indexedAt") or "")


def _item_id(item: dict[str, Any]) -> str:
    reason = as_dict(item.get("reason"))
    by = (reason.get("by") or {}).get("did", "")
    return f"{by}:{item['post'].get('uri')}" if by else str(item["post"].get("uri"))


def _newer_than(item: dict[str, Any], mark: dict[str, Any]) -> bool:
    return isinstance(item.get("post"), dict) and checkpoint.is_past(mark, _sort_key(item), _item_id(item))
