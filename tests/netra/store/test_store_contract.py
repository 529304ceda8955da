"""One contract for every case store: the same tests run on SQLite and on a real Elasticsearch node."""

import contextlib
import hashlib
from collections.abc import Callable
from dataclasses import replace

import pytest
from msgspec import structs

from netra.domain.post import Author
from netra.domain.snapshot import encode_snapshot
from netra.store.audit_chain import entry_hash
from netra.store.base import SYSTEM_ACTOR, CaseStore
from netra.store.cursor import encode_cursor
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError, WorkflowError
from netra.store.fields import post_author
from netra.store.model import CaseSummary, QueueQuery
from tests.factories import flagged, snapshot

ANA, BUDI = "ana@bawaslu", "budi@bawaslu"


def _case(store: CaseStore, case_id: str = "x:1") -> CaseSummary:
    case = store.case(case_id, ANA)
    assert case is not None
    return case.summary


def test_records_a_case_once_and_ignores_a_replay(store: CaseStore) -> None:
    assert store.record(snapshot()) is True
    assert store.record(snapshot()) is False
    summary = _case(store)
    assert (store.count(), summary.status, summary.seen_count, summary.version_count) == (1, "new", 1, 1)
    assert summary.nip == "198702142011011003" and summary.revision


def test_the_same_post_seen_again_counts_without_a_second_case(store: CaseStore) -> None:
    store.record(snapshot())
    later = snapshot(captured_at="2024-11-11T09:00:00+00:00")
    assert store.record(later) is True
    assert store.record(later) is False
    case = store.case("x:1", ANA)
    assert case is not None and store.count() == 1
    assert (case.summary.seen_count, len(case.snapshots)) == (2, 1)


def test_reprocessing_appends_a_version_and_keeps_the_first_capture_byte_identical(store: CaseStore) -> None:
    first = snapshot()
    store.record(first)
    before = _case(store)
    store.record(snapshot(rules="r2", score=0.5))
    store.record(snapshot(rules="r3", score=0.7))
    case = store.case("x:1", ANA)
    assert case is not None
    assert [s.decision.versions["rules"] for s in case.snapshots] == ["r1", "r2", "r3"]
    assert encode_snapshot(case.snapshots[0]) == encode_snapshot(first)
    assert case.snapshot_ids[0] == hashlib.sha256(encode_snapshot(first)).hexdigest()
    assert case.snapshots[0].post.raw == {"id_str": "1"}
    assert (case.summary.score, case.summary.version_count) == (pytest.approx(0.7), 3)
    assert case.summary.revision != before.revision, "a new decision version makes older reads stale"


def test_record_many_matches_record(store: CaseStore) -> None:
    batch = [flagged("1"), flagged("2"), flagged("1"), flagged("1", rules="r2"), flagged("3")]
    assert store.record_many(batch) == 4
    assert store.record_many(batch) == 0
    assert store.count() == 3
    assert _case(store, "x:1").version_count == 2


def test_a_stale_concurrent_update_is_refused_and_the_first_one_kept(store: CaseStore) -> None:
    store.record(snapshot())
    seen_by_ana = seen_by_budi = _case(store)
    store.claim("x:1", ANA, seen_by_ana.revision)
    with pytest.raises(StaleCaseError, match="changed since it was read"):
        store.claim("x:1", BUDI, seen_by_budi.revision)
    case = store.case("x:1", ANA)
    assert case is not None
    assert (case.summary.assignee, case.summary.status) == (ANA, "in_review")
    assert [(h.actor, h.action) for h in case.history] == [(ANA, "claim")]


def test_a_new_decision_version_makes_a_pending_decision_stale(store: CaseStore) -> None:
    store.record(snapshot())
    claimed = store.claim("x:1", ANA, _case(store).revision)
    store.record(snapshot(rules="r2", score=0.4))
    with pytest.raises(StaleCaseError):
        store.transition("x:1", "confirmed", ANA, claimed.revision, "clear endorsement")
    assert _case(store).status == "in_review"


def test_a_resighting_does_not_make_a_pending_decision_stale(store: CaseStore) -> None:
    store.record(snapshot())
    claimed = store.claim("x:1", ANA, _case(store).revision)
    store.record(snapshot(captured_at="2024-11-12T00:00:00+00:00"))
    decided = store.transition("x:1", "confirmed", ANA, claimed.revision, "clear endorsement")
    assert (decided.status, decided.seen_count) == ("confirmed", 2)


