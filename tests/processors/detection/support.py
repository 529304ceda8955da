"""Shared test helpers: the development elections, one detector, posts from bare text."""

from functools import cache
from pathlib import Path

from netra.domain.decision import Evidence
from netra.domain.elections import load_elections
from netra.domain.post import Author, Post, SharedFrom
from processors.detection.disinformation import load_claims
from processors.detection.pipeline import ViolationDetector

DATA = Path(__file__).parents[2] / "data" / "detection"


@cache
def detector() -> ViolationDetector:
    """The detector over the development elections and claims (no hate-speech model)."""
    return ViolationDetector(load_elections(DATA / "elections.yaml"),
                             claims=load_claims(DATA / "claims.yaml"))


def post(text: str, shared: SharedFrom | None = None, platform: str = "x") -> Post:
    """A post with only the fields the detectors read."""
    return Post(platform=platform, post_id="1", created_at="2024-11-10T08:15:00+07:00",
                text=text, author=Author(handle="someone"), shared_from=shared)


def categories(evidence: list[Evidence]) -> set[str]:
    """The categories a list of evidence shows."""
    return {item.category for item in evidence}
