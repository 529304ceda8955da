"""Author facts: what earlier posts revealed accumulates, is kept as versioned data, and
changes a later match."""

import json

from netra.domain.decision import CONFIDENT
from netra.domain.post import Author, Media, Post
from processors.matching import AsnMatcher
from processors.matching.facts import (
    FACTS_VERSION,
    MAX_PLACES,
    AuthorFacts,
    MemoryAuthorFacts,
    facts_key,
    observe,
    workplace_phrases,
)
from processors.matching.matcher import FactsMatcher

SRI_GURU = "199003022015042001"
SRI_PERAWAT = "198811102014032002"


def post(post_id: str, text: str = "", bio: str | None = None, alt: str | None = None,
         name: str | None = "Sri Wahyuni", author_id: str | None = "555") -> Post:
    """A post by one account (id 555, handle sri_w)."""
    author = Author(id=author_id, handle="sri_w", display_name=name, bio=bio)
    media = [Media(type="photo", alt_text=alt)] if alt else []
    return Post(platform="x", post_id=post_id, created_at="2024-11-10T08:15:00+07:00",
                text=text, author=author, media=media)


def test_workplace_phrases_name_units_and_offices() -> None:
    assert workplace_phrases("Upacara hari guru di SDN 7 Kaliurang Raya pagi ini") == [
        "sd negeri 7 kaliurang raya pagi"]
    assert workplace_phrases("Bersama Camat Mergangsan") == ["camat kecamatan mergangsan"]
    assert workplace_phrases("Pilih nomor 2!") == []


def test_a_later_post_is_matched_from_what_earlier_posts_revealed(matcher: AsnMatcher) -> None:
    later = post("3", "Ayo dukung paslon 2")
    alone = matcher.match(later)
    assert alone is None or alone.confidence < CONFIDENT  # two Sri Wahyuni, nothing else
    _, facts = matcher.match_author(post("1", "Upacara di SDN 7 Kaliurang Raya"), None)
    _, facts = matcher.match_author(post("2", "Libur"), facts)
    found, facts = matcher.match_author(later, facts)
    assert found is not None and found.nip == SRI_GURU and found.confidence >= CONFIDENT
    assert "agrees with unit_kerja 'SD Negeri 7 Kaliurang Raya'" in " ".join(found.reasons)
    assert any(f"author facts v{FACTS_VERSION}" in r and "post 1" in r for r in found.reasons)
    assert facts["posts"] == 3 and facts["version"] == FACTS_VERSION
    json.dumps(facts)  # the store keeps it as JSON


def test_image_alt_text_and_bio_edit_count(matcher: AsnMatcher) -> None:
    _, facts = matcher.match_author(post("1", alt="Apel pagi di Puskesmas Tanjung Emas"), None)
    found, facts = matcher.match_author(post("2", "Selamat pagi"), facts)
    assert found is not None and found.nip == SRI_PERAWAT and found.confidence >= CONFIDENT
    assert "image, post 1" in found.reasons[-1]
    # A bio edit is remembered after the bio changes back.
    _, other = matcher.match_author(post("3", bio="Perawat Puskesmas Tanjung Emas"), None)
    found, _ = matcher.match_author(post("4", bio="Pecinta kopi"), other)
    assert found is not None and found.nip == SRI_PERAWAT and found.confidence >= CONFIDENT


def test_the_matcher_is_pure_and_facts_round_trip(matcher: AsnMatcher) -> None:
    prior = observe(AuthorFacts(), post("1", "Upacara di SDN 7 Kaliurang Raya")).to_dict()
    copy = json.loads(json.dumps(prior))
    first = matcher.match_author(post("2"), prior)
    assert prior == copy  # not changed in place
    assert matcher.match_author(post("2"), copy) == first
    assert AuthorFacts.from_dict(prior).to_dict() == prior


def test_facts_of_another_version_start_afresh() -> None:
    old = {"version": FACTS_VERSION + 1, "posts": 9, "places": [{"text": "x"}]}
    assert AuthorFacts.from_dict(old) == AuthorFacts()
    assert AuthorFacts.from_dict(None) == AuthorFacts()


def test_facts_stay_bounded_and_newest_first() -> None:
    facts = AuthorFacts()
    for i in range(MAX_PLACES + 5):
        facts = observe(facts, post(str(i), f"Rapat di Puskesmas Nomor{i} " * 3000))
    assert len(facts.places) == MAX_PLACES
    assert facts.places[0].post_id == str(MAX_PLACES + 4)
    assert facts.posts == MAX_PLACES + 5


def test_facts_matcher_keeps_facts_under_the_account_id(matcher: AsnMatcher) -> None:
    store = MemoryAuthorFacts()
    remembering = FactsMatcher(matcher, store)
    remembering.match(post("1", "Upacara di SDN 7 Kaliurang Raya"))
    assert facts_key(post("1")) == "x#555"
    assert store.author_facts("x#555") is not None
    found = remembering.match(post("2", "Ayo dukung paslon 2"))
    assert found is not None and found.nip == SRI_GURU and found.confidence >= CONFIDENT
    assert remembering.version.endswith(f"+facts{FACTS_VERSION}")
    assert remembering.entry(SRI_GURU) is not None
