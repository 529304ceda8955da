"""Author-level evidence: what one account has revealed about its owner across its posts.

A bio edit, a post naming the workplace, a photo's alt text naming the office: each post adds
its workplace phrases, names and NIPs to the account's facts, so a later post is matched with
everything earlier posts revealed. The facts are plain data (`AuthorFacts`, JSON as a dict
with a `"version"` key), merged by `observe` without side effects; the matcher takes the prior
facts and returns the updated ones, and the caller keeps them (`AuthorFactsStore`: the case
store in production, `MemoryAuthorFacts` for `netra scan` and tests).

Merging: newest first, repeats dropped, at most `MAX_PLACES` workplace phrases, `MAX_NAMES`
display names and `MAX_NIPS` NIPs (an account that keeps changing its bio keeps its latest
claims); post text is read up to `MAX_TEXT` characters, so a post costs linear work at most.
"""

from dataclasses import dataclass, field
from typing import Any, Protocol

from netra.domain.judgement import author_key
from netra.domain.post import Post
from processors.matching.nip import nips_in_text
from processors.matching.places import OFFICE_UNITS, UNIT_KINDS, expand_offices, expand_place

FACTS_VERSION = 1
MAX_PLACES = 8
MAX_NAMES = 4
MAX_NIPS = 4
MAX_TEXT = 5_000
MAX_PLACE_CHARS = 200
PHRASE_WORDS = 6
_KIND_FIRST_WORDS = {kind.split()[0]: kind for kind in UNIT_KINDS}


@dataclass(frozen=True, slots=True)
class Place:
    """A workplace phrase and where it was seen (`bio`, `location`, `text`, `image`)."""

    text: str
    seen: str
    post_id: str


@dataclass(frozen=True, slots=True)
class AuthorFacts:
    """What one account has revealed across its posts, newest first."""

    posts: int = 0
    names: tuple[str, ...] = ()
    places: tuple[Place, ...] = field(default_factory=tuple)
    nips: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready data, stamped with their version."""
        return {
            "version": FACTS_VERSION,
            "posts": self.posts,
            "names": list(self.names),
            "places": [{"text": p.text, "seen": p.seen, "post_id": p.post_id} for p in self.places],
            "nips": list(self.nips),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "AuthorFacts":
        """Facts kept earlier; none, or facts of another version, start afresh (a fact the
        code no longer understands must not be read as one it does)."""
        if not data or data.get("version") != FACTS_VERSION:
            return cls()
        places = tuple(
            Place(str(p["text"])[:MAX_PLACE_CHARS], str(p["seen"]), str(p["post_id"]))
            for p in data.get("places", [])[:MAX_PLACES]
        )
        return cls(
            posts=int(data.get("posts", 0)),
            names=tuple(str(n) for n in data.get("names", [])[:MAX_NAMES]),
            places=places,
            nips=tuple(str(n) for n in data.get("nips", [])[:MAX_NIPS]),
        )


class AuthorFactsStore(Protocol):
    """Where facts are kept between posts (HELPERS.md: the agreed interface)."""

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts of an author key, or None."""
        ...

    def save_author_facts(self, author: str, facts: dict[str, Any]) -> None:
        """Keep an author's latest facts."""
        ...


class MemoryAuthorFacts:
    """Facts in a dict; for `netra scan` and tests."""

    def __init__(self) -> None:
        self._facts: dict[str, dict[str, Any]] = {}

    def author_facts(self, author: str) -> dict[str, Any] | None:
        """The latest facts of an author key, or None."""
        return self._facts.get(author)

    def save_author_facts(self, author: str, facts: dict[str, Any]) -> None:
        """Keep an author's latest facts."""
        self._facts[author] = facts


def facts_key(post: Post) -> str:
    """The key facts are kept under: the platform's account id when the post has one (it
    survives a handle change), else the handle."""
    author = post.author
    if author.id:
        return author_key(post.platform, author_id=str(author.id))
    return author_key(post.platform, author.handle or "")


def observe(prior: AuthorFacts, post: Post) -> AuthorFacts:
    """The facts after one more post: its bio, location, workplace phrases in its text and
    image alt texts, display name and NIPs, merged into the prior facts."""
    author, post_id = post.author, post.post_id
    seen: list[Place] = []
    for text, where in ((author.bio, "bio"), (author.location, "location")):
        if text and text.strip():
            seen.append(Place(" ".join(text.split())[:MAX_PLACE_CHARS], where, post_id))
    texts = [(post.text, "text")] + [(m.alt_text, "image") for m in post.media if m.alt_text]
    nips: list[str] = []
    for text, where in texts:
        text = (text or "")[:MAX_TEXT]
        seen += [Place(phrase, where, post_id) for phrase in workplace_phrases(text)]
        nips += nips_in_text(text)
    nips += nips_in_text(f"{author.bio or ''} {author.location or ''}"[:MAX_TEXT])
    names = [author.display_name.strip()] if author.display_name and author.display_name.strip() else []
    return AuthorFacts(
        posts=prior.posts + 1,
        names=_newest_first(names, prior.names, MAX_NAMES),
        places=tuple(_newest_places(seen, prior.places)),
        nips=_newest_first(nips, prior.nips, MAX_NIPS),
    )


def workplace_phrases(text: str) -> list[str]:
    """Phrases of a text that name a work unit or an office: a unit's kind or an office word
    and the few words after it ("upacara di SDN 4 Kaliurang" -> "sd negeri 4 kaliurang")."""
    tokens = expand_offices(expand_place(text)).split()
    found: list[str] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        kind = _KIND_FIRST_WORDS.get(token)
        starts = token in OFFICE_UNITS or (
            kind is not None and tokens[at : at + len(kind.split())] == kind.split()
        )
        if starts and at + 1 < len(tokens):
            found.append(" ".join(tokens[at : at + PHRASE_WORDS]))
            at += PHRASE_WORDS
        else:
            at += 1
    return found


def _newest_first(new: list[str], old: tuple[str, ...], limit: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys([*new, *old]))[:limit]


def _newest_places(new: list[Place], old: tuple[Place, ...]) -> list[Place]:
    kept: dict[str, Place] = {}
    for place in [*new, *old]:
        kept.setdefault(place.text.lower(), place)
    return list(kept.values())[:MAX_PLACES]
