"""YouTube search and comment threads with page tokens and watermarks; the HMAC webhook hands
posts on before it answers 202 and refuses bad signatures and replays; the watch list follows
its files without a restart."""

import asyncio
import time
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from collectors.config import load_config
from collectors.service import run_sources
from collectors.sources.webhook import signature
from collectors.watch import WatchFiles
from netra.bus.base import CURSORS
from netra.bus.sqlite import SqlitePublisher
from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect
from tests.collectors.platforms import Script
from tests.fixtures.servers import free_port


def video(number: int, channel: str = "UCsutopo") -> dict:
    return {"kind": "youtube#searchResult", "etag": "e", "id": {"kind": "youtube#video", "videoId": f"vid{number}"},
            "snippet": {"publishedAt": f"2024-11-10T0{number}:00:00Z", "channelId": channel,
                        "title": f"Kampanye {number}", "description": "Sutopo Hadi", "channelTitle": "Sutopo TV"}}


def thread(number: int, video_id: str, edited: bool = False) -> dict:
    published = f"2024-11-10T1{number}:00:00Z"
    return {"kind": "youtube#commentThread", "id": f"c{video_id}{number}", "snippet": {
        "videoId": video_id, "totalReplyCount": 0, "canReply": True, "isPublic": True,
        "topLevelComment": {"kind": "youtube#comment", "id": f"c{video_id}{number}", "snippet": {
            "authorDisplayName": "@dwihartanto", "authorChannelId": {"value": "UCdwi"},
            "textOriginal": "Coblos nomor 1!", "textDisplay": "Coblos nomor 1!", "likeCount": 0,
            "publishedAt": published, "updatedAt": "2024-11-11T00:00:00Z" if edited else published}}}}


