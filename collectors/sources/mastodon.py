"""Mastodon (REST API v1): public, local and hashtag timelines, account statuses, the streaming
API, and who favourited or reblogged the candidates' statuses.

Resume: per timeline the newest status id handed on; the next round asks for `min_id` = it,
which returns the statuses right after it, so pages climb without a gap. The streaming API has
no replay: each (re)connection first catches up through REST from the same checkpoint.
"""

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import MastodonConfig
from collectors.posts import guarded, html_text, make_post, now_iso, reaction, unreadable
from collectors.sources.polling import Context, logged, rounds
from collectors.sources.sse import sse_events
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)
MAX_PAGES = 50  # per timeline and round, so one busy timeline cannot hold the round
AUTHORS_KEPT = 100_000


class MastodonSource:
    """Statuses of one instance as posts (`platform: mastodon`)."""

    def __init__(self, spec: MastodonConfig, context: Context) -> None:
        self.name, self._spec, self._context = spec.name, spec, context
        self._http = context.polite(spec, spec.token)
        self._base = spec.base_url.rstrip("/")
        self._account_ids: dict[str, str] = {}
        self._authors: dict[str, dict[str, Any]] = {}  # status id -> author, for deletion records

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Round after round: every timeline after its checkpoint, then reactions; or the stream."""
        state = checkpoint.load(cursor)
        state.setdefault("since", {})
        async for _ in rounds(self._spec):
            targets = await self._targets()
            checkpoint.keep_only(state["since"], set(targets))
            for target in targets:
                async for posts in logged(self.name, self._timeline(target, state["since"])):
                    yield Batch(posts, checkpoint.dump(state))
            if self._spec.reactions:
                async for posts in logged(self.name, self._reactions()):
                    yield Batch(posts, checkpoint.dump(state))
            if self._spec.streaming:
                async for posts in logged(self.name, self._stream(state["since"])):
                    yield Batch(posts, checkpoint.dump(state))

    async def _targets(self) -> list[str]:
        targets = list(self._spec.timelines)
        targets += [f"account:{a}" for a in self._spec.accounts]
        if self._spec.watch:
            watch = await self._context.watch_list()
            targets += [f"tag:{tag}" for tag in watch.hashtags]
            targets += [f"account:{a}" for a in watch.follow("mastodon")]
        return list(dict.fromkeys(targets))

    async def _timeline(self, target: str, since: dict[str, str]) -> AsyncIterator[list[bytes]]:
        """Pages of statuses newer than the target's checkpoint, oldest page first."""
        path, params = await self._endpoint(target)
        for _ in range(MAX_PAGES):
            query = {**params, "limit": self._spec.page_size}
            if target in since:
                query["min_id"] = since[target]
            statuses = await self._http.get_json(f"{self._base}{path}", query)
            if not isinstance(statuses, list):
                raise Rejected(f"{target}: expected a list of statuses, got {type(statuses).__name__}")
            readable = [s for s in statuses if isinstance(s, dict) and isinstance(s.get("id"), str)]
            odd = [unreadable("mastodon", "status without a string id", s) for s in statuses
                   if not (isinstance(s, dict) and isinstance(s.get("id"), str))]
            if not readable:
                if odd:
                    yield odd
                return
            newest = max((s["id"] for s in readable), key=_id_order)
            fresh = target not in since
            since[target] = newest
            readable.sort(key=lambda s: _id_order(s["id"]))
            yield odd + [guarded("mastodon", status_post, s) for s in readable]
            if fresh:
                return  # first sight of this timeline: start from its newest page

    async def _endpoint(self, target: str) -> tuple[str, dict[str, Any]]:
        kind, _, value = target.partition(":")
        if kind == "public":
            return "/api/v1/timelines/public", {}
        if kind == "local":
            return "/api/v1/timelines/public", {"local": "true"}
        if kind == "tag":
            return f"/api/v1/timelines/tag/{value}", {}
        if kind == "account":
            return f"/api/v1/accounts/{await self._account_id(value)}/statuses", {}
        raise Rejected(f"unknown timeline {target!r}: public, local, tag:<name> or account:<acct>")

    async def _account_id(self, acct: str) -> str:
        if acct not in self._account_ids:
            account = await self._http.get_json(f"{self._base}/api/v1/accounts/lookup", {"acct": acct})
            if not isinstance(account, dict) or not isinstance(account.get("id"), str):
                raise Rejected(f"account lookup of {acct!r} gave no id")
            self._account_ids[acct] = account["id"]
        return self._account_ids[acct]

    async def _reactions(self) -> AsyncIterator[list[bytes]]:
        """Who favourited and reblogged the candidates' newest statuses."""
        ledger = self._context.ledger(self._spec)
        for acct in (await self._context.watch_list()).candidates.get("mastodon", ()):
            account_id = await self._account_id(acct)
            statuses = await self._http.get_json(
                f"{self._base}/api/v1/accounts/{account_id}/statuses", {"limit": 20}
            )
            for status in statuses if isinstance(statuses, list) else []:
                target = shared(status)
                for kind, path in (("like", "favourited_by"), ("repost", "reblogged_by")):
                    accounts = await self._http.get_json(
                        f"{self._base}/api/v1/statuses/{status['id']}/{path}", {"limit": 80}
                    )
                    yield [
                        reaction(kind, "mastodon", _author(a), target, now_iso(), a)
                        for a in accounts if isinstance(a, dict) and isinstance(a.get("id"), str)
                        and ledger.fresh(status["id"], f"{kind}:{a['id']}")
                    ]
                    ledger.commit()  # the runner came back: that batch is on the bus

    async def _stream(self, since: dict[str, str]) -> AsyncIterator[list[bytes]]:
        """The streaming API of the first streamable timeline (public, local or a hashtag): new
        statuses, edits (a new capture) and deletions (a record naming the deleted status)."""
        target = next((t for t in self._spec.timelines if t.split(":")[0] in ("public", "local", "tag")), "")
        if not target:
            raise Rejected("streaming needs a public, local or tag: timeline")
        kind, _, tag = target.partition(":")
        path, params = {
            "public": ("/api/v1/streaming/public", {}),
            "local": ("/api/v1/streaming/public/local", {}),
            "tag": ("/api/v1/streaming/hashtag", {"tag": tag}),
        }[kind]
        client = self._http.client
        try:
            timeout = httpx.Timeout(self._spec.politeness.timeout, read=None)
            async with client.stream("GET", f"{self._base}{path}", params=params,
                                     headers=self._http.headers, timeout=timeout) as response:
                if response.status_code != 200:
                    raise Unavailable(f"streaming {target}: HTTP {response.status_code}")
                async for event, data in sse_events(response):
                    post = self._stream_post(event, data)
                    if post is None:
                        continue
                    if event == "update":
                        since[target] = max(since.get(target, "0"), json.loads(data)["id"], key=_id_order)
                    yield [post]
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            raise Unavailable(f"streaming {target} dropped: {exc!r}") from None



    def _stream_post(self, event: str, data: str) -> bytes | None:
        """A post for an `update` or `status.update` event, a deletion record for `delete`
        (its author known when this process saw the status)."""
        if event == "delete":
            status_id = data.strip()
            author = self._authors.get(status_id, {"id": "unknown"})
            return make_post("mastodon", status_id, now_iso(), "", author, {"event": event, "id": status_id},
                             deleted_at=now_iso()) if status_id else None
        if event not in ("update", "status.update"):
            return None
        try:
            status = json.loads(data)
        except ValueError:
            log.warning("%s: unreadable %s event dropped: %r", self.name, event, data[:200])
            return None
        if not isinstance(status, dict) or not isinstance(status.get("id"), str):
            return None
        self._authors[status["id"]] = _author(status.get("account") or {})
        while len(self._authors) > AUTHORS_KEPT:
            self._authors.pop(next(iter(self._authors)))
        return guarded("mastodon", status_post, status)


