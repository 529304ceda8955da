"""X API v2: recent search with query rules built from the watch list, user timelines, and who
liked or reposted the candidates' posts (liking_users, retweeted_by).

Results come newest first, pages linked by `next_token`. Per rule or timeline the checkpoint
holds `since` (the newest id of the last finished pass), and during a pass `next` (the page to
read next) and `top` (the newest id of this pass, the next `since`), so a restart mid-pass goes
on with the next page: no gap, no repeat.
"""

import hashlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import XConfig
from collectors.posts import as_dict, as_list, guarded, make_post, now_iso, reaction
from collectors.sources.polling import Context, logged, rounds
from collectors.watch import WatchList
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)
MAX_PAGES = 20
TWEET_FIELDS = (
    "created_at,author_id,lang,conversation_id,referenced_tweets,edit_history_tweet_ids,attachments"
)
EXPANSIONS = "author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys"
USER_FIELDS = "username,name,description,location"
MEDIA_FIELDS = "type,url,preview_image_url,alt_text"


def query_rules(watch: WatchList, extra: list[str], max_length: int) -> list[str]:
    """Search queries: the configured ones, then the watch list's phrases and hashtags joined by
    OR into as few queries as fit `max_length` characters each."""
    terms = (t.replace('"', "") for t in watch.terms)
    words = [f'"{t}"' if " " in t else t for t in terms] + [f"#{tag}" for tag in watch.hashtags]
    rules, group = list(extra), list[str]()
    for word in dict.fromkeys(words):
        if len(f"({' OR '.join([*group, word])})") > max_length and group:
            rules.append(f"({' OR '.join(group)})")
            group = []
        group.append(word)
    if group:
        rules.append(f"({' OR '.join(group)})")
    return rules


class XSource:
    """Posts on X (`platform: x`) through API v2 with an app bearer token."""

    def __init__(self, spec: XConfig, context: Context) -> None:
        self.name, self._spec, self._context = spec.name, spec, context
        self._http = context.polite(spec, spec.token)
        self._base = spec.base_url.rstrip("/")
        self._user_ids: dict[str, str] = {}

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Round after round: each search rule and user timeline after its checkpoint; reactions."""
        state = checkpoint.load(cursor)
        passes = state.setdefault("passes", {})
        async for _ in rounds(self._spec):
            watch = await self._context.watch_list() if self._spec.watch else WatchList()
            rules = query_rules(watch, self._spec.queries, self._spec.max_query_length)
            accounts = list(dict.fromkeys([*self._spec.accounts, *watch.follow("x")]))
            targets = [(f"q:{_digest(r)}", "/2/tweets/search/recent", {"query": r}) for r in rules]
            checkpoint.keep_only(passes, {key for key, _, _ in targets} | {f"user:{h}" for h in accounts})
            for handle in accounts:
                try:
                    targets.append((f"user:{handle}", f"/2/users/{await self._user_id(handle)}/tweets", {}))
                except (Unavailable, Rejected) as exc:
                    log.warning("%s: %s", self.name, exc)
            for key, path, params in targets:
                pages = self._pass(path, params, passes.setdefault(key, {}))
                async for posts in logged(f"{self.name}: {key}", pages):
                    yield Batch(posts, checkpoint.dump(state))
            if self._spec.reactions:
                async for posts in logged(f"{self.name}: reactions", self._reactions(watch)):
                    yield Batch(posts, checkpoint.dump(state))

    async def _pass(
        self, path: str, params: dict[str, Any], mark: dict[str, str]
    ) -> AsyncIterator[list[bytes]]:
        """Pages newer than `mark['since']`, resuming at `mark['next']`; updates `mark` per page."""
        token_name = "next_token" if path.endswith("/search/recent") else "pagination_token"
        for _ in range(MAX_PAGES):
            query = {**params, "max_results": self._spec.page_size, "tweet.fields": TWEET_FIELDS,
                     "expansions": EXPANSIONS, "user.fields": USER_FIELDS, "media.fields": MEDIA_FIELDS}
            if "since" in mark:
                query["since_id"] = mark["since"]
            if "next" in mark:
                query[token_name] = mark["next"]
            body = await self._http.get_json(f"{self._base}{path}", query)
            if not isinstance(body, dict):
                raise Rejected(f"{path}: answer is not a JSON object")
            for error in body.get("errors") or []:
                log.warning("%s: %s: partial error %s", self.name, path, str(error)[:300])
            meta: dict[str, Any] = body["meta"] if isinstance(body.get("meta"), dict) else {}
            if "top" not in mark and meta.get("newest_id"):
                mark["top"] = str(meta["newest_id"])
            following = meta.get("next_token")
            if following and "since" in mark:
                mark["next"] = str(following)
            else:  # pass finished (or first sight of this rule: start from its newest page)
                mark.pop("next", None)
                if "top" in mark:
                    mark["since"] = mark.pop("top")
            yield tweet_posts(body)
            if "next" not in mark:
                return

    async def _user_id(self, handle: str) -> str:
        if handle not in self._user_ids:
            body = await self._http.get_json(f"{self._base}/2/users/by/username/{handle}")
            user = body.get("data") if isinstance(body, dict) else None
            if not isinstance(user, dict) or not user.get("id"):
                raise Rejected(f"user lookup of {handle!r} gave no id: {str(body)[:200]}")
            self._user_ids[handle] = str(user["id"])
        return self._user_ids[handle]

    async def _reactions(self, watch: WatchList) -> AsyncIterator[list[bytes]]:
        """Who liked and reposted each candidate account's newest posts."""
        ledger = self._context.ledger(self._spec)
        for handle in watch.candidates.get("x", ()):
            user_id = await self._user_id(handle)
            body = await self._http.get_json(
                f"{self._base}/2/users/{user_id}/tweets", {"max_results": 10, "tweet.fields": TWEET_FIELDS}
            )
            for tweet in body.get("data") or [] if isinstance(body, dict) else []:
                target = {"platform": "x", "handle": handle, "post_id": tweet.get("id"),
                          "text": tweet.get("text", ""), "url": f"https://x.com/{handle}/status/{tweet.get('id')}"}
                for kind, path in (("like", "liking_users"), ("repost", "retweeted_by")):
                    users = await self._http.get_json(
                        f"{self._base}/2/tweets/{tweet['id']}/{path}", {"user.fields": USER_FIELDS}
                    )
                    yield [
                        reaction(kind, "x", _author(user), target, now_iso(), user)
                        for user in (users.get("data") or [] if isinstance(users, dict) else [])
                        if isinstance(user, dict) and user.get("id")
                        and ledger.fresh(str(tweet["id"]), f"{kind}:{user['id']}")
                    ]
                    ledger.commit()  # the runner came back: that batch is on the bus


