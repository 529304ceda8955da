"""Posts in the contract format (CONTRACTS.md §1) built from platform payloads, kept in `raw`.

Beyond §1 (optional fields): `edited_at` on a capture of an edited post, `deleted_at` on the
record that a post was deleted (its text empty), and `shared_from.post_id` / `.url`.
"""

import logging
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, TypeVar

import msgspec

log = logging.getLogger(__name__)
Line = TypeVar("Line", bound=bytes | None)
_encoder = msgspec.json.Encoder()


def make_post(
    platform: str, post_id: str, created_at: str, text: str, author: dict[str, Any], raw: Any,
    **optional: Any,
) -> bytes:
    """One post as a JSON line; optional fields that are None or empty are left out."""
    post: dict[str, Any] = {
        "platform": platform, "post_id": post_id, "created_at": created_at, "text": text,
        "author": {k: v for k, v in author.items() if v not in (None, "")},
    }
    post.update({k: v for k, v in optional.items() if v not in (None, "", [], {})})
    post["raw"] = raw
    return _encoder.encode(post)


def reaction(
    kind: str, platform: str, reactor: dict[str, Any], target: dict[str, Any], created_at: str, raw: Any,
    text: str = "",
) -> bytes:
    """A like or repost of `target` (the candidate's post: platform, post_id, handle, text, url)."""
    reactor_id = reactor.get("id") or reactor.get("handle")
    return make_post(
        platform, f"{kind}:{reactor_id}:{target['post_id']}", created_at, text, reactor, raw,
        kind=kind, shared_from=target,
    )


def guarded(platform: str, convert: Callable[[Any], Line], item: Any) -> Line | bytes:
    """`convert(item)`; for an item no guard foresaw, a line keeping it in `raw` with the reason
    in `collect_error` (no `post_id`), which the processors dead-letter: never lost, never fatal."""
    try:
        return convert(item)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError) as exc:
        return unreadable(platform, f"{type(exc).__name__}: {exc}", item)


def unreadable(platform: str, reason: str, item: Any) -> bytes:
    """A line for an item that is not a post: kept whole in `raw`, the reason in `collect_error`."""
    reason = f"{platform}: unreadable item: {reason}"[:2000]
    log.warning("%s", reason)
    return _encoder.encode({"platform": platform, "collect_error": reason, "raw": item})


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if the payload has an object there, else an empty one (payloads are hostile)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if the payload has a list there, else an empty one."""
    return value if isinstance(value, list) else []


def now_iso() -> str:
    """The capture time, for records the platform gives no time for (a like, a deletion)."""
    return datetime.now(UTC).isoformat()


class _Identity(msgspec.Struct):
    platform: str = ""
    post_id: str = ""
    edited_at: str = ""
    deleted_at: str = ""


_identity = msgspec.json.Decoder(_Identity)


def identity(line: bytes) -> str:
    """What makes a capture new: the post, its edit time, and whether it records a deletion
    ("" for a line that is no post: those are all handed on)."""
    try:
        found = _identity.decode(line)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return ""
    if not found.post_id:
        return ""  # not a post: never taken for a duplicate
    return f"{found.platform}\0{found.post_id}\0{found.edited_at}\0{found.deleted_at}"


class Seen:
    """The newest `size` capture identities handed on, to drop repeats (overlapping searches,
    a post seen by two rules, a list of likers read again)."""

    def __init__(self, size: int = 200_000) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._size = size

    def new(self, lines: list[bytes]) -> tuple[list[bytes], list[str]]:
        """The lines not seen before and their identities (lines that are no post are all kept:
        the processors dead-letter them)."""
        fresh, keys, in_batch = [], list[str](), set[str]()
        for line in lines:
            key = identity(line)
            if key and (key in self._keys or key in in_batch):
                continue
            in_batch.add(key)
            keys.append(key)
            fresh.append(line)
        return fresh, keys

    def add(self, keys: list[str]) -> None:
        """Remember the identities of lines that were handed on."""
        for key in keys:
            if key:
                self._keys[key] = None
                self._keys.move_to_end(key)
        while len(self._keys) > self._size:
            self._keys.popitem(last=False)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """Plain text of an HTML fragment (Mastodon content, feed summaries); markup is dropped."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()
