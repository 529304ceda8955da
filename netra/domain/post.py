"""A public post as a collector captured it (CONTRACTS.md §1), decoded from hostile JSON.

Every field has a size bound checked at decode time (docs/formats.md lists them), so no post
costs more than its bounded size downstream; identifiers are also refused when they hold
characters that would break a case's address (`/`, `\\`, `?`, `#`, `%`, spaces, controls).
"""

import json
import re
from datetime import UTC, datetime
from typing import Any

import msgspec

MAX_LINE_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000  # text and shared_from.text
MAX_ID_BYTES = 256  # post_id, author.id (Elasticsearch refuses document ids over 512 bytes)
MAX_HANDLE_CHARS = 100  # author.handle, shared_from.handle, platforms
MAX_NAME_CHARS = 200  # author.display_name, author.location
MAX_BIO_CHARS = 2_000  # author.bio, media alt_text
MAX_URL_CHARS = 2_048  # url, media url
MAX_SHORT_CHARS = 32  # lang, media type, created_at is at most 64
MAX_MEDIA = 20
BOM = b"\xef\xbb\xbf"
_PLATFORM = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_ID = re.compile(r"[^\s/\\?#%\x00-\x1f\x7f]+")


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
    line = line.removeprefix(BOM) if isinstance(line, bytes) else line.removeprefix("\ufeff")
    try:
        wire = _decoder.decode(line)
    except msgspec.ValidationError as exc:
        raise PostError(f"invalid post: {exc}") from None
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise PostError(_explain_bad_json(line, exc)) from None
    except RecursionError:
        raise PostError("invalid post: JSON nested too deep") from None
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
    post_id = _identifier("post_id", str(wire.post_id).strip())
    _check_sizes(wire)
    _check_timestamp(wire.created_at)
    author = Author(
        id=None if wire.author.id is None else _identifier("author.id", str(wire.author.id)),
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


def _identifier(name: str, value: str) -> str:
    """An identifier within MAX_ID_BYTES and without characters that break an address."""
    if not value:
        raise PostError(f"invalid post: {name} is empty")
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_ID_BYTES:
        raise PostError(f"invalid post: {name} is {size} bytes, over {MAX_ID_BYTES}")
    if not _ID.fullmatch(value):
        raise PostError(f"invalid post: {name} {value[:40]!r} holds a space, control character or / \\ ? # %")
    return value


def _check_sizes(wire: "_WirePost") -> None:
    """Every free-text field within its bound (ids are checked by `_identifier`)."""
    author, shared, media = wire.author, wire.shared_from, wire.media or []
    if len(media) > MAX_MEDIA:
        raise PostError(f"invalid post: {len(media)} media, over {MAX_MEDIA}")
    fields: list[tuple[str, str | None, int]] = [
        ("text", wire.text, MAX_TEXT_CHARS),
        ("created_at", wire.created_at, 64),
        ("url", wire.url, MAX_URL_CHARS),
        ("lang", wire.lang, MAX_SHORT_CHARS),
        ("author.handle", author.handle, MAX_HANDLE_CHARS),
        ("author.display_name", author.display_name, MAX_NAME_CHARS),
        ("author.bio", author.bio, MAX_BIO_CHARS),
        ("author.location", author.location, MAX_NAME_CHARS),
    ]
    if shared is not None:
        fields += [("shared_from.platform", shared.platform, MAX_HANDLE_CHARS),
                   ("shared_from.handle", shared.handle, MAX_HANDLE_CHARS),
                   ("shared_from.text", shared.text, MAX_TEXT_CHARS)]
    for item in media:
        fields += [("media.type", item.type, MAX_SHORT_CHARS), ("media.url", item.url, MAX_URL_CHARS),
                   ("media.alt_text", item.alt_text, MAX_BIO_CHARS)]
    for name, value, limit in fields:
        if value is not None and len(value) > limit:
            raise PostError(f"invalid post: {name} has {len(value)} characters, over {limit}")


def _check_timestamp(value: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PostError(f"invalid post: created_at {value[:40]!r} is not ISO 8601") from None
    if moment.tzinfo is None:
        raise PostError(f"invalid post: created_at {value[:40]!r} has no UTC offset")
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise PostError(f"invalid post: created_at {value[:40]!r} is out of range in UTC") from None


def encode_post(post: Post) -> bytes:
    """The post as canonical JSON (sorted keys), for hashing and storage."""
    return msgspec.json.encode(msgspec.to_builtins(post), order="sorted")
