"""Blocking finds the right names through keys; the index answers lookups."""

import pytest
from rapidfuzz import fuzz

from netra.domain.registry import RegistryEntry
from processors.matching import blocking
from processors.matching.blocking import best_names, candidate_names
from processors.matching.index import RegistryIndex, build_arrays

NAMES = [
    "Dwi Hartanto", "Dwi Hartono", "Sri Wahyuni", "Suparman", "Muhammad Rizki Pratama",
    "I Putu Gede Arsana", "Roy Martua Siregar", "Andi Baso Rahman", "Budi Santoso",
    "Budi Santoso Wibowo", "Tjahjo Soenarjo", "Sri Sri Wahyuni",
]


@pytest.fixture(scope="module")
def index() -> RegistryIndex:
    entries = [
        RegistryEntry(nip=f"1980010120050110{i:02d}", nama=name, wilayah=f"Kota {i}",
                      accounts=(("x", f"user{i}"),))
        for i, name in enumerate(NAMES)
    ]
    return RegistryIndex(build_arrays(entries))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dwi hartanto", "dwi hartanto"),
        ("dwi hartnto", "dwi hartanto"),  # a letter dropped
        ("dwihartanto", "dwi hartanto"),  # a handle without separator
        ("hartanto dwi", "dwi hartanto"),  # order swapped
        ("parman", "suparman"),  # Javanese short form
        ("rizki pratama", "muhammad rizki pratama"),  # Muhammad dropped
        ("putu arsana", "i putu gede arsana"),  # Balinese, birth order kept
        ("arsana", "i putu gede arsana"),  # the core name only
        ("roy siregar", "roy martua siregar"),
        ("baso rahman", "andi baso rahman"),
        ("cahyo sunaryo", "cahyo sunaryo"),
    ],
)
def test_candidates_include_the_right_name(index: RegistryIndex, query: str, expected: str) -> None:
    names = {index.names[int(i)] for i in candidate_names(index, query)}
    assert expected in names


def test_best_names_scores_and_cuts(index: RegistryIndex) -> None:
    scores = {index.names[i]: score for i, score in best_names(index, ["dwi hartnto"], 80).items()}
    assert 80 <= scores["dwi hartanto"] < 100
    assert "sri wahyuni" not in scores
    parts = {index.names[i]: score for i, score in best_names(index, ["budi santoso"], 80).items()}
    assert parts == {"budi santoso": 100, "budi santoso wibowo": 90}


@pytest.mark.parametrize("check_from", [0, blocking.SHARING_CHECK_FROM])
@pytest.mark.parametrize(
    "query", ["hartanto dwi", "santoso budi", "arsana putu", "suparman", "sari wahyuny"]
)
def test_best_names_score_as_token_sort_and_set_ratios(
    index: RegistryIndex, query: str, check_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scoring stored token-sorted forms, and the subset score only where it can count, gives
    the scores of the names themselves (`sri sri wahyuni`: a set drops the repeated word),
    whether or not the block is large enough to look for shared words."""
    monkeypatch.setattr(blocking, "SHARING_CHECK_FROM", check_from)
    expected = {}
    for name_id in candidate_names(index, query).tolist():
        name = index.names[name_id]
        subset = fuzz.token_set_ratio(query, name) - 10 if " " in query else 0
        if (score := max(fuzz.token_sort_ratio(query, name), subset)) >= 50:
            expected[name] = score
    scores = {index.names[i]: score for i, score in best_names(index, [query], 50).items()}
    assert scores == pytest.approx(expected)
    assert scores.get("dwi hartanto", 100) == 100  # word order does not count


def test_lookups(index: RegistryIndex) -> None:
    assert list(index.rows_with_account("x", "user3")) == [3]
    assert list(index.rows_with_account("instagram", "user3")) == []
    assert list(index.rows_with_nip("198001012005011004")) == [4]
    budi = next(i for i in range(len(index.names)) if index.names[i] == "budi santoso")
    assert index.name_count(budi) == 1
    view = index.view(0)
    assert (view.nip, view.nama, view.name, view.region) == (
        "198001012005011000", "Dwi Hartanto", "dwi hartanto", "0")


def test_names_are_numbered_shortest_first(index: RegistryIndex) -> None:
    names = [index.names[i] for i in range(len(index.names))]
    assert names[0] == "suparman"
    assert [n.count(" ") for n in names] == sorted(n.count(" ") for n in names)


def test_candidates_do_not_depend_on_what_was_looked_up_before() -> None:
    """Word-pair and mononym lookups are cached per index and shared between queries; a
    query's candidates are the same on a fresh index as after other queries."""
    entries = [RegistryEntry(nip=f"1980010120050110{i:02d}", nama=name) for i, name in enumerate(NAMES)]
    queries = ["i putu gede arsana", "putu arsana", "gede arsana", "dwi hartanto wibowo",
               "dwi hartanto", "budi santoso", "santoso budi wibowo", "andi baso"]
    warm = RegistryIndex(build_arrays(entries))
    seen = {query: candidate_names(warm, query).tolist() for query in queries}
    for query in queries:
        fresh = RegistryIndex(build_arrays(entries))
        assert candidate_names(fresh, query).tolist() == seen[query]
