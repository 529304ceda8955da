"""The decision core: a post in, a decision with evidence out. Pure: no I/O, safe to share."""

from typing import Protocol

from netra.domain.decision import CONFIDENT, AsnMatch, Decision, Evidence
from netra.domain.post import Post
from netra.domain.registry import RegistryEntry
from processors.detection.findings import Detection
from processors.detection.rules import CATEGORY_NAMES


class AuthorMatcher(Protocol):
    """Names the registry entry a post's author is, or None when the evidence is thin."""

    version: str

    def match(self, post: Post) -> AsnMatch | None:
        """The best registry match for the post's author, with confidence and reasons."""
        ...

    def entry(self, nip: str) -> RegistryEntry | None:
        """The registry entry with this NIP."""
        ...


class Detector(Protocol):
    """Finds the violations a post's own content shows, as evidence spans."""

    versions: dict[str, str]

    def detect(self, post: Post) -> list[Evidence]:
        """Every piece of evidence found in the post (text, shared_from, account facts)."""
        ...


class DecisionCore:
    """Matches the author, detects violations and scores the post, stamping every version used."""

    def __init__(self, matcher: AuthorMatcher, detector: Detector) -> None:
        self._matcher = matcher
        self._detector = detector
        self.versions = {"matcher": matcher.version, **detector.versions}

    def registry_entry(self, nip: str) -> RegistryEntry | None:
        """The registry entry a decision's `asn_match` names, for the evidence snapshot."""
        return self._matcher.entry(nip)

    def decide(self, post: Post) -> Decision:
        """The decision for one post."""
        evidence = self._detector.detect(post)
        found = {item.category for item in evidence}
        # In the rule table's order; a category the table does not know is kept, never dropped.
        categories = [c for c in CATEGORY_NAMES if c in found] + sorted(found - set(CATEGORY_NAMES))
        match = self._matcher.match(post)
        cut_short = evidence.cut_short if isinstance(evidence, Detection) else None
        content = max((item.confidence for item in evidence), default=0.0)
        identity = match.confidence if match else 0.0
        return Decision(
            platform=post.platform,
            post_id=post.post_id,
            flagged=bool(categories) and identity >= CONFIDENT,
            score=round(content * identity, 4),
            categories=categories,
            asn_match=match,
            evidence=evidence,
            versions={**self.versions, "detection": f"cut-short: {cut_short}"} if cut_short
            else self.versions,
        )
