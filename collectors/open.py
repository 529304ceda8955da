"""Open a source of posts from a URL: `jsonl:path` or a path to a JSONL file.

A new platform source adds its scheme here (and its module beside `jsonl.py`).
"""

from pathlib import Path

from collectors.base import Source
from collectors.jsonl import JsonlSource
from netra.domain.problems import InputError, Problem


def open_source(url: str, batch_size: int = 100, delay: float = 0.0) -> Source:
    """The source at `url`, yielding batches of `batch_size` posts `delay` seconds apart."""
    scheme, _, rest = url.partition(":")
    if scheme == "jsonl" or not rest or len(scheme) == 1:
        path = Path(rest if scheme == "jsonl" else url)
        if not path.is_file():
            raise InputError([Problem(str(path), 0, "no such file" if not path.exists() else "not a file")])
        return JsonlSource(path, batch_size=batch_size, delay=delay)
    raise InputError([Problem(url, 0, "no source for this URL: use a JSONL path or jsonl:path")])
