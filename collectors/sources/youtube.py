"""YouTube Data API v3: videos found by search (the watch list's terms, the candidates' and news
channels) and their comment threads, each comment a reply to its video.

Quota, not requests, is YouTube's limit: search.list costs 100 units, commentThreads.list 1,
of 10,000 a day by default; set the source's budget to match. Newest first with `pageToken`:
per search and per video the checkpoint keeps a watermark (newest publishedAt and the ids at it).
"""

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import YoutubeConfig, credential
from collectors.posts import as_dict, as_list, guarded, make_post
from collectors.sources.polling import Context, rounds
from collectors.watch import WatchList
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)
VIDEOS_WITH_COMMENTS = 50  # newest videos whose comments are followed


class YoutubeSource:
    """Videos and comments on YouTube (`platform: youtube`) with an API key."""

    def __init__(self, spec: YoutubeConfig, context: Context) -> None:
        self.name, self._spec, self._context = spec.name, spec, context
        self._http = context.polite(spec)
        self._key = credential(spec.token, context.config)
        self._base = spec.base_url.rstrip("/")

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Round after round: each search's new videos, then new comments on followed videos."""
        state = checkpoint.load(cursor)
        marks, videos = state.setdefault("marks", {}), state.setdefault("videos", {})
        async for _ in rounds(self._spec):
            watch = await self._context.watch_list() if self._spec.watch else WatchList()
            searches = [{"q": q} for q in dict.fromkeys([*self._spec.queries, *watch.terms])]
            channels = [*self._spec.channels, *watch.candidates.get("youtube", ())]
            searches += [{"channelId": c} for c in dict.fromkeys(channels)]
            for search in searches:
                try:
                    found = await self._search(search, marks.setdefault(_key(search), {}))
                except (Unavailable, Rejected) as exc:
                    log.warning("%s: search %s: %s", self.name, search, exc)
                    if _quota_spent(exc):
                        break
                    continue
                for video in found:
                    videos[video["id"]["videoId"]] = _shared(video)
                while len(videos) > VIDEOS_WITH_COMMENTS:
                    videos.pop(next(iter(videos)))
                yield Batch([guarded("youtube", video_post, v) for v in found], checkpoint.dump(state))
            checkpoint.keep_only(marks, {_key(s) for s in searches} | {f"comments:{v}" for v in videos})
            if self._spec.comments:
                for video_id in list(videos):
                    try:
                        comments = await self._comments(video_id, videos[video_id], marks)
                    except (Unavailable, Rejected) as exc:
                        log.warning("%s: comments of %s: %s", self.name, video_id, exc)
                        if _quota_spent(exc):
                            break
                        continue
                    yield Batch(comments, checkpoint.dump(state))

    async def _pages(
        self, resource: str, params: dict[str, Any], mark: dict[str, Any], when: Callable[[Any], str | None]
    ) -> list[dict[str, Any]]:
        """Items newer than `mark` by `when` (a time), oldest first, paging until an older one shows."""
        found: list[dict[str, Any]] = []
        token = None
        for _ in range(self._spec.max_pages):
            query = {**params, "key": self._key} | ({"pageToken": token} if token else {})
            body = as_dict(await self._http.get_json(f"{self._base}/{resource}", query))
            items = [i for i in as_list(body.get("items")) if isinstance(i, dict) and when(i)]
            fresh = [i for i in items if checkpoint.is_past(mark, str(when(i)), _id(i))]
            found += fresh
            token = body.get("nextPageToken")
            if len(fresh) < len(items) or not token or not mark:
                break
        checkpoint.advance(mark, [(str(when(i)), _id(i)) for i in found])
        return list(reversed(found))

    async def _search(self, search: dict[str, str], mark: dict[str, Any]) -> list[dict[str, Any]]:
        params = {"part": "snippet", "type": "video", "order": "date", "maxResults": 50, **search}
        found = await self._pages("search", params, mark, _published)
        return [v for v in found if as_dict(v.get("id")).get("videoId")]

    async def _comments(self, video_id: str, video: dict[str, Any], marks: dict[str, Any]) -> list[bytes]:
        params = {"part": "snippet", "videoId": video_id, "order": "time", "maxResults": 100,
                  "textFormat": "plainText"}
        threads = await self._pages("commentThreads", params, marks.setdefault(f"comments:{video_id}", {}),
                                    lambda t: _comment(t).get("publishedAt"))
        return [guarded("youtube", lambda t: comment_post(t, video), t) for t in threads]


def video_post(video: dict[str, Any]) -> bytes:
    """A search result (youtube#searchResult) as a post: title and description are its text."""
    snippet, video_id = as_dict(video.get("snippet")), video["id"]["videoId"]
    text = "\n\n".join(p for p in (snippet.get("title"), snippet.get("description")) if p)
    return make_post(
        "youtube", video_id, str(snippet.get("publishedAt") or ""), text,
        {"id": snippet.get("channelId"), "display_name": snippet.get("channelTitle")}, video,
        url=f"https://www.youtube.com/watch?v={video_id}",
    )


def comment_post(thread: dict[str, Any], video: dict[str, Any]) -> bytes:
    """A comment thread's top-level comment as a reply to its video; an update is an edit."""
    comment = _comment(thread)
    published, updated = comment.get("publishedAt"), comment.get("updatedAt")
    return make_post(
        "youtube", _id(thread), str(published or ""),
        str(comment.get("textOriginal") or comment.get("textDisplay") or ""),
        {"id": as_dict(comment.get("authorChannelId")).get("value"),
         "handle": comment.get("authorDisplayName"), "display_name": comment.get("authorDisplayName")},
        thread, kind="reply", shared_from=video, edited_at=updated if updated != published else None,
        url=f"https://www.youtube.com/watch?v={video.get('post_id')}&lc={thread.get('id')}",
    )


def _quota_spent(exc: Exception) -> bool:
    """YouTube answers 403 `quotaExceeded` (daily) or `rateLimitExceeded`: the round ends there
    rather than spending requests that all fail; the next round tries again."""
    return isinstance(exc, Rejected) and any(
        reason in exc.reason for reason in ("quotaExceeded", "rateLimitExceeded", "dailyLimitExceeded")
    )


def _published(video: dict[str, Any]) -> str | None:
    return as_dict(video.get("snippet")).get("publishedAt")


def _id(item: dict[str, Any]) -> str:
    """A video's id (search results nest it) or a comment thread's (its top-level comment's)."""
    return str(as_dict(item.get("id")).get("videoId") or item.get("id"))


def _comment(thread: dict[str, Any]) -> dict[str, Any]:
    return as_dict(as_dict(as_dict(thread.get("snippet")).get("topLevelComment")).get("snippet"))


def _shared(video: dict[str, Any]) -> dict[str, Any]:
    snippet = as_dict(video.get("snippet"))
    return {"platform": "youtube", "handle": snippet.get("channelTitle"), "post_id": video["id"]["videoId"],
            "text": snippet.get("title", ""), "channel_id": snippet.get("channelId")}


def _key(search: dict[str, str]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(search.items()))
