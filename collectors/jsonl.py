"""A source that reads posts from a JSONL file (the bundled demo, or a platform export)."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from collectors.base import Batch


class JsonlSource:
    """Each line of the file is one post; the cursor is the number of lines already read."""

    def __init__(self, path: Path, batch_size: int = 20, delay: float = 0.0) -> None:
        self.name = f"jsonl:{path.name}"
        self._path, self._batch_size, self._delay = path, batch_size, delay

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Batches of lines after line `cursor`, pausing `delay` seconds between batches."""
        done = int(cursor or 0)
        with self._path.open("rb") as lines:
            posts: list[bytes] = []
            for number, line in enumerate(lines, start=1):
                line = line.rstrip(b"\r\n")
                if number <= done or not line.strip():
                    continue
                posts.append(line)
                if len(posts) == self._batch_size:
                    yield Batch(posts, str(number))
                    posts = []
                    await asyncio.sleep(self._delay)
            if posts:
                yield Batch(posts, str(number))
