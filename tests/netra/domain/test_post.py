"""Posts are hostile input: every bad one is refused with a reason, every good one read faithfully."""

import json

import pytest

from netra.domain.post import MAX_TEXT_CHARS, PostError, decode_post, encode_post

GOOD = {
    "platform": "x",
    "post_id": "1855012345678901234",
    "created_at": "2024-11-10T08:15:00+07:00",
    "text": "Ayo coblos nomor 1! #SutopoRatna",
    "author": {"id": "98765", "handle": "dwi_hartanto21"},
}


def _line(**changes: object) -> bytes:
    post = {**GOOD, **changes}
    return json.dumps({k: v for k, v in post.items() if v is not None}).encode()


def test_reads_the_contract_example() -> None:
    post = decode_post(_line(shared_from={"platform": "x", "handle": "sutopo", "text": "..."},
                             media=[{"type": "image", "url": "https://e.x/1.jpg"}], raw={"a": [1]}))
    assert (post.platform, post.post_id, post.author.handle) == ("x", "1855012345678901234", "dwi_hartanto21")
    assert post.shared_from is not None and post.shared_from.handle == "sutopo"
    assert post.media[0].url == "https://e.x/1.jpg" and post.raw == {"a": [1]}
    assert post.key == "x:1855012345678901234"


@pytest.mark.parametrize(
    ("changes", "read"),
    [
        ({"post_id": 1855012345678901234}, lambda p: p.post_id == "1855012345678901234"),
        ({"platform": "X"}, lambda p: p.platform == "x"),
        ({"author": {"id": 98765}}, lambda p: p.author.id == "98765" and p.author.handle is None),
        ({"text": ""}, lambda p: p.text == ""),
        ({"created_at": "2024-11-10T01:15:00Z"}, lambda p: p.created_at.endswith("Z")),
        ({"unknown_field": {"x": 1}}, lambda p: p.text == GOOD["text"]),
        ({"text": "e\u0301 👨‍👩‍👧 \u202e"}, lambda p: p.text == "e\u0301 👨‍👩‍👧 \u202e"),
    ],
)
def test_accepts_what_the_contract_allows(changes: dict, read) -> None:  # type: ignore[no-untyped-def]
    assert read(decode_post(_line(**changes)))


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{", "invalid JSON"),
        (b"[1, 2]", "Expected `object`"),
        (b'{"text": "\xff"}', "not UTF-8"),
        (b'{"platform": "x", "text": "\\ud800"}', "unpaired UTF-16 surrogate"),
        (_line(post_id=None), "missing required field `post_id`"),
        (_line(text=None), "missing required field `text`"),
        (_line(text=5), "Expected `str`, got `int`"),
        (_line(post_id="  "), "post_id is empty"),
        (_line(platform="Twitter / X"), "not a lower-case word"),
        (_line(created_at="10/11/2024"), "not ISO 8601"),
        (_line(created_at="2024-11-10T08:15:00"), "no UTC offset"),
        (_line(author={"display_name": "Dwi"}), "needs a handle or an id"),
        (_line(author="dwi"), "Expected `object`"),
        (_line(text="x" * (MAX_TEXT_CHARS + 1)), "over 100000"),
        (b'{"text": "' + b"y" * (3 * 1024 * 1024) + b'"}', "byte limit"),
    ],
)
def test_refuses_bad_posts_with_a_reason(line: bytes, reason: str) -> None:
    with pytest.raises(PostError) as refused:
        decode_post(line)
    assert reason in str(refused.value)


def test_canonical_json_is_stable_whatever_the_key_order() -> None:
    shuffled = json.dumps(dict(reversed(list(json.loads(_line()).items())))).encode()
    assert encode_post(decode_post(_line())) == encode_post(decode_post(shuffled))


@pytest.mark.parametrize(("changes", "reason"), [
    ({"post_id": "9" * 257}, "post_id is 257 bytes, over 256"),
    ({"post_id": "1/../2"}, "post_id '1/../2' holds"),
    ({"post_id": "1\r\nLocation: x"}, "post_id '1\\r\\nLocation: x' holds"),
    ({"author": {"id": "a b", "handle": "h"}}, "author.id 'a b' holds"),
    ({"author": {"handle": "h" * 101}}, "author.handle has 101 characters, over 100"),
    ({"author": {"handle": "h", "display_name": "D" * 201}}, "author.display_name has 201 characters"),
    ({"author": {"handle": "h", "bio": "b" * 2001}}, "author.bio has 2001 characters, over 2000"),
    ({"shared_from": {"text": "s" * (MAX_TEXT_CHARS + 1)}}, "shared_from.text has 100001 characters"),
    ({"url": "https://x/" + "u" * 2048}, "url has 2058 characters, over 2048"),
    ({"media": [{"url": "m"}] * 21}, "21 media, over 20"),
    ({"media": [{"alt_text": "a" * 2001}]}, "media.alt_text has 2001 characters"),
    ({"created_at": "0001-01-01T00:00:00+14:00"}, "out of range in UTC"),
])
def test_every_field_is_bounded_with_a_clear_reason(changes: dict, reason: str) -> None:
    with pytest.raises(PostError, match=r"^invalid post: ") as refused:
        decode_post(_line(**changes))
    assert reason in str(refused.value)


def test_ids_at_their_bound_and_reaction_ids_are_read() -> None:
    assert decode_post(_line(post_id="9" * 256)).post_id == "9" * 256
    assert decode_post(_line(post_id="like:98765:1855012345678901234")).key == "x:like:98765:1855012345678901234"


def test_a_utf8_bom_before_the_first_post_is_ignored() -> None:
    assert decode_post(b"\xef\xbb\xbf" + _line()).post_id == GOOD["post_id"]


def test_json_nested_a_thousand_deep_is_refused_clearly() -> None:
    deep = _line(raw=None)[:-1] + b', "raw": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    with pytest.raises(PostError, match="nested too deep"):
        decode_post(deep)
