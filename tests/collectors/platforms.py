"""Recorded-shape answers of the platforms' APIs, as small starlette apps with scripted faults.

Shapes follow the platforms' documentation and client libraries (Mastodon.py, tweepy): a
Mastodon status, an X API v2 search answer with `data`/`includes`/`meta`.
"""

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

ELECTIONS = """
elections:
  - id: pilbup-kaliurangraya-2024
    region: Kabupaten Kaliurang Raya
    candidates:
      - number: 1
        names: ["Sutopo Hadi", "Ratna Dewi"]
        aliases: ["SURYA"]
        hashtags: ["#SutopoRatna"]
        slogans: ["Kaliurang Maju"]
        accounts: ["x:sutopohadi_official", "mastodon:sutopo", "bluesky:sutopo.bsky.social"]
"""
Fault = str  # "429", "500", "timeout", "garbage", "reset:N" (x-rate-limit-remaining 0, reset in N s)


class Script:
    """Faults to answer with, per path, in order; then the normal answer. Records every request."""

    def __init__(self, faults: dict[str, list[Fault]] | None = None) -> None:
        self.faults = {path: list(items) for path, items in (faults or {}).items()}
        self.requests: list[tuple[float, str, dict[str, str]]] = []

    async def fault(self, request: Request) -> Response | None:
        self.requests.append((time.time(), request.url.path, dict(request.query_params)))
        planned = self.faults.get(request.url.path)
        if not planned:
            return None
        fault = planned.pop(0)
        if fault == "429":
            return PlainTextResponse("Too Many Requests", 429, headers={"Retry-After": "1"})
        if fault == "500":
            return PlainTextResponse("Internal Server Error", 500)
        if fault == "timeout":
            await asyncio.sleep(3)
            return PlainTextResponse("too late", 200)
        if fault == "garbage":
            return PlainTextResponse("<html>Bad Gateway</html>", 200, headers={"content-type": "application/json"})
        return None

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


def mastodon_status(number: int, text: str = "Ayo coblos nomor 1! #SutopoRatna", **extra: Any) -> dict[str, Any]:
    """A status as GET /api/v1/timelines/public returns it (trimmed to the fields we read)."""
    status_id = str(110_000_000_000_000_000 + number)
    return {
        "id": status_id,
        "created_at": f"2024-11-10T01:{number // 60 % 60:02}:{number % 60:02}.000Z",
        "in_reply_to_id": None, "in_reply_to_account_id": None, "sensitive": False, "spoiler_text": "",
        "visibility": "public", "language": "id",
        "uri": f"https://mastodon.example/users/dwi/statuses/{status_id}",
        "url": f"https://mastodon.example/@dwi/{status_id}",
        "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "edited_at": None,
        "content": f"<p>{text}</p>", "reblog": None,
        "account": {"id": "98765", "username": "dwi", "acct": "dwi@mastodon.example",
                    "display_name": "Dwi Hartanto", "note": "<p>Guru SDN 4 Kaliurang Raya</p>",
                    "url": "https://mastodon.example/@dwi"},
        "media_attachments": [], "mentions": [], "tags": [{"name": "sutoporatna"}], "emojis": [],
        **extra,
    }


