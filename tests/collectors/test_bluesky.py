"""Bluesky against a loopback AppView and Jetstream: feed watermarks across runs, reposts,
search, reactions to candidates' posts, and a firehose kept to the watch list that resumes
from its cursor after a dropped connection without repeating the event at the cursor."""

import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect
from tests.collectors.platforms import ELECTIONS, Script, bluesky_app, bsky_post


def bluesky_config(base: str, name: str, extra: str = "") -> str:
    return f"""
sources:
  - kind: bluesky
    name: {name}
    base_url: {base}
    once: true
    watch: false
    page_size: 2
{extra}"""


async def test_author_feed_resumes_at_its_watermark_and_keeps_reposts(serve, tmp_path: Path) -> None:
    feed = [{"post": bsky_post(n)} for n in range(1, 4)]
    base = serve(bluesky_app(Script(), lambda: feed))
    text = bluesky_config(base, "bsky-feed", "    accounts: [dwi.bsky.social]\n")
    bus = await collect(text, tmp_path)
    assert [p["post_id"] for p in bus_posts(bus)] == [bsky_post(n)["uri"] for n in (2, 3)], "first sight: newest page"

    original = bsky_post(9, "Kampanye Sutopo", did="did:plc:sutopo", handle="sutopo.bsky.social")
    feed += [{"post": bsky_post(n)} for n in range(4, 8)]
    feed.append({"post": original, "reason": {"$type": "app.bsky.feed.defs#reasonRepost",
                 "by": {"did": "did:plc:dwi", "handle": "dwi.bsky.social"}, "indexedAt": "2024-11-10T01:00:59.000Z"}})
    await collect(text, tmp_path)
    posts = bus_posts(bus)
    assert [p["post_id"] for p in posts[:-1]] == [bsky_post(n)["uri"] for n in range(2, 8)], "no gap, no repeat"
    repost = posts[-1]
    assert repost["kind"] == "repost" and repost["author"]["handle"] == "dwi.bsky.social"
    assert repost["shared_from"] == {"platform": "bluesky", "handle": "sutopo.bsky.social", "post_id": original["uri"],
                                     "text": "Kampanye Sutopo",
                                     "url": "https://bsky.app/profile/sutopo.bsky.social/post/3kpost0009"}
    assert posts[0]["text"] == "Ayo coblos nomor 1! #SutopoRatna" and posts[0]["lang"] == "id"


async def test_search_and_reactions_from_the_election_file(serve, tmp_path: Path) -> None:
    (tmp_path / "elections.yaml").write_text(ELECTIONS, encoding="utf-8")
    candidate_post = bsky_post(5, "Kampanye akbar", did="did:plc:sutopo", handle="sutopo.bsky.social")
    feed = [{"post": bsky_post(1, "Dukung #SutopoRatna")}, {"post": candidate_post}]
    base = serve(bluesky_app(Script(), lambda: feed))
    text = bluesky_config(base, "bsky-watch", "    reactions: true\n").replace("watch: false", "watch: true")
    bus = await collect(text + "watch: {elections: elections.yaml}\n", tmp_path)
    posts = {p["post_id"]: p for p in bus_posts(bus)}
    assert bsky_post(1)["uri"] in posts, "found by the hashtag from the election file"
    like, repost = f"like:did:plc:asn1:{candidate_post['uri']}", f"repost:did:plc:asn2:{candidate_post['uri']}"
    assert posts[like]["shared_from"]["text"] == "Kampanye akbar" and posts[like]["author"]["handle"] == "asn1.bsky.social"
    assert posts[repost]["kind"] == "repost"


def jetstream_app(events: list[dict], connections: list[str]) -> Starlette:
    """Replays `events` from the `cursor` query (inclusive, as Jetstream does); the first
    connection drops after three events without a close frame being waited for."""

    async def subscribe(socket: WebSocket) -> None:
        await socket.accept()
        connections.append(str(socket.url.query))
        cursor = int(socket.query_params.get("cursor", 0))
        replay = [e for e in events if e["time_us"] >= cursor]
        if len(connections) == 1:
            for event in replay[:3]:
                await socket.send_text(json.dumps(event))
            await socket.send_text("{not json")
            await socket.close(code=1011)
            return
        for event in replay:
            await socket.send_text(json.dumps(event))
        await socket.close()

    return Starlette(routes=[WebSocketRoute("/subscribe", subscribe)])


def commit(time_us: int, did: str, collection: str, rkey: str, operation: str = "create", **record) -> dict:
    body = {"rev": "3l", "operation": operation, "collection": collection, "rkey": rkey}
    if operation != "delete":
        body |= {"record": {"$type": collection, "createdAt": "2024-11-10T01:00:00.000Z", **record}, "cid": "bafy"}
    return {"did": did, "time_us": time_us, "kind": "commit", "commit": body}


async def test_jetstream_keeps_the_watch_list_and_resumes_from_its_cursor(serve, tmp_path: Path) -> None:
    (tmp_path / "elections.yaml").write_text(ELECTIONS, encoding="utf-8")
    (tmp_path / "registry.csv").write_text("nip,nama,akun_medsos\n198702142011011003,Dwi,bluesky:dwi.bsky.social\n")
    post = "app.bsky.feed.post"
    events = [
        commit(1_000, "did:plc:dwi", post, "a1", text="Selamat pagi"),  # a watched account
        commit(2_000, "did:plc:other", post, "b1", text="cuaca cerah"),  # nobody we watch
        commit(3_000, "did:plc:other", post, "b2", text="Pilih Sutopo Hadi!"),  # names a candidate
        {"did": "did:plc:dwi", "time_us": 3_500, "kind": "identity", "identity": {"handle": "dwi.bsky.social"}},
        commit(4_000, "did:plc:asn9", "app.bsky.feed.like", "c1",
               subject={"uri": "at://did:plc:sutopo/app.bsky.feed.post/p1", "cid": "bafy"}),
        commit(5_000, "did:plc:dwi", post, "a1", operation="update", text="Selamat pagi, coblos 1"),
        commit(6_000, "did:plc:dwi", post, "a1", operation="delete"),
    ]
    connections: list[str] = []
    base = serve(jetstream_app(events, connections)).replace("http://", "ws://")
    appview = serve(bluesky_app(Script(), list))
    text = f"""
watch: {{elections: elections.yaml, registry: registry.csv}}
sources:
  - kind: jetstream
    name: jetstream
    url: {base}/subscribe
    appview: {appview}
    once: true
    batch_size: 2
    batch_seconds: 0.2
"""
    bus = await collect(text, tmp_path)  # drops after three events and a garbled one
    await collect(text, tmp_path)  # resumes from the cursor
    assert "cursor=3000" in connections[1], "the second connection replays from the last event handed on"
    posts = bus_posts(bus)
    assert [(p["post_id"], p.get("kind"), "edited_at" in p, "deleted_at" in p) for p in posts] == [
        ("at://did:plc:dwi/app.bsky.feed.post/a1", None, False, False),
        ("at://did:plc:other/app.bsky.feed.post/b2", None, False, False),
        ("like:did:plc:asn9:at://did:plc:sutopo/app.bsky.feed.post/p1", "like", False, False),
        ("at://did:plc:dwi/app.bsky.feed.post/a1", None, True, False),
        ("at://did:plc:dwi/app.bsky.feed.post/a1", None, False, True),
    ], "each wanted event once, in order; the edit and the deletion are new captures"
    assert posts[2]["shared_from"]["handle"] == "sutopo.bsky.social"