async def test_youtube_search_and_comment_threads(serve, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETRA_TEST_YT_KEY", "test-key")
    videos, threads = [video(1), video(2), video(3)], {"vid3": [thread(1, "vid3"), thread(2, "vid3", edited=True)]}
    script = Script({"/youtube/v3/commentThreads": ["403"]})

    def page(items: list, request: Request) -> Response:
        items = sorted(items, key=lambda i: str(i["snippet"].get("publishedAt") or i["snippet"]["topLevelComment"]
                                                 ["snippet"]["publishedAt"]), reverse=True)
        start = int(request.query_params.get("pageToken", 0))
        body = {"kind": "youtube#searchListResponse", "items": items[start:start + 2]}
        return JSONResponse(body | ({"nextPageToken": str(start + 2)} if start + 2 < len(items) else {}))

    async def search(request: Request) -> Response:
        await script.fault(request)
        assert request.query_params["key"] == "test-key"
        return page(videos, request)

    async def comment_threads(request: Request) -> Response:
        script.requests.append((time.time(), request.url.path, dict(request.query_params)))
        planned = script.faults.get(request.url.path)
        if planned:
            planned.pop(0)
            return JSONResponse({"error": {"code": 403, "errors": [{"reason": "quotaExceeded"}]}}, 403)
        return page(threads.get(request.query_params["videoId"], []), request)

    base = serve(Starlette(routes=[Route("/youtube/v3/search", search),
                                   Route("/youtube/v3/commentThreads", comment_threads)]))
    text = f"""
sources:
  - kind: youtube
    name: yt
    base_url: {base}/youtube/v3
    token: env:NETRA_TEST_YT_KEY
    channels: [UCsutopo]
    once: true
"""
    bus = await collect(text, tmp_path)  # first sight: the newest page; then quotaExceeded ends the round
    assert [p["post_id"] for p in bus_posts(bus)] == ["vid2", "vid3"]
    assert [path for _, path, _ in script.requests].count("/youtube/v3/commentThreads") == 1, "no request wasted"
    videos.append(video(4))
    await collect(text, tmp_path)
    posts = bus_posts(bus)
    assert [p["post_id"] for p in posts] == ["vid2", "vid3", "vid4", "cvid31", "cvid32"]
    comment = posts[3]
    assert comment["kind"] == "reply" and comment["author"] == {"id": "UCdwi", "handle": "@dwihartanto",
                                                                 "display_name": "@dwihartanto"}
    assert comment["shared_from"]["post_id"] == "vid3" and comment["shared_from"]["text"] == "Kampanye 3"
    assert posts[4]["edited_at"] == "2024-11-11T00:00:00Z"


async def test_webhook_accepts_signed_posts_once_durable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NETRA_TEST_HOOK", "s3cret")
    port = free_port()
    config_path = tmp_path / "c.yaml"
    config_path.write_text(f"sources:\n  - {{kind: webhook, name: hook, secret: 'env:NETRA_TEST_HOOK', port: {port}}}\n")
    publisher = SqlitePublisher(tmp_path / "bus.sqlite")
    stop = asyncio.Event()

    async def no_cursor(name: str) -> str | None:
        return None

    running = asyncio.create_task(run_sources(load_config(config_path), publisher, stop, no_cursor))
    body = (b'{"platform": "x", "post_id": "1", "created_at": "2024-11-10T08:15:00+07:00", "text": "a",'
            b' "author": {"id": "9"}}\n{"platform": "x", "post_id": "2", "created_at": "2024-11-10T08:16:00+07:00",'
            b' "text": "b", "author": {"id": "9"}}\n')
    url = f"http://127.0.0.1:{port}/posts"
    async with httpx.AsyncClient() as client:
        for _ in range(100):
            try:
                await client.get(url)
                break
            except httpx.TransportError:
                await asyncio.sleep(0.05)
        now = str(int(time.time()))
        good = await client.post(url, content=body, headers={
            "X-Netra-Timestamp": now, "X-Netra-Signature": signature("s3cret", now, body)})
        assert good.status_code == 202 and good.json() == {"accepted": 2}
        assert [p["post_id"] for p in bus_posts(tmp_path / "bus.sqlite")] == ["1", "2"], "on the bus before the 202"
        forged = await client.post(url, content=body, headers={
            "X-Netra-Timestamp": now, "X-Netra-Signature": signature("guess", now, body)})
        old = str(int(time.time()) - 3600)
        replayed = await client.post(url, content=body, headers={
            "X-Netra-Timestamp": old, "X-Netra-Signature": signature("s3cret", old, body)})
        assert (forged.status_code, replayed.status_code) == (401, 401)
    stop.set()
    await asyncio.wait_for(running, 10)
    assert len(bus_posts(tmp_path / "bus.sqlite")) == 2
    assert publisher.latest(CURSORS, b"hook") is not None
    publisher.close()


async def test_watch_list_follows_its_files_without_restart(tmp_path: Path, caplog) -> None:
    elections, registry = tmp_path / "elections.yaml", tmp_path / "registry.csv"
    elections.write_text("""elections:
  - id: e1
    region: Kabupaten Kaliurang Raya
    candidates:
      - {number: 1, names: ["Sutopo Hadi"], hashtags: ["#SutopoRatna"], accounts: ["x:sutopohadi_official"]}
""")
    registry.write_text("nip,nama,akun_medsos\n198702142011011003,Dwi,x:dwi_hartanto21;mastodon:dwi\n")
    watch = WatchFiles(elections, registry)
    first = await watch.current()
    assert first.terms == ("Sutopo Hadi",) and first.hashtags == ("SutopoRatna",)
    assert first.follow("x") == ("dwi_hartanto21", "sutopohadi_official") and first.follow("mastodon") == ("dwi",)

    with registry.open("a") as more:
        more.write("199001012015031002,Rina,x:rina_asn\n")
    elections.write_text(elections.read_text().replace('"#SutopoRatna"', '"#SutopoRatna", "#KaliurangMaju"'))
    second = await watch.current()
    assert second.hashtags == ("SutopoRatna", "KaliurangMaju") and "rina_asn" in second.follow("x")

    elections.write_text("elections: [{id: broken}]\n")
    assert await watch.current() == second, "a bad update keeps the list in force"
    assert "cannot be read; keeping the old list" in caplog.text