def test_workflow_new_review_escalate_with_who_when_why(store: CaseStore) -> None:
    store.record(snapshot())
    current = store.claim("x:1", ANA, _case(store).revision)
    with pytest.raises(WorkflowError, match="only the assignee"):
        store.transition("x:1", "confirmed", BUDI, current.revision, "looks clear")
    with pytest.raises(WorkflowError, match="needs a reason"):
        store.transition("x:1", "confirmed", ANA, current.revision, " ")
    with pytest.raises(WorkflowError, match="names a target"):
        store.transition("x:1", "escalation_requested", ANA, current.revision, "forward")
    with pytest.raises(WorkflowError, match="cannot become"):
        store.transition("x:1", "new", ANA, store.transition(
            "x:1", "confirmed", ANA, current.revision, "ballot call by a teacher").revision, "undo")
    current = _case(store)
    requested = store.transition("x:1", "escalation_requested", ANA, current.revision, "to the PPK",
                                 escalated_to="agency")
    escalated = store.transition("x:1", "escalated", BUDI, requested.revision, "agreed")
    assert (escalated.status, escalated.escalated_to) == ("escalated", "agency")
    case = store.case("x:1", ANA)
    assert case is not None
    assert [(h.action, h.status, h.actor, h.reason) for h in case.history] == [
        ("claim", "in_review", ANA, "claimed"),
        ("transition", "confirmed", ANA, "ballot call by a teacher"),
        ("request_escalation", "escalation_requested", ANA, "to the PPK"),
        ("confirm_escalation", "escalated", BUDI, "agreed"),
    ]
    assert all(h.at.endswith("Z") for h in case.history)


def test_assignment_release_and_claim_rules(store: CaseStore) -> None:
    store.record(snapshot())
    assigned = store.assign("x:1", BUDI, ANA, _case(store).revision, "Budi knows this region")
    assert (assigned.assignee, assigned.status) == (BUDI, "new")
    with pytest.raises(WorkflowError, match="assigned to"):
        store.claim("x:1", ANA, assigned.revision)
    claimed = store.claim("x:1", BUDI, assigned.revision)
    released = store.transition("x:1", "new", BUDI, claimed.revision, "conflict of interest")
    assert (released.status, released.assignee) == ("new", None)
    assert store.queue(QueueQuery(assignee=BUDI), ANA).items == ()
    with pytest.raises(CaseNotFound):
        store.claim("x:404", ANA, "1")


def test_notes_are_appended_and_audited(store: CaseStore) -> None:
    store.record(snapshot())
    store.add_note("x:1", ANA, "screenshot archived")
    store.add_note("x:1", BUDI, "agency contacted")
    case = store.case("x:1", ANA)
    assert case is not None
    assert [(n.actor, n.text) for n in case.notes] == [(ANA, "screenshot archived"), (BUDI, "agency contacted")]
    assert any(e.action == "note" and e.actor == BUDI for e in store.audit("x:1"))


def test_audit_log_names_the_actor_of_every_read_of_personal_data_and_every_change(store: CaseStore) -> None:
    store.record(snapshot())
    store.queue(QueueQuery(), BUDI)
    current = store.case("x:1", ANA)
    assert current is not None
    store.claim("x:1", ANA, current.summary.revision)
    entries = [(e.actor, e.action, e.case_ids) for e in store.audit("x:1")]
    assert sorted(entries) == sorted([
        (SYSTEM_ACTOR, "record", ("x:1",)), (BUDI, "read_queue", ("x:1",)), (ANA, "read_case", ("x:1",)),
        (ANA, "claim", ("x:1",)),
    ])
    claim = next(e for e in store.audit("x:1") if e.action == "claim")
    assert (claim.detail["from"], claim.detail["status"]) == ("new", "in_review")
    with pytest.raises(WorkflowError):
        store.case("x:1", " ")


PEOPLE = [
    # post, score, categories, nip, region, agency, election, number, posted (WIB), text
    ("1", 0.95, ("endorsement",), "111", "Kab. A", "Pemkab A", "pilbup-a", 1, "2024-11-01T08:00:00+07:00",
     "Ayo coblos nomor 1"),
    ("2", 0.90, ("endorsement",), "111", "Kab. A", "Pemkab A", "pilbup-a", 1, "2024-11-02T08:00:00+07:00",
     "Dukung paslon nomor 1 bersama guru"),
    ("3", 0.85, ("money_politics", "endorsement"), "222", "Kab. B", "Kemenag", "pilbup-b", 2,
     "2024-11-03T08:00:00+07:00", "Amplop untuk warga yang coblos nomor 2"),
    ("4", 0.60, ("intimidation",), "333", "Kab. B", "Pemkab B", "pilbup-b", 1, "2024-11-04T08:00:00+07:00",
     "Pegawai yang tidak memilih akan dimutasi"),
    ("5", 0.55, ("hate_speech",), "444", "Kota C", "Pemkot C", "pilwalkot-c", 3, "2024-11-05T08:00:00+07:00",
     "Ujaran kebencian terhadap pendukung lawan"),
    ("6", 0.40, ("disinformation",), "555", "Kota C", "Pemkot C", "pilwalkot-c", 3, "2024-11-06T08:00:00+07:00",
     "Kabar bohong tentang surat suara"),
    ("7", 0.90, ("endorsement",), "111", "Kab. A", "Pemkab A", "pilbup-a", 2, "2024-11-07T08:00:00+07:00",
     "Sekarang coblos nomor 2"),
]


