"""The author of a post, reduced once to the forms every feature compares."""

from dataclasses import dataclass

from netra.domain.accounts import normalise_handle
from netra.domain.post import Post
from processors.matching import cues
from processors.matching.facts import AuthorFacts
from processors.matching.names import core_name, handle_name, normalise_name
from processors.matching.nip import nips_in_text
from processors.matching.places import expand_offices, expand_place, without_admin_words


@dataclass(frozen=True, slots=True)
class Profile:
    """One author as seen on one platform, with its text normalised for matching."""

    platform: str
    handle: str
    author_id: str
    display_name: str
    bio: str
    location: str
    name: str
    handle_as_name: str
    place_text: str
    place_core: str
    nips: tuple[str, ...]
    occupations: frozenset[str]
    asn_words: tuple[str, ...]
    honorer_words: tuple[str, ...]
    institution_words: tuple[str, ...]
    outlet_words: tuple[str, ...]
    earlier: tuple[str, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """How reviewer judgements name this author: `platform:handle` and `platform#id`."""
        found = []
        if self.handle:
            found.append(f"{self.platform}:{self.handle}")
        if self.author_id:
            found.append(f"{self.platform}#{self.author_id}")
        return tuple(found)

    @property
    def name_queries(self) -> dict[str, str]:
        """The names to look up (display name, its core, the handle read as a name), each with
        the profile text it came from."""
        queries = {self.handle_as_name: f"@{self.handle}"} if self.handle_as_name else {}
        shown = self.display_name.split("|")[0].strip()
        for query in (core_name(self.name), self.name):
            if query:
                queries[query] = shown
        return queries


def profile_of(post: Post, facts: AuthorFacts | None = None) -> Profile:
    """The matching view of a post's author; with the account's facts (`facts.observe`, this
    post included), what earlier posts revealed counts as if the bio said it too."""
    author = post.author
    handle = normalise_handle(author.handle or "")
    display = author.display_name or (facts.names[0] if facts and facts.names else "")
    bio = author.bio or ""
    location = author.location or ""
    current = {" ".join(bio.split()), " ".join(location.split())}
    extra = [p for p in facts.places if p.text not in current] if facts else []
    text = " ".join([bio, location, *(p.text for p in extra)])
    place_text = expand_offices(expand_place(text))
    nips = tuple(dict.fromkeys([*nips_in_text(text), *(facts.nips if facts else ())]))
    return Profile(
        platform=post.platform,
        handle=handle,
        author_id=author.id or "",
        display_name=display,
        bio=bio,
        location=location,
        name=normalise_name(display.split("|")[0]) if display else "",
        handle_as_name=handle_name(author.handle or ""),
        place_text=place_text,
        place_core=without_admin_words(place_text),
        nips=nips,
        occupations=frozenset(cues.occupations(expand_place(" ".join([bio, *(p.text for p in extra)])))),
        asn_words=tuple(cues.asn_words(bio)),
        honorer_words=tuple(cues.honorer_words(bio)),
        institution_words=tuple(cues.institution_words(display, handle)),
        outlet_words=tuple(cues.outlet_words(display, handle)),
        earlier=tuple(f"'{p.text}' ({p.seen}, post {p.post_id})" for p in extra),
    )