def status_post(status: dict[str, Any]) -> bytes:
    """A Mastodon status (the API's JSON) as a post; a reblog is a repost of the original."""
    reblog = status.get("reblog") if isinstance(status.get("reblog"), dict) else None
    kind = "repost" if reblog else "reply" if status.get("in_reply_to_id") else None
    return make_post(
        "mastodon", status["id"], str(status.get("created_at") or ""),
        html_text(str(status.get("content") or "")), _author(status.get("account") or {}), status,
        url=status.get("url") or status.get("uri"), lang=status.get("language"), kind=kind,
        shared_from=shared(reblog) if reblog else None,
        media=[
            {"type": m.get("type"), "url": m.get("url"), "alt_text": m.get("description")}
            for m in status.get("media_attachments") or [] if isinstance(m, dict)
        ],
        edited_at=status.get("edited_at"),
    )


def shared(status: dict[str, Any]) -> dict[str, Any]:
    """The `shared_from` of a post that reposts or reacts to `status`."""
    account = status.get("account") or {}
    return {
        "platform": "mastodon", "handle": account.get("acct"), "post_id": status.get("id"),
        "text": html_text(str(status.get("content") or "")), "url": status.get("url"),
    }


def _author(account: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": account.get("id"), "handle": account.get("acct"), "display_name": account.get("display_name"),
        "bio": html_text(str(account.get("note") or "")),
    }


def _id_order(status_id: str) -> tuple[int, str]:
    """Mastodon ids are decimal strings that grow with time: compare by length, then text."""
    return len(status_id), status_id
