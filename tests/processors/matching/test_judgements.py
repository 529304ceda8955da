"""One contract suite for every judgement store, and the matcher honouring judgements."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from netra.store.sqlite import SqliteCaseStore
from processors.matching import (
    AsnMatcher,
    Judgement,
    JudgementStore,
    MemoryJudgements,
    Verdict,
    author_key,
)
from tests.processors.matching.conftest import make_post

DWI = "198702142011011003"
SRI_GURU = "199003022015042001"
SRI_PERAWAT = "198811102014032002"


@pytest.fixture(params=["memory", "case-store"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[JudgementStore]:
    """Each store implementation in turn: in memory (`netra scan`) and the case store's."""
    if request.param == "memory":
        yield MemoryJudgements()
        return
    cases = SqliteCaseStore(tmp_path / "cases.sqlite")
    yield cases.judgements
    cases.close()


def test_rejected_pairs_are_listed(store: JudgementStore) -> None:
    store.record(Judgement("x:a", "1", Verdict.REJECTED))
    store.record(Judgement("x:a", "2", Verdict.REJECTED))
    store.record(Judgement("x:b", "3", Verdict.REJECTED))
    assert store.rejected(["x:a"]) == {"1", "2"}
    assert store.rejected(["x:a", "x:b"]) == {"1", "2", "3"}
    assert store.rejected(["x:c"]) == set()


def test_latest_judgement_on_a_pair_wins(store: JudgementStore) -> None:
    store.record(Judgement("x:a", "1", Verdict.REJECTED))
    store.record(Judgement("x:a", "1", Verdict.CONFIRMED, reviewer="rina"))
    assert store.rejected(["x:a"]) == set()
    confirmed = store.confirmed(["x:a"])
    assert confirmed is not None and confirmed.nip == "1" and confirmed.reviewer == "rina"
    assert confirmed.at


def test_latest_confirmation_wins(store: JudgementStore) -> None:
    store.record(Judgement("x:a", "1", Verdict.CONFIRMED))
    store.record(Judgement("x:a", "2", Verdict.CONFIRMED))
    found = store.confirmed(["x:a"])
    assert found is not None and found.nip == "2"
    assert store.confirmed([]) is None


@pytest.mark.parametrize(
    ("platform", "handle", "author_id", "key"),
    [("x", "@Dwi_H", "", "x:dwi_h"), ("facebook", "", "1234", "facebook#1234")],
)
def test_author_key(platform: str, handle: str, author_id: str, key: str) -> None:
    assert author_key(platform, handle, author_id) == key




def test_rejected_pair_is_never_proposed(registry_csv: Path, store: JudgementStore) -> None:
    matcher = AsnMatcher.from_csv(registry_csv, [], judgements=store)
    post = make_post(handle="sri_w", name="Sri Wahyuni", bio="Guru SDN 7 Kaliurang Raya")
    first = matcher.match(post)
    assert first is not None and first.nip == SRI_GURU
    store.record(Judgement("x:sri_w", SRI_GURU, Verdict.REJECTED))
    second = matcher.match(post)
    assert second is None or second.nip != SRI_GURU


def test_confirmed_pair_is_matched_by_account(registry_csv: Path, store: JudgementStore) -> None:
    matcher = AsnMatcher.from_csv(registry_csv, [], judgements=store)
    store.record(Judgement("x:sri_w", SRI_PERAWAT, Verdict.CONFIRMED, reviewer="rina"))
    found = matcher.match(make_post(handle="sri_w", name="anything"))
    assert found is not None and found.nip == SRI_PERAWAT and found.confidence == 1.0
    assert "reviewer confirmed x:sri_w is NIP 198811102014032002 by rina" in found.reasons[0]


def test_confirmation_by_author_id(registry_csv: Path, store: JudgementStore) -> None:
    matcher = AsnMatcher.from_csv(registry_csv, [], judgements=store)
    store.record(Judgement("facebook#777", DWI, Verdict.CONFIRMED))
    found = matcher.match(make_post(handle=None, author_id="777", platform="facebook"))
    assert found is not None and found.nip == DWI


def test_judgements_hold_when_matching_with_author_facts(
    registry_csv: Path, store: JudgementStore
) -> None:
    matcher = AsnMatcher.from_csv(registry_csv, [], judgements=store)
    post = make_post(handle="sri_w", name="Sri Wahyuni", bio="Guru SDN 7 Kaliurang Raya")
    found, facts = matcher.match_author(post, None)
    assert found is not None and found.nip == SRI_GURU
    store.record(Judgement("x:sri_w", SRI_GURU, Verdict.REJECTED, reviewer="rina"))
    found, facts = matcher.match_author(make_post(handle="sri_w", name="Sri Wahyuni"), facts)
    assert found is None or found.nip != SRI_GURU
    store.record(Judgement("x:sri_w", SRI_PERAWAT, Verdict.CONFIRMED, reviewer="rina"))
    found, _ = matcher.match_author(make_post(handle="sri_w", name="Sri Wahyuni"), facts)
    assert found is not None and found.nip == SRI_PERAWAT and found.confidence == 1.0
