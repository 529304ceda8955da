"""Opaque queue cursors: the sort values (or group offset) of the last row, for search_after paging."""

import base64
import json
from typing import Any

from netra.store.errors import StoreError


def encode_cursor(values: list[Any]) -> str:
    """A URL-safe token for the position after a row."""
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(token: str) -> list[Any]:
    """The position a token names; StoreError if it was not made by encode_cursor."""
    try:
        values = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except ValueError:
        raise StoreError("invalid cursor") from None
    if not isinstance(values, list):
        raise StoreError("invalid cursor")
    return values


def cursor_position(cursor: str | None, mode: str) -> list[Any]:
    """The position after the cursor's row ([] for the first page); StoreError if made for another order."""
    if cursor is None:
        return []
    values = decode_cursor(cursor)
    if not values or values[0] != mode:
        raise StoreError("cursor belongs to another sort order or grouping")
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in values[1:]):
        raise StoreError("invalid cursor")
    return values[1:]
