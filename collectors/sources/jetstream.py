"""Bluesky's Jetstream firehose (JSON over WebSocket): posts of watched accounts, posts naming a
watched term or hashtag, and likes and reposts of the candidates' posts, as they happen.

Resume: Jetstream replays from a `cursor` in microseconds. The checkpoint keeps the `time_us`
of the last event handed on and the captures at that instant, so a reconnection or a restart
replays from there and drops what was already handed on. Posts are created, updated (an edit:
a new capture) or deleted (a deletion record) as the commit says.
"""

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from collectors import checkpoint, metrics
from collectors.base import Batch
from collectors.config import JetstreamConfig
from collectors.posts import as_dict, guarded, identity, make_post, reaction
from collectors.sources.polling import Context, rounds
from collectors.watch import WatchList
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)
POST, LIKE, REPOST = "app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.feed.repost"
MAX_MESSAGE_BYTES = 4 * 1024 * 1024


class JetstreamSource:
    """Firehose events kept to the watch list, in batches of `batch_size` or `batch_seconds`."""

    def __init__(self, spec: JetstreamConfig, context: Context) -> None:
        self.name, self._spec, self._context = spec.name, spec, context
        self._http = context.polite(spec)
        self._dids: dict[str, str] = {}  # handle -> DID

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """One connection per round; a dropped connection ends the round, the next resumes."""
        state = checkpoint.load(cursor)
        async for _ in rounds(self._spec):
            try:
                filters = await self._filters()
                async for posts in self._stream(state, filters):
                    yield Batch(posts, checkpoint.dump(state))
            except (Unavailable, Rejected) as exc:
                log.warning("%s: %s", self.name, exc)

    async def _filters(self) -> "Filters":
        watch = await self._context.watch_list() if self._spec.watch else WatchList()
        accounts = {await self._did(a) for a in [*self._spec.accounts, *watch.follow("bluesky")]}
        candidates = {await self._did(h): h for h in watch.candidates.get("bluesky", ())}
        return Filters(accounts, candidates, watch)

    async def _did(self, account: str) -> str:
        if account.startswith("did:"):
            return account
        if account not in self._dids:
            resolve = f"{self._spec.appview.rstrip('/')}/xrpc/com.atproto.identity.resolveHandle"
            body = await self._http.get_json(resolve, {"handle": account})
            if not isinstance(body, dict) or not str(body.get("did", "")).startswith("did:"):
                raise Rejected(f"handle {account!r} did not resolve to a DID")
            self._dids[account] = body["did"]
        return self._dids[account]

    async def _stream(self, state: dict[str, Any], filters: "Filters") -> AsyncIterator[list[bytes]]:
        params: list[tuple[str, str]] = [("wantedCollections", c) for c in (POST, LIKE, REPOST)]
        if not filters.needs_everyone():
            params += [("wantedDids", did) for did in sorted(filters.accounts)]
        if "time_us" in state:
            params.append(("cursor", str(state["time_us"])))
        pending: list[bytes] = []
        handed_on = state.get("time_us")
        try:
            async with connect(f"{self._spec.url}?{urlencode(params)}", max_size=MAX_MESSAGE_BYTES,
                               open_timeout=self._spec.politeness.timeout) as socket:
                loop = asyncio.get_running_loop()
                deadline = loop.time() + self._spec.batch_seconds
                while True:
                    try:
                        message = await asyncio.wait_for(socket.recv(), max(0.0, deadline - loop.time()))
                    except TimeoutError:
                        message = None
                    if message is not None:
                        post = self._event(message, state, filters)
                        if post is not None:
                            pending.append(post)
                    if len(pending) >= self._spec.batch_size or loop.time() >= deadline:
                        if pending or state.get("time_us") != handed_on:  # also moves the cursor alone
                            yield pending
                            pending, handed_on = [], state.get("time_us")
                        deadline = loop.time() + self._spec.batch_seconds
        except (ConnectionClosed, InvalidHandshake, InvalidURI, OSError, TimeoutError) as exc:
            if pending:
                yield pending  # whole events received before the drop
            raise Unavailable(f"jetstream connection ended: {exc!r}") from None

    def _event(self, message: str | bytes, state: dict[str, Any], filters: "Filters") -> bytes | None:
        """The capture an event gives, if the watch list wants it; moves the checkpoint past it."""
        try:
            event = json.loads(message)
            time_us = int(event["time_us"])
        except (ValueError, KeyError, TypeError):
            metrics.ERRORS.labels(self.name).inc()
            log.warning("%s: unreadable event dropped: %r", self.name, str(message)[:200])
            return None
        if time_us < state.get("time_us", 0):
            return None
        post = guarded("bluesky", filters.capture, event) if event.get("kind") == "commit" else None
        key = identity(post) if post else ""
        if time_us == state.get("time_us") and key in state.get("ids", []):
            return None  # replayed from the cursor, already handed on
        state["ids"] = [*state.get("ids", []), key] if time_us == state.get("time_us") else [key]
        state["time_us"] = time_us
        return post


class Filters:
    """Which events of the firehose are evidence: watched accounts' posts, posts naming a term,
    likes and reposts of candidates' posts."""

    def __init__(self, accounts: set[str], candidates: dict[str, str], watch: WatchList) -> None:
        self.accounts, self.candidates = accounts, candidates
        self._terms = [t.casefold() for t in watch.terms] + [f"#{h}".casefold() for h in watch.hashtags]

    def needs_everyone(self) -> bool:
        """Terms and reactions can come from any account: no server-side DID filter then."""
        return bool(self._terms or self.candidates)

    def capture(self, event: dict[str, Any]) -> bytes | None:
        did, commit = str(event.get("did", "")), event.get("commit")
        if not isinstance(commit, dict):
            return None
        collection, operation = commit.get("collection"), commit.get("operation")
        record = as_dict(commit.get("record"))
        when = datetime.fromtimestamp(int(event["time_us"]) / 1e6, UTC).isoformat()
        uri = f"at://{did}/{collection}/{commit.get('rkey')}"
        if collection == POST:
            text = str(record.get("text") or "")
            if did not in self.accounts and not any(t in text.casefold() for t in self._terms):
                return None
            if operation == "delete":
                return make_post("bluesky", uri, when, "", {"id": did}, event, deleted_at=when)
            return make_post(
                "bluesky", uri, str(record.get("createdAt") or when), text, {"id": did}, event,
                lang=(record.get("langs") or [None])[0], kind="reply" if record.get("reply") else None,
                edited_at=when if operation == "update" else None,
            )
        subject = str(as_dict(record.get("subject")).get("uri", ""))
        owner = subject.removeprefix("at://").split("/", 1)[0]
        if collection in (LIKE, REPOST) and operation == "create" and owner in self.candidates:
            target = {"platform": "bluesky", "handle": self.candidates[owner], "post_id": subject}
            kind = "like" if collection == LIKE else "repost"
            return reaction(kind, "bluesky", {"id": did}, target, str(record.get("createdAt") or when), event)
        return None