def tweet_posts(body: dict[str, Any]) -> list[bytes]:
    """The posts of one v2 answer (`data` + `includes`), oldest first; each keeps its tweet and
    the included objects it refers to in `raw`."""
    includes = as_dict(body.get("includes"))
    users = {u.get("id"): u for u in as_list(includes.get("users")) if isinstance(u, dict)}
    tweets = {t.get("id"): t for t in as_list(includes.get("tweets")) if isinstance(t, dict)}
    media = {m.get("media_key"): m for m in as_list(includes.get("media")) if isinstance(m, dict)}
    return [
        guarded("x", lambda t: tweet_post(t, users, tweets, media), tweet)
        for tweet in reversed(as_list(body.get("data")))
        if isinstance(tweet, dict) and tweet.get("id") and tweet.get("author_id")
    ]


def tweet_post(tweet: dict[str, Any], users: dict[Any, Any], tweets: dict[Any, Any],
               media: dict[Any, Any]) -> bytes:
    """One tweet with its author, the tweet it retweets, quotes or answers, and its media."""
    author = users.get(tweet["author_id"], {"id": tweet["author_id"]})
    kind, original = None, None
    for ref in as_list(tweet.get("referenced_tweets")):
        if ref.get("type") in ("retweeted", "quoted"):
            kind = "repost" if ref["type"] == "retweeted" else None
            original = tweets.get(ref.get("id"), {"id": ref.get("id")})
        elif ref.get("type") == "replied_to" and kind is None:
            kind = "reply"
    shared = None
    if original is not None:
        by = users.get(original.get("author_id"), {})
        shared = {"platform": "x", "handle": by.get("username"), "post_id": original.get("id"),
                  "text": original.get("text", "")}
    attached = [media[k] for k in as_list(as_dict(tweet.get("attachments")).get("media_keys")) if k in media]
    raw = {"data": tweet, "includes": {
        "users": [u for u in (author, users.get((original or {}).get("author_id"))) if u],
        "tweets": [original] if original else [], "media": attached,
    }}
    return make_post(
        "x", str(tweet["id"]), str(tweet.get("created_at") or ""), str(tweet.get("text") or ""),
        _author(author), raw, url=f"https://x.com/{author.get('username', 'i')}/status/{tweet['id']}",
        lang=tweet.get("lang"), kind=kind, shared_from=shared,
        media=[{"type": m.get("type"), "url": m.get("url") or m.get("preview_image_url"),
                "alt_text": m.get("alt_text")} for m in attached],
    )


def _author(user: dict[str, Any]) -> dict[str, Any]:
    return {"id": user.get("id"), "handle": user.get("username"), "display_name": user.get("name"),
            "bio": user.get("description"), "location": user.get("location")}


def _digest(rule: str) -> str:
    return hashlib.sha256(rule.encode()).hexdigest()[:16]
