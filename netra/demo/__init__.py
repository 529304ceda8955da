"""The bundled demo: fictional elections, registry and posts (no real people), for `netra run`."""

import json
from pathlib import Path
from typing import Any

from netra.domain.post import PostError, decode_post

DEMO_DIR = Path(__file__).parent
ELECTIONS = DEMO_DIR / "elections.yaml"
REGISTRY = DEMO_DIR / "registry.csv"
POSTS = DEMO_DIR / "posts.jsonl"
CLAIMS = DEMO_DIR / "claims.yaml"
REGIONS = DEMO_DIR / "regions.json"  # the fictional province of the demo's kabupaten and kota


def readable_posts() -> list[dict[str, Any]]:
    """The demo posts that decode (the demo holds two bad lines on purpose), as JSON objects."""
    readable = []
    for line in POSTS.read_bytes().splitlines():
        try:
            decode_post(line)
        except PostError:
            continue
        readable.append(json.loads(line))
    return readable
