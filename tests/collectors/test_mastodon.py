"""Mastodon against a loopback server: pages climb by min_id without gap or repeat across runs;
429, 500, time-outs and garbage are survived; the stream's edits and deletions are recorded and
an event cut mid-message is not; candidates' statuses yield likes and reblogs once."""

import json
from pathlib import Path

from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect, metric
from tests.collectors.platforms import ELECTIONS, Script, mastodon_app, mastodon_status


def config(base: str, name: str, extra: str = "", timelines: str = "[public]") -> str:
    return f"""
sources:
  - kind: mastodon
    name: {name}
    base_url: {base}
    timelines: {timelines}
    page_size: 5
    once: true
    politeness: {{attempts: 5, first_backoff: 0.05, timeout: 1}}
{extra}"""


async def test_pages_resume_after_the_checkpoint(serve, tmp_path: Path) -> None:
    statuses = [mastodon_status(n) for n in range(1, 13)]
    script = Script()
    base = serve(mastodon_app(script, lambda: statuses))

    bus = await collect(config(base, "m-pages"), tmp_path)
    first = [p["post_id"] for p in bus_posts(bus)]
    assert first == [mastodon_status(n)["id"] for n in range(8, 13)], "first sight: the newest page, oldest first"

    statuses += [mastodon_status(n) for n in range(13, 25)]
    await collect(config(base, "m-pages"), tmp_path)
    ids = [p["post_id"] for p in bus_posts(bus)]
    assert ids == [mastodon_status(n)["id"] for n in range(8, 25)], "no gap, no repeat"
    min_ids = [q.get("min_id") for _, _, q in script.requests]
    assert min_ids[1] == mastodon_status(12)["id"] and min_ids[2] == mastodon_status(17)["id"]

    post = bus_posts(bus)[0]
    assert post["text"] == "Ayo coblos nomor 1! #SutopoRatna"
    assert post["author"] == {"id": "98765", "handle": "dwi@mastodon.example", "display_name": "Dwi Hartanto",
                              "bio": "Guru SDN 4 Kaliurang Raya"}
    assert post["raw"] == mastodon_status(8), "the platform payload is kept untouched"
    assert metric("netra_collector_new_total", "m-pages") == 17


async def test_rate_limit_server_errors_timeouts_and_garbage(serve, tmp_path: Path) -> None:
    statuses = [mastodon_status(n) for n in range(1, 4)]
    script = Script({"/api/v1/timelines/public": ["429", "500", "timeout", "garbage"]})
    base = serve(mastodon_app(script, lambda: statuses))

    bus = await collect(config(base, "m-faults"), tmp_path)
    assert bus_posts(bus) == [], "garbage is not a page: nothing handed on, checkpoint unchanged"
    times = [t for t, _, _ in script.requests]
    assert times[1] - times[0] >= 1.0, "Retry-After: 1 was honoured"
    assert metric("netra_collector_rate_limit_waits_total", "m-faults") == 1
    assert metric("netra_collector_errors_total", "m-faults") == 3  # 500, time-out, garbage

    await collect(config(base, "m-faults"), tmp_path)
    assert [p["post_id"] for p in bus_posts(bus)] == [s["id"] for s in statuses]


async def test_stream_records_edits_and_deletions_and_drops_a_cut_event(serve, tmp_path: Path) -> None:
    first, second = mastodon_status(1), mastodon_status(2)
    edited = {**second, "content": "<p>Ayo coblos nomor 2!</p>", "edited_at": "2024-11-10T02:00:00.000Z"}

    async def stream():
        yield f"event: update\ndata: {json.dumps(second)}\n\n".encode()
        yield b":thump\n\n"
        yield f"event: status.update\ndata: {json.dumps(edited)}\n\n".encode()
        yield f"event: delete\ndata: {second['id']}\n\n".encode()
        yield b'event: update\ndata: {"id": "110000000000000099", "content": "<p>cut'  # connection ends here

    base = serve(mastodon_app(Script(), lambda: [first], stream))
    bus = await collect(config(base, "m-stream", "    streaming: true"), tmp_path)
    posts = bus_posts(bus)
    assert [(p["post_id"], p["text"], p.get("edited_at"), "deleted_at" in p) for p in posts] == [
        (first["id"], "Ayo coblos nomor 1! #SutopoRatna", None, False),
        (second["id"], "Ayo coblos nomor 1! #SutopoRatna", None, False),
        (second["id"], "Ayo coblos nomor 2!", "2024-11-10T02:00:00.000Z", False),
        (second["id"], "", None, True),
    ], "the edit is a new capture beside the first; the deletion is recorded; the cut event is not"
    assert posts[3]["author"]["handle"] == "dwi@mastodon.example"


async def test_reactions_to_candidates_statuses_once(serve, tmp_path: Path) -> None:
    (tmp_path / "elections.yaml").write_text(ELECTIONS, encoding="utf-8")
    statuses = [mastodon_status(1, "Kampanye akbar hari ini")]
    base = serve(mastodon_app(Script(), lambda: statuses))
    text = config(base, "m-react", "    reactions: true\n", timelines="[]") + "watch: {elections: elections.yaml}\n"

    bus = await collect(text, tmp_path)
    await collect(text, tmp_path)  # the likers' list read again: nobody repeated
    reactions = [p for p in bus_posts(bus) if p.get("kind") in ("like", "repost")]
    status_id = statuses[0]["id"]
    assert sorted(p["post_id"] for p in reactions) == [
        f"like:701:{status_id}", f"like:702:{status_id}", f"repost:703:{status_id}", f"repost:704:{status_id}",
    ]
    assert reactions[0]["shared_from"]["post_id"] == status_id
    assert reactions[0]["shared_from"]["text"] == "Kampanye akbar hari ini"
    assert reactions[0]["author"]["handle"] == "asn1@mastodon.example"


async def test_hostile_statuses_are_handed_on_for_dead_lettering_never_fatal(serve, tmp_path: Path) -> None:
    huge = "Ayo " * 250_000 + "\u202e\u200b🗳️ <script>alert(1)</script>"
    statuses = [
        mastodon_status(1, text=huge, account={"id": "1", "acct": "<b>x</b>", "display_name": "<script>x</script>"}),
        mastodon_status(2, account="not an object"),
        {"id": 3, "content": "an id that is a number"},
        mastodon_status(4),
    ]
    base = serve(mastodon_app(Script(), lambda: [s for s in statuses if isinstance(s.get("id"), str)]
                              + [statuses[2]]))
    bus = await collect(config(base, "m-hostile", timelines="[local]").replace("page_size: 5", "page_size: 10"), tmp_path)
    posts = bus_posts(bus)
    good = [p for p in posts if "collect_error" not in p]
    bad = [p for p in posts if "collect_error" in p]
    assert [p["post_id"] for p in good] == [statuses[0]["id"], statuses[3]["id"]]
    assert good[0]["text"].endswith("\u202e\u200b🗳️ alert(1)") and len(good[0]["text"]) > 1_000_000
    assert good[0]["author"]["display_name"] == "<script>x</script>", "kept as written; the review page escapes"
    assert sorted(str(p["raw"]["id"]) for p in bad) == sorted([statuses[1]["id"], "3"])
    assert all("post_id" not in p for p in bad), "no post_id: the processors dead-letter them whole"
