"""File sources: a checkpoint names the file's content (a replaced file starts over, a grown one
resumes); exports are mapped by declared columns; RSS/Atom feeds hand each entry on once."""

import json
import logging
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from collectors import checkpoint
from collectors.config import credential, load_config
from collectors.jsonl import JsonlSource
from netra.domain.problems import InputError
from tests.collectors.conftest import bus_posts
from tests.collectors.harness import collect


def line(n: int) -> bytes:
    return (f'{{"platform": "x", "post_id": "{n}", "created_at": "2024-11-10T08:15:00+07:00",'
            f' "text": "post {n}", "author": {{"id": "9"}}}}\n').encode()


async def read_all(source: JsonlSource, cursor: str | None) -> tuple[list[bytes], str | None]:
    posts: list[bytes] = []
    async for batch in source.batches(cursor):
        posts += batch.posts
        cursor = batch.cursor
    return posts, cursor


async def test_jsonl_cursor_resumes_a_grown_file_and_restarts_a_replaced_one(tmp_path: Path, caplog) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"".join(line(n) for n in range(1, 6)))
    source = JsonlSource(path, batch_size=2)
    posts, cursor = await read_all(source, None)
    assert len(posts) == 5

    with path.open("ab") as more:
        more.write(line(6))
    posts, cursor = await read_all(source, cursor)
    assert posts == [line(6).rstrip(b"\n")], "appended lines only"

    path.write_bytes(b"".join(line(n) for n in range(100, 110)))  # a new export, same name
    with caplog.at_level(logging.WARNING):
        posts, _ = await read_all(source, cursor)
    assert len(posts) == 10, "a new file is read from its first line, not after line 6"
    assert "starting over" in caplog.text


async def test_legacy_line_count_cursor_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_bytes(b"".join(line(n) for n in range(1, 5)))
    posts, cursor = await read_all(JsonlSource(path), "3")
    assert posts == [line(4).rstrip(b"\n")]
    assert checkpoint.load(cursor)["bytes"] == path.stat().st_size


async def test_csv_export_mapped_by_columns(tmp_path: Path) -> None:
    (tmp_path / "tiktok.csv").write_text(
        "id,create_time,video_description,username,region_code\n"
        "7300000000000000001,1731201300,Ayo coblos nomor 1 #SutopoRatna,dwi.hartanto,ID\n"
        ",1731201301,baris tanpa id,dwi.hartanto,ID\n",
        encoding="utf-8",
    )
    tiktok = """
sources:
  - kind: import
    name: tiktok-research
    path: tiktok.csv
    platform: tiktok
    once: true
    columns: {post_id: id, created_at: create_time, text: video_description, author.handle: username}
"""
    bus = await collect(tiktok, tmp_path)
    good, bad = bus_posts(bus)
    assert good["post_id"] == "7300000000000000001" and good["created_at"] == "2024-11-10T01:15:00+00:00"
    assert good["author"] == {"handle": "dwi.hartanto"} and good["raw"]["region_code"] == "ID"
    assert "post_id" not in bad and "lacks post_id" in bad["import_error"], "handed on to be dead-lettered"

    await collect(tiktok, tmp_path)
    assert len(bus_posts(bus)) == 2, "the second run resumes after both records"


async def test_rss_and_atom_entries_once_with_conditional_requests(serve, tmp_path: Path) -> None:
    items = ['<item><title>Bupati resmikan pasar</title><link>https://berita.example/1</link>'
             '<guid>https://berita.example/1</guid><pubDate>Sun, 10 Nov 2024 08:00:00 +0700</pubDate>'
             '<description>&lt;p&gt;Ringkasan &lt;b&gt;berita&lt;/b&gt;&lt;/p&gt;</description></item>']
    seen_validators: list[str | None] = []

    async def rss(request: Request) -> Response:
        seen_validators.append(request.headers.get("if-none-match"))
        etag = f'"v{len(items)}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Berita</title><link>https://berita.example</link><language>id</language>{"".join(items)}</channel></rss>'
        return Response(body, media_type="application/rss+xml", headers={"ETag": etag})

    async def atom(request: Request) -> Response:
        return Response('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>KPU</title>'
                        '<entry><id>tag:kpu,2024:1</id><title>Jadwal debat</title><updated>2024-11-10T01:00:00Z</updated>'
                        '<link href="https://kpu.example/1"/></entry><bad></feed>', media_type="application/atom+xml")

    base = serve(Starlette(routes=[Route("/rss", rss), Route("/atom", atom)]))
    text = f"sources:\n  - {{kind: feed, name: news, once: true, urls: ['{base}/rss', '{base}/atom']}}\n"
    bus = await collect(text, tmp_path)
    await collect(text, tmp_path)  # 304 for RSS; the same Atom entry again
    items.append('<item><title>Debat kedua</title><guid>https://berita.example/2</guid></item>')
    await collect(text, tmp_path)
    posts = bus_posts(bus)
    assert [p["post_id"] for p in posts] == ["https://berita.example/1", "tag:kpu,2024:1", "https://berita.example/2"]
    assert posts[0]["text"] == "Bupati resmikan pasar\n\nRingkasan berita"
    assert posts[0]["created_at"] == "2024-11-10T01:00:00+00:00" and posts[0]["platform"] == "news"
    assert seen_validators == [None, '"v1"', '"v1"']


async def test_json_export_records_by_path_and_nested_columns(tmp_path: Path) -> None:
    (tmp_path / "mcl.json").write_text(json.dumps({"data": {"posts": [
        {"id": "10158", "creation_time": 1731201300000, "text": "Coblos 1",
         "post_owner": {"id": "4412", "name": "Dwi Hartanto"}},
        "not an object",
    ]}}), encoding="utf-8")
    bus = await collect("""
sources:
  - kind: import
    name: meta-content-library
    path: mcl.json
    platform: facebook
    format: json
    records: data.posts
    once: true
    columns: {post_id: id, created_at: creation_time, text: text, author.id: post_owner.id,
              author.display_name: post_owner.name}
""", tmp_path)
    good, bad = bus_posts(bus)
    assert good["created_at"] == "2024-11-10T01:15:00+00:00", "Unix milliseconds"
    assert good["author"] == {"id": "4412", "display_name": "Dwi Hartanto"} and good["platform"] == "facebook"
    assert bad["raw"] == "not an object" and "import_error" in bad


def test_credentials_come_from_the_secrets_file(tmp_path: Path) -> None:
    (tmp_path / "secrets.yaml").write_text("x_bearer: from-the-secrets-file\n", encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text("secrets_file: secrets.yaml\nsources:\n  - {kind: x, name: x, token: 'secret:x_bearer'}\n",
                    encoding="utf-8")
    config = load_config(path)
    assert credential(config.sources[0].token, config) == "from-the-secrets-file"
    with pytest.raises(InputError, match="secret:missing is not set"):
        credential("secret:missing", config)