def _load_people(store: CaseStore) -> None:
    store.record_many(
        flagged(p, s, c, nip, w, i, e, n, t, text) for p, s, c, nip, w, i, e, n, t, text in PEOPLE
    )
    review = _case(store, "x:4")
    store.claim("x:4", BUDI, review.revision)


def _ids(store: CaseStore, query: QueueQuery) -> list[str]:
    return [c.case_id for c in store.queue(query, ANA).items]


FILTERS: list[tuple[QueueQuery, Callable[[tuple], bool]]] = [
    (QueueQuery(status="in_review"), lambda p: p[0] == "4"),
    (QueueQuery(status="new"), lambda p: p[0] != "4"),
    (QueueQuery(category="endorsement"), lambda p: "endorsement" in p[2]),
    (QueueQuery(category="money_politics"), lambda p: "money_politics" in p[2]),
    (QueueQuery(election="pilbup-b"), lambda p: p[6] == "pilbup-b"),
    (QueueQuery(wilayah="Kota C"), lambda p: p[4] == "Kota C"),
    (QueueQuery(instansi="Kemenag"), lambda p: p[5] == "Kemenag"),
    (QueueQuery(assignee=BUDI), lambda p: p[0] == "4"),
    (QueueQuery(posted_from="2024-11-03T08:00:00+07:00", posted_to="2024-11-05T08:00:00+07:00"),
     lambda p: p[0] in ("3", "4")),
    (QueueQuery(posted_from="2024-11-06"), lambda p: p[0] in ("6", "7")),
    (QueueQuery(min_score=0.6, max_score=0.9), lambda p: 0.6 <= p[1] <= 0.9),
    (QueueQuery(text="COBLOS nomor"), lambda p: "coblos" in p[9].lower()),
    (QueueQuery(text="amplop warga"), lambda p: p[0] == "3"),
    (QueueQuery(text="coblos", wilayah="Kab. A", category="endorsement", min_score=0.92), lambda p: p[0] == "1"),
    (QueueQuery(author="x:asn111"), lambda p: p[3] == "111"),
    (QueueQuery(author="x:asn111", sort="time", limit=2), lambda p: p[0] in ("7", "2")),
    (QueueQuery(author="x:nobody"), lambda p: False),
    (QueueQuery(wilayah_in=("Kab. A", "Kota C")), lambda p: p[4] in ("Kab. A", "Kota C")),
    (QueueQuery(wilayah_in=("Kab. B",), wilayah="Kab. B", status="new"), lambda p: p[0] == "3"),
    (QueueQuery(wilayah_in=()), lambda p: False),
]


def test_every_filter(store: CaseStore) -> None:
    _load_people(store)
    for query, expected in FILTERS:
        wanted = sorted(f"x:{p[0]}" for p in PEOPLE if expected(p))
        assert sorted(_ids(store, query)) == wanted, query


def test_sort_by_score_or_by_time(store: CaseStore) -> None:
    _load_people(store)
    # Equal scores (0.90) fall back to the newer post first.
    assert _ids(store, QueueQuery()) == ["x:1", "x:7", "x:2", "x:3", "x:4", "x:5", "x:6"]
    assert _ids(store, QueueQuery(sort="time")) == ["x:7", "x:6", "x:5", "x:4", "x:3", "x:2", "x:1"]
    with pytest.raises(StoreError):
        store.queue(QueueQuery(sort="name"), ANA)
    with pytest.raises(StoreError, match="posted_from"):
        store.queue(QueueQuery(posted_from="last tuesday"), ANA)


PAGED = [QueueQuery(limit=2), QueueQuery(limit=3, sort="time"), QueueQuery(limit=1, category="endorsement")]


def test_cursor_pages_without_gaps_or_repeats(store: CaseStore) -> None:
    _load_people(store)
    for query in PAGED:
        first = store.queue(query, ANA)
        page, seen = first, [c.case_id for c in first.items]
        while page.next_cursor is not None:
            page = store.queue(query, ANA, page.next_cursor)
            seen += [c.case_id for c in page.items]
        assert seen == _ids(store, replace(query, limit=100)) and len(set(seen)) == len(seen), query
        other = replace(query, sort="time" if query.sort == "score" else "score")
        with pytest.raises(StoreError, match="cursor"):
            store.queue(other, ANA, first.next_cursor)
    with pytest.raises(StoreError, match="cursor"):
        store.queue(QueueQuery(), ANA, "not-a-cursor")
    for forged in (["score", {"a": 1}, [], None], ["time", 1]):
        with pytest.raises(StoreError):
            store.queue(QueueQuery(), ANA, encode_cursor(forged))
    # values of the wrong type: a clear refusal (engines) or a page (SQLite compares any values)
    with contextlib.suppress(StoreError):
        store.queue(QueueQuery(), ANA, encode_cursor(["score", "high", "yesterday", 3]))