def mastodon_app(
    script: Script, statuses: Callable[[], list[dict[str, Any]]], stream: Callable[[], Any] | None = None,
) -> Starlette:
    """Timelines that honour `limit` and `min_id` as Mastodon does (the statuses right after
    min_id, newest first), plus lookup, favourited_by/reblogged_by and a streaming endpoint."""

    def order(status: dict[str, Any]) -> int:
        return int(status["id"])

    async def timeline(request: Request) -> Response:
        if (fault := await script.fault(request)) is not None:
            return fault
        limit = int(request.query_params.get("limit", 20))
        every = sorted(statuses(), key=order)
        if "min_id" in request.query_params:
            after = [s for s in every if order(s) > int(request.query_params["min_id"])][:limit]
        else:
            after = every[-limit:]
        return JSONResponse(sorted(after, key=order, reverse=True))

    async def lookup(request: Request) -> Response:
        await script.fault(request)
        return JSONResponse({"id": "555", "username": "sutopo", "acct": request.query_params["acct"]})

    async def reactions(request: Request) -> Response:
        await script.fault(request)
        who = request.path_params["who"]
        start = 1 if who == "favourited_by" else 3
        return JSONResponse([
            {"id": str(700 + n), "username": f"asn{n}", "acct": f"asn{n}@mastodon.example",
             "display_name": f"ASN {n}", "note": ""} for n in range(start, start + 2)
        ])

    async def streaming(request: Request) -> Response:
        await script.fault(request)
        assert stream is not None
        return StreamingResponse(stream(), media_type="text/event-stream")

    return Starlette(routes=[
        Route("/api/v1/timelines/public", timeline),
        Route("/api/v1/timelines/tag/{tag}", timeline),
        Route("/api/v1/accounts/lookup", lookup),
        Route("/api/v1/accounts/{id}/statuses", timeline),
        Route("/api/v1/statuses/{id}/{who}", reactions),
        Route("/api/v1/streaming/public", streaming),
    ])


def x_tweet(number: int, text: str = "Ayo coblos nomor 1! #SutopoRatna", **extra: Any) -> dict[str, Any]:
    """A v2 tweet object with the fields the collector asks for."""
    tweet_id = str(1_855_012_345_678_900_000 + number)
    return {"id": tweet_id, "text": text, "author_id": "98765", "created_at": "2024-11-10T01:15:00.000Z",
            "lang": "in", "conversation_id": tweet_id, "edit_history_tweet_ids": [tweet_id], **extra}


X_USER = {"id": "98765", "username": "dwi_hartanto21", "name": "Dwi Hartanto",
          "description": "Guru SDN 4 Kaliurang Raya", "location": "Kaliurang Raya"}


def x_app(script: Script, tweets: Callable[[], list[dict[str, Any]]], page: int = 3) -> Starlette:
    """Recent search and user timelines as API v2 answers them: newest first, `since_id`,
    `next_token`/`pagination_token` as the offset into the result, `meta.newest_id`; rate-limit
    headers on every answer; a `reset:N` fault answers with remaining 0 and reset N s ahead."""

    def answer(request: Request, remaining: str, reset: float) -> Response:
        since = int(request.query_params.get("since_id", 0))
        found = sorted((t for t in tweets() if int(t["id"]) > since), key=lambda t: -int(t["id"]))
        token = request.query_params.get("next_token") or request.query_params.get("pagination_token")
        start = int(token) if token else 0
        chunk = found[start:start + page]
        meta: dict[str, Any] = {"result_count": len(chunk)}
        if chunk:
            meta |= {"newest_id": chunk[0]["id"], "oldest_id": chunk[-1]["id"]}
        if start + page < len(found):
            meta["next_token"] = str(start + page)
        body: dict[str, Any] = {"meta": meta}
        if chunk:
            body |= {"data": chunk, "includes": {"users": [X_USER]}}
        return JSONResponse(body, headers={"x-rate-limit-limit": "450", "x-rate-limit-remaining": remaining,
                                           "x-rate-limit-reset": str(int(reset))})

    async def search(request: Request) -> Response:
        planned = (script.faults.get(request.url.path) or [""])[0]
        if planned.startswith("reset:"):
            script.faults[request.url.path].pop(0)
            script.requests.append((time.time(), request.url.path, dict(request.query_params)))
            return answer(request, "0", time.time() + float(planned.split(":")[1]))
        if (fault := await script.fault(request)) is not None:
            return fault
        return answer(request, "449", time.time() + 900)

    async def user(request: Request) -> Response:
        await script.fault(request)
        return JSONResponse({"data": {"id": "555", "username": request.path_params["name"], "name": "Sutopo"}})

    async def reactions(request: Request) -> Response:
        await script.fault(request)
        first = 801 if request.path_params["who"] == "liking_users" else 901
        return JSONResponse({"data": [{**X_USER, "id": str(first), "username": f"asn{first}"}],
                             "meta": {"result_count": 1}})

    return Starlette(routes=[
        Route("/2/tweets/search/recent", search),
        Route("/2/users/by/username/{name}", user),
        Route("/2/users/{id}/tweets", search),
        Route("/2/tweets/{id}/{who}", reactions),
    ])


