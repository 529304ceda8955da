"""A public post as a collector captured it (CONTRACTS.md §1), decoded from hostile JSON."""

import json
import re
from datetime import datetime
from typing import Any

import msgspec

MAX_LINE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
_PLATFORM = re.compile(r"[a-z][a-z0-9_-]{0,31}")


class PostError(ValueError):
    """A post that cannot be read; the message says why, for the dead-letter record."""


class Author(msgspec.Struct, omit_defaults=True):
    """The account that wrote the post, as the platform showed it."""

    id: str | None = None
    handle: str | None = None
    display_name: str | None = None
    bio: str | None = None
    location: str | None = None


class SharedFrom(msgspec.Struct, omit_defaults=True):
    """The post this one reposts, quotes or shares."""

    platform: str | None = None
    handle: str | None = None
    text: str | None = None


class Media(msgspec.Struct, omit_defaults=True):
    """An attached image, video or link."""

    type: str | None = None
    url: str | None = None
    alt_text: str | None = None


class Post(msgspec.Struct, omit_defaults=True):
    """One post; identity is (platform, post_id)."""

    platform: str
    post_id: str
    created_at: str
    text: str
    author: Author
    url: str | None = None
    lang: str | None = None
    shared_from: SharedFrom | None = None
    media: list[Media] = []
    raw: Any = None

    @property
    def key(self) -> str:
        """Stable identity of the post, `platform:post_id`."""
        return f"{self.platform}:{self.post_id}"


class _WirePost(msgspec.Struct):
    """The post as it may arrive: ids may be numbers, unknown fields are ignored."""

    platform: str
    post_id: str | int
    created_at: str
    text: str
    author: "_WireAuthor"
    url: str | None = None
    lang: str | None = None
    shared_from: SharedFrom | None = None
    media: list[Media] | None = None
    raw: Any = None


class _WireAuthor(msgspec.Struct):
    id: str | int | None = None
    handle: str | None = None
    display_name: str | None = None
    bio: str | None = None
    location: str | None = None


_decoder = msgspec.json.Decoder(_WirePost)


def decode_post(line: bytes | str) -> Post:
    """Decode and validate one post; raises PostError with a reason a person can act on."""
    if len(line) > MAX_LINE_BYTES:
        raise PostError(f"post is {len(line)} bytes, over the {MAX_LINE_BYTES} byte limit")
    try:
        wire = _decoder.decode(line)
    except msgspec.ValidationError as exc:
        raise PostError(f"invalid post: {exc}") from None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise PostError(_explain_bad_json(line, exc)) from None
    return _validated(wire)


def _explain_bad_json(line: bytes | str, exc: Exception) -> str:
    """msgspec's messages are terse; the standard library says where the JSON breaks."""
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8: byte {exc.start} cannot be decoded"
    try:
        json.loads(line)
    except json.JSONDecodeError as detail:
        return f"invalid JSON: {detail}"
    except UnicodeDecodeError as detail:
        return f"not UTF-8: byte {detail.start} cannot be decoded"
    return "invalid JSON: a string holds an unpaired UTF-16 surrogate escape"


def _validated(wire: _WirePost) -> Post:
    platform = wire.platform.strip().lower()
    if not _PLATFORM.fullmatch(platform):
        raise PostError(f"invalid post: platform {wire.platform[:40]!r} is not a lower-case word")
    post_id = str(wire.post_id).strip()
    if not post_id:
        raise PostError("invalid post: post_id is empty")
    if len(wire.text) > MAX_TEXT_CHARS:
        raise PostError(f"invalid post: text has {len(wire.text)} characters, over {MAX_TEXT_CHARS}")
    _check_timestamp(wire.created_at)
    author = Author(
        id=None if wire.author.id is None else str(wire.author.id),
        handle=wire.author.handle,
        display_name=wire.author.display_name,
        bio=wire.author.bio,
        location=wire.author.location,
    )
    if not (author.id or author.handle):
        raise PostError("invalid post: author needs a handle or an id")
    return Post(
        platform=platform,
        post_id=post_id,
        created_at=wire.created_at,
        text=wire.text,
        author=author,
        url=wire.url,
        lang=wire.lang,
        shared_from=wire.shared_from,
        media=wire.media or [],
        raw=wire.raw,
    )


def _check_timestamp(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PostError(f"invalid post: created_at {value[:40]!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        raise PostError(f"invalid post: created_at {value[:40]!r} has no UTC offset")


def encode_post(post: Post) -> bytes:
    """The post as canonical JSON (sorted keys), for hashing and storage."""
    return msgspec.json.encode(msgspec.to_builtins(post), order="sorted")