def test_one_asn_with_many_posts_about_one_candidate_is_one_group(store: CaseStore) -> None:
    _load_people(store)
    page = store.queue(QueueQuery(grouped=True), ANA)
    groups = {c.group_key: c for c in page.items}
    assert len(page.items) == 6 and groups["111|pilbup-a#1"].group_size == 2
    assert groups["111|pilbup-a#1"].case_id == "x:1", "a group is shown by its first case in queue order"
    assert groups["111|pilbup-a#2"].group_size == 1
    first = store.queue(QueueQuery(grouped=True, limit=4), ANA)
    rest = store.queue(QueueQuery(grouped=True, limit=4), ANA, first.next_cursor)
    assert [c.group_key for c in first.items + rest.items] == [c.group_key for c in page.items]


def test_counts_per_status_category_and_region(store: CaseStore) -> None:
    _load_people(store)
    counts = store.counts(QueueQuery(), ANA)
    assert counts.total == 7
    assert counts.by_status == {"new": 6, "in_review": 1}
    assert counts.by_category == {"endorsement": 4, "money_politics": 1, "intimidation": 1, "hate_speech": 1,
                                  "disinformation": 1}
    assert counts.by_wilayah == {"Kab. A": 3, "Kab. B": 2, "Kota C": 2}
    assert store.counts(QueueQuery(wilayah="Kab. B"), ANA).by_status == {"new": 1, "in_review": 1}


def test_a_missing_case_is_none(store: CaseStore) -> None:
    assert store.case("x:404", ANA) is None
    with pytest.raises(CaseNotFound):
        store.add_note("x:404", ANA, "nothing here")



def test_the_author_key_is_the_platform_and_author_id_else_the_handle(store: CaseStore) -> None:
    with_id = flagged("8", nip="666")
    with_id = structs.replace(with_id, post=structs.replace(with_id.post, author=Author(id="42", handle="Renamed")))
    store.record_many([with_id, flagged("9", nip="777")])
    assert _ids(store, QueueQuery(author="x#42")) == ["x:8"]
    assert _ids(store, QueueQuery(author="x:asn0777")) == []
    assert _ids(store, QueueQuery(author="x:asn777")) == ["x:9"]
    assert post_author(structs.replace(with_id.post, author=Author())) is None


def test_filtered_counts_take_an_actor_and_leave_one_audit_entry_each(store: CaseStore) -> None:
    _load_people(store)
    before = len(store.audit(limit=500))
    counts = store.counts(QueueQuery(author="x:asn111"), BUDI)
    assert (counts.total, counts.by_wilayah) == (3, {"Kab. A": 3})
    assert store.counts(QueueQuery(wilayah_in=("Kab. B", "Kota C")), ANA).by_status == {"new": 3, "in_review": 1}
    entries = store.audit(limit=500)
    assert len(entries) == before + 2
    newest = entries[1]
    assert (newest.actor, newest.action, newest.detail["total"]) == (BUDI, "read_counts", 3)
    assert newest.detail["query"]["author"] == "x:asn111"  # type: ignore[index]
    assert store.verify_audit().ok
    with pytest.raises(WorkflowError):
        store.counts(QueueQuery(), " ")
    with pytest.raises(StoreError, match="regions"):
        store.counts(QueueQuery(wilayah_in=tuple(f"Kab. {n}" for n in range(201))), ANA)


def test_an_export_is_audited_and_each_entry_carries_the_hash_it_was_chained_with(store: CaseStore) -> None:
    store.record(snapshot())
    store.case("x:1", ANA)
    store.record_export("x:1", ANA, {"format": "pdf", "sha256": "ab" * 32})
    entries = store.audit("x:1")
    export = next(e for e in entries if e.action == "export")
    assert (export.actor, export.case_ids, export.detail["format"]) == (ANA, ("x:1",), "pdf")
    for e in entries:  # what a case file's bundle carries, and `netra verify` rehashes offline
        hashed = {"at": e.at, "actor": e.actor, "action": e.action, "case_ids": list(e.case_ids),
                  "detail": e.detail, "seq": e.seq, "prev": e.prev}
        assert e.hash and entry_hash(hashed) == e.hash
    assert [e.prev for e in entries[:-1]] == [e.hash for e in entries[1:]]
    assert [e.action for e in store.audit("x:1", without=("read_case", "read_queue"))] == ["export", "record"]
    assert store.verify_audit().ok
    with pytest.raises(WorkflowError):
        store.record_export("x:1", " ", {})
