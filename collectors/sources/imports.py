"""Exports of other tools and of the platforms' research programmes (Meta Content Library,
TikTok Research API, 4CAT, Brandwatch): CSV, JSONL or JSON records mapped to posts by the
columns the configuration declares. A record that lacks a required field is still handed on,
with `import_error` and without the field, so the processors dead-letter it: never dropped."""

import asyncio
import csv
import json
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from collectors import checkpoint
from collectors.base import Batch
from collectors.config import ImportConfig
from collectors.sources.polling import rounds

REQUIRED = ("post_id", "created_at", "text")
MS_AFTER = 100_000_000_000  # a Unix time above this counts milliseconds


def _records(path: Path, spec: ImportConfig) -> Iterator[Any]:
    if spec.format == "csv":
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as rows:
            yield from csv.DictReader(rows)
    elif spec.format == "jsonl":
        with path.open("rb") as lines:
            for line in lines:
                if line.strip():
                    yield _json(line)
    else:
        document = _json(path.read_bytes())
        yield from _get(document, spec.records) if spec.records else document


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError as exc:
        return {"import_error": f"unreadable JSON: {exc}", "bytes": data[:2000].decode("utf-8", "replace")}


def _get(record: Any, path: str) -> Any:
    """A value by dotted path (`post_owner.id`); a CSV column named with dots is tried whole first."""
    if isinstance(record, dict) and path in record:
        return record[path]
    for step in path.split("."):
        record = record.get(step) if isinstance(record, dict) else None
    return record


def _time(value: Any) -> str:
    """ISO 8601: Unix seconds or milliseconds are converted, text is kept as written."""
    text = str(value).strip()
    if text.isdigit():
        number = int(text)
        return datetime.fromtimestamp(number / 1000 if number > MS_AFTER else number, UTC).isoformat()
    return text


def record_post(record: Any, spec: ImportConfig) -> bytes:
    """One export record as a post line, by the declared column mapping."""
    post: dict[str, Any] = {"platform": spec.platform}
    for field, column in spec.columns.items():
        value = _get(record, column)
        if value in (None, ""):
            continue
        value = _time(value) if field == "created_at" else str(value) if field != "raw" else value
        target = post
        *parents, leaf = field.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    missing = [f for f in REQUIRED if f not in post]
    if not (post.get("author") or {}).keys() & {"id", "handle"}:
        missing.append("author.id or author.handle")
    if missing or not isinstance(record, dict):
        post["import_error"] = f"{spec.name}: record lacks {', '.join(missing) or 'an object shape'}"
    post["raw"] = record
    return msgspec.json.encode(post)


class ImportSource:
    """One export file; the checkpoint counts records and names the file's content."""

    def __init__(self, spec: ImportConfig) -> None:
        self.name, self._spec, self._path = spec.name, spec, Path(spec.path)

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """The records after the checkpoint, `batch_size` at a time; re-read each round."""
        async for _ in rounds(self._spec):
            done, _ = checkpoint.file_position(self._path, cursor, self.name)
            size = self._path.stat().st_size
            posts: list[bytes] = []
            number = 0
            for number, record in enumerate(_records(self._path, self._spec), start=1):
                if number <= done:
                    continue
                posts.append(record_post(record, self._spec))
                if len(posts) == self._spec.batch_size:
                    cursor = checkpoint.dump(checkpoint.file_cursor(self._path, number, size))
                    yield Batch(posts, cursor)
                    posts = []
                    await asyncio.sleep(0)
            if posts:
                cursor = checkpoint.dump(checkpoint.file_cursor(self._path, number, size))
                yield Batch(posts, cursor)
