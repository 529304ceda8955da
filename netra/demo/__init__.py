"""The bundled demo: fictional elections, registry and posts (no real people), for `netra run`."""

from pathlib import Path

DEMO_DIR = Path(__file__).parent
ELECTIONS = DEMO_DIR / "elections.yaml"
REGISTRY = DEMO_DIR / "registry.csv"
POSTS = DEMO_DIR / "posts.jsonl"
CLAIMS = DEMO_DIR / "claims.yaml"
