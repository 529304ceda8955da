"""A source that reads posts from a JSONL file (the bundled demo, or a platform export)."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from collectors import checkpoint
from collectors.base import Batch


class JsonlSource:
    """Each line of the file is one post; the cursor is the byte offset after the lines read,
    with the identity of the file's content (collectors/checkpoint.py)."""

    def __init__(self, path: Path, batch_size: int = 20, delay: float = 0.0, name: str = "") -> None:
        self.name = name or f"jsonl:{path.name}"
        self._path, self._batch_size, self._delay = path, batch_size, delay

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Batches of lines after the cursor, pausing `delay` seconds between batches."""
        done_lines, offset = checkpoint.file_position(self._path, cursor, self.name)
        with self._path.open("rb") as lines:
            if offset >= 0:
                lines.seek(offset)
            else:  # legacy line-count cursor
                offset = sum(len(lines.readline()) for _ in range(done_lines))
            posts: list[bytes] = []
            for line in lines:
                offset += len(line)
                if line.strip():
                    posts.append(line.rstrip(b"\r\n"))
                if len(posts) == self._batch_size:
                    yield Batch(posts, self._cursor(offset))
                    posts = []
                    await asyncio.sleep(self._delay)
            if posts:
                yield Batch(posts, self._cursor(offset))

    def _cursor(self, offset: int) -> str:
        return checkpoint.dump(checkpoint.file_cursor(self._path, 0, offset))
