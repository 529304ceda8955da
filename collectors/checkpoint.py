"""Checkpoints: what a source saves with each batch so that a restart resumes right after it.

A cursor is a JSON object (per-target since_id, page token, max_id, ...). A file's cursor also
names the content it counted in: a hash of its first block, so a new file under the old name
starts over (and says so in the log) instead of silently skipping its first lines, while a file
that only grew at its end resumes.
"""

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
HEAD_BLOCK = 64 * 1024


def load(cursor: str | None) -> dict[str, Any]:
    """The state saved in `cursor` (empty when there is none or it is not a JSON object)."""
    if not cursor:
        return {}
    try:
        state = json.loads(cursor)
    except ValueError:
        return {}
    return state if isinstance(state, dict) else {}


def dump(state: dict[str, Any]) -> str:
    """The cursor text of `state`, stable for equal states."""
    return json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def head_hash(path: Path, length: int) -> str:
    """SHA-256 of the file's first `length` bytes."""
    with path.open("rb") as data:
        return hashlib.sha256(data.read(length)).hexdigest()


def file_cursor(path: Path, position: int, bytes_read: int) -> dict[str, Any]:
    """State naming the file's content: `position` (bytes or records) after `bytes_read` bytes."""
    length = min(HEAD_BLOCK, bytes_read)
    return {"head": head_hash(path, length), "head_bytes": length, "bytes": bytes_read, "position": position}


def file_position(path: Path, cursor: str | None, source: str) -> tuple[int, int]:
    """(position, bytes) to resume from, or (0, 0) with a log line when the file is another one."""
    if cursor and cursor.isdigit():  # the line count of older releases: cannot be checked
        log.warning("%s: legacy cursor %s (line count) trusted without a content check", source, cursor)
        return int(cursor), -1
    state = load(cursor)
    if not state:
        return 0, 0
    try:
        size = path.stat().st_size
        same = size >= state["bytes"] and head_hash(path, state["head_bytes"]) == state["head"]
    except (OSError, KeyError, TypeError):
        same = False
    if not same:
        log.warning("%s: %s is not the file the checkpoint counted in (replaced or truncated): "
                    "starting over from its first record", source, path)
        return 0, 0
    return int(state["position"]), int(state["bytes"])


def keep_only(marks: dict[str, Any], keys: set[str]) -> None:
    """Forget the marks of targets no longer watched, so a cursor does not grow with every rule
    or account ever followed (a target that comes back starts at its newest page)."""
    for key in [k for k in marks if k not in keys]:
        del marks[key]


def is_past(mark: dict[str, Any], key: str, item_id: str) -> bool:
    """True if an item (sort key, id) is newer than a watermark `{"at": key, "ids": [...]}`
    (for APIs that page newest first without a since_id: the AppView, YouTube)."""
    return not mark or key > mark["at"] or (key == mark["at"] and item_id not in mark["ids"])


def advance(mark: dict[str, Any], items: list[tuple[str, str]]) -> None:
    """Move the watermark past the (sort key, id) items just handed on."""
    if not items:
        return
    newest = max(key for key, _ in items)
    same = mark.get("ids", []) if mark.get("at") == newest else []
    mark.update(at=newest, ids=[*same, *(item_id for key, item_id in items if key == newest)])
