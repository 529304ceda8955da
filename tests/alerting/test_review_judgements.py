"""A reviewer's verdict in the review app changes later matches: confirming records the author-NIP
pair in the case store, dismissing as `wrong_person` rejects it, and the matcher honours both."""

from pathlib import Path

from netra.domain.judgement import author_key
from netra.domain.post import Author, Post
from processors.matching.matcher import AsnMatcher
from tests.alerting.review_world import World

NIP = "199003252015032001"  # case x:2 of the world, new, Kabupaten Alfa
HANDLE = f"asn{NIP[-4:]}"  # its post's author (tests.factories.flagged)
REGISTRY = f"""nip,nama,jabatan,instansi,unit_kerja,wilayah,akun_medsos
{NIP},Sri Wahyuni,Guru,Pemerintah Kabupaten Alfa,SD Negeri 1 Alfa,Kabupaten Alfa,
198001012005011001,Budi Santoso,Camat,Pemerintah Kabupaten Alfa,Kecamatan Alfa,Kabupaten Alfa,
"""


def _later_post() -> Post:
    """A later post by the same account that says nothing about who its author is."""
    return Post("x", "99", "2024-11-20T08:00:00+07:00", "Selamat pagi", Author(handle=HANDLE))


def _matcher(world: World, tmp_path: Path) -> AsnMatcher:
    (tmp_path / "registry.csv").write_text(REGISTRY, encoding="utf-8")
    return AsnMatcher.from_csv(tmp_path / "registry.csv", [], judgements=world.store.judgements)


def _decide(world: World, status: str, **fields: str) -> None:
    reviewer = world.client("rev-a")
    claimed = reviewer.form("/cases/x:2", {"action": "claim", "revision": world.revision("x:2")}, page="/cases/x:2")
    assert claimed.status_code == 303
    decided = reviewer.form("/cases/x:2", {"action": "transition", "status": status,
                                           "revision": world.revision("x:2"), **fields}, page="/cases/x:2")
    assert decided.status_code == 303, decided.text


def test_confirming_in_the_app_makes_later_posts_match_by_account(tmp_path: Path) -> None:
    world = World(tmp_path)
    matcher = _matcher(world, tmp_path)
    assert matcher.match(_later_post()) is None  # a bare handle and a greeting identify nobody
    _decide(world, "confirmed", reason="kampanye terbuka")
    match = matcher.match(_later_post())
    assert match is not None and match.nip == NIP and match.confidence == 1.0
    assert "reviewer confirmed" in match.reasons[0] and "rev-a" in match.reasons[0]


def test_dismissing_as_wrong_person_is_never_proposed_again(tmp_path: Path) -> None:
    world = World(tmp_path)
    matcher = _matcher(world, tmp_path)
    _decide(world, "dismissed", dismiss_reason="wrong_person", reason="namesake")
    assert world.store.judgements.rejected([author_key("x", HANDLE)]) == {NIP}
    named = Post("x", "100", "2024-11-21T08:00:00+07:00", "Guru SD Negeri 1 Alfa",
                 Author(handle=HANDLE, display_name="Sri Wahyuni", bio="Guru SD Negeri 1 Alfa, Kabupaten Alfa"))
    match = matcher.match(named)
    assert match is None or match.nip != NIP


def test_dismissing_as_not_a_violation_says_nothing_about_identity(tmp_path: Path) -> None:
    world = World(tmp_path)
    _decide(world, "dismissed", dismiss_reason="not_a_violation", reason="berita")
    assert world.store.judgements.rejected([author_key("x", HANDLE)]) == set()
    assert world.store.judgements.confirmed([author_key("x", HANDLE)]) is None