def bsky_post(number: int, text: str = "Ayo coblos nomor 1! #SutopoRatna", did: str = "did:plc:dwi",
              handle: str = "dwi.bsky.social") -> dict[str, Any]:
    """An app.bsky.feed.defs#postView as the AppView returns it."""
    return {
        "uri": f"at://{did}/app.bsky.feed.post/3kpost{number:04}", "cid": f"bafyrei{number:04}",
        "author": {"did": did, "handle": handle, "displayName": "Dwi Hartanto", "labels": []},
        "record": {"$type": "app.bsky.feed.post", "text": text, "langs": ["id"],
                   "createdAt": f"2024-11-10T01:00:{number % 60:02}.000Z"},
        "replyCount": 0, "repostCount": 0, "likeCount": 0, "indexedAt": f"2024-11-10T01:00:{number % 60:02}.500Z",
        "labels": [],
    }


def bluesky_app(script: Script, feed: Callable[[], list[dict[str, Any]]], page: int = 2) -> Starlette:
    """getAuthorFeed / searchPosts newest first with a cursor; getLikes, getRepostedBy and
    resolveHandle for the reactions and Jetstream's handle lookups."""

    def paged(items: list[dict[str, Any]], request: Request, key: str) -> Response:
        items = sorted(items, key=lambda i: (i.get("reason") or {}).get("indexedAt") or i["post"]["indexedAt"],
                       reverse=True)
        start = int(request.query_params.get("cursor", 0))
        body: dict[str, Any] = {key: items[start:start + page]}
        if start + page < len(items):
            body["cursor"] = str(start + page)
        return JSONResponse(body)

    async def author_feed(request: Request) -> Response:
        if (fault := await script.fault(request)) is not None:
            return fault
        actor = request.query_params["actor"]
        return paged([i for i in feed() if actor in (i["post"]["author"]["handle"], i["post"]["author"]["did"])
                      or (i.get("reason") or {}).get("by", {}).get("handle") == actor], request, "feed")

    async def search(request: Request) -> Response:
        if (fault := await script.fault(request)) is not None:
            return fault
        q = request.query_params["q"].casefold()
        found = [{"post": i["post"]} for i in feed() if not i.get("reason") and q in i["post"]["record"]["text"].casefold()]
        response = paged(found, request, "posts")
        return JSONResponse({"posts": [i["post"] for i in json.loads(response.body)["posts"]],
                             **{k: v for k, v in json.loads(response.body).items() if k == "cursor"}})

    async def likes(request: Request) -> Response:
        await script.fault(request)
        return JSONResponse({"uri": request.query_params["uri"], "likes": [
            {"indexedAt": "2024-11-10T02:00:00.000Z", "createdAt": "2024-11-10T02:00:00.000Z",
             "actor": {"did": "did:plc:asn1", "handle": "asn1.bsky.social", "displayName": "ASN Satu"}}]})

    async def reposted_by(request: Request) -> Response:
        await script.fault(request)
        return JSONResponse({"uri": request.query_params["uri"], "repostedBy": [
            {"did": "did:plc:asn2", "handle": "asn2.bsky.social", "displayName": "ASN Dua"}]})

    async def resolve(request: Request) -> Response:
        await script.fault(request)
        return JSONResponse({"did": f"did:plc:{request.query_params['handle'].split('.')[0]}"})

    return Starlette(routes=[
        Route("/xrpc/app.bsky.feed.getAuthorFeed", author_feed),
        Route("/xrpc/app.bsky.feed.searchPosts", search),
        Route("/xrpc/app.bsky.feed.getLikes", likes),
        Route("/xrpc/app.bsky.feed.getRepostedBy", reposted_by),
        Route("/xrpc/com.atproto.identity.resolveHandle", resolve),
    ])
