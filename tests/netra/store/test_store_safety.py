"""The same hostile input, failures, replay, audit chain, judgements and facts on every adapter."""

import math
import re
from collections.abc import Callable

import pytest

from netra.domain.judgement import Judgement, Verdict, author_key
from netra.domain.post import Author, Post
from netra.domain.snapshot import post_sha256
from netra.failures import Rejected
from netra.store import recording
from netra.store.audit_chain import Head, parse_head
from netra.store.base import SYSTEM_ACTOR
from netra.store.errors import StoreError, WorkflowError
from netra.store.limits import MAX_NOTE, MAX_PAGE, MAX_QUERY_TEXT
from netra.store.model import QueueQuery
from netra.store.recording import prepare
from netra.store.service import CaseService
from tests.factories import flagged, snapshot

ANA = "ana@bawaslu"
SAFE_ID = re.compile(r"[a-z0-9_]+(:[A-Za-z0-9_-]+|~[0-9a-f]{32})")


def _with_post_id(post_id: str, text: str = "Ayo coblos nomor 1!"):  # type: ignore[no-untyped-def]
    base = flagged("1", text=text)
    post = Post("x", post_id, base.post.created_at, text, Author(handle="asn1003"), raw={"id": post_id})
    return type(base)(post, post_sha256(post), base.captured_at, base.collector, base.decision, base.registry_entry)


HOSTILE_IDS = ["1/../2", "../../etc/passwd", "1\r\nX-Injected: yes", "7" * 250, "a b?c#d", "x:1", "é"]


def test_hostile_post_ids_give_safe_distinct_reachable_cases(store: CaseService) -> None:
    store.record(snapshot())
    for post_id in HOSTILE_IDS:
        store.record(_with_post_id(post_id, f"teks {len(post_id)}"))
    ids = [c.case_id for c in store.queue(QueueQuery(limit=100), ANA).items]
    assert len(ids) == len(set(ids)) == len(HOSTILE_IDS) + 1, "post id 'x:1' is not post '1' of platform x"
    for case_id in ids:
        assert SAFE_ID.fullmatch(case_id), case_id
        case = store.case(case_id, ANA)
        assert case is not None and case.summary.case_id == case_id
    first = store.case("x:1", ANA)
    assert first is not None and first.snapshots[0].post.post_id == "1"
    assert max(len(i) for i in ids) < 64


def test_an_over_long_post_id_is_rejected_by_its_post_key(store: CaseService) -> None:
    with pytest.raises(Rejected, match="post_id is 600 bytes") as refused:
        store.record(_with_post_id("7" * 600))
    assert refused.value.key == "x:" + "7" * 600, "the stage runner names the record by its post key"
    assert store.count() == 0


def test_a_created_at_that_overflows_utc_is_rejected_and_the_rest_stored(store: CaseService) -> None:
    bad = flagged("2", created_at="0001-01-01T00:00:00+14:00")
    report = store.record_batch([flagged("1"), bad, flagged("3")])
    assert report.recorded == 2 and list(report.rejected) == [1]
    assert isinstance(report.rejected[1], Rejected) and "OverflowError" in report.rejected[1].reason
    assert report.rejected[1].key == "x:2"
    assert store.count() == 2
    with pytest.raises(Rejected, match="created_at"):
        store.record(bad)


def test_an_over_long_field_is_rejected_before_it_reaches_the_backend(store: CaseService) -> None:
    huge = flagged("2", instansi="Dinas " * 10_000)
    report = store.record_batch([flagged("1"), huge])
    assert report.recorded == 1 and "instansi" in report.rejected[1].reason


def test_a_record_the_backend_refuses_is_rejected_alone(
    store: CaseService, backend: tuple[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, _ = backend
    if name == "sqlite":  # SQLite refuses a NaN score (NOT NULL); search engines refuse an immense keyword
        refused = flagged("2", score=math.nan)
    else:
        monkeypatch.setattr(recording, "keyword_fits", lambda *_: None)
        refused = flagged("2", wilayah="W" * 40_000)
    report = store.record_batch([flagged("1"), refused, flagged("3")])
    assert (report.recorded, list(report.rejected)) == (2, [1]), report
    assert report.rejected[1].key == "x:2"
    assert store.count() == 2
    assert store.record_many([flagged("1"), flagged("3")]) == 0, "the stored ones are not stored twice"
    with pytest.raises(Rejected) as one:
        store.record_many([flagged("4"), refused])
    assert one.value.key == "x:2" and store.count() == 3
    with pytest.raises(ExceptionGroup) as several:
        store.record_many([refused, flagged("5", created_at="0001-01-01T00:00:00+14:00")])
    assert sorted(e.key for e in several.value.exceptions) == ["x:2", "x:5"]  # type: ignore[attr-defined]


def test_a_replay_after_a_crash_between_write_and_audit_completes_the_audit(
    store: CaseService, backend: tuple[str, object]
) -> None:
    _, reopen = backend
    batch = [flagged(str(n)) for n in range(1, 6)] + [flagged("1", rules="r2")]
    store._repo.write_records([prepare(s) for s in batch])  # the crash: written, no `record` entry
    assert not [e for e in store.audit() if e.action == "record"]
    restarted: CaseService = reopen()  # type: ignore[operator]
    assert restarted.record_many(batch) == 0, "a replay stores nothing twice"
    records = [e for e in restarted.audit() if e.action == "record"]
    assert len(records) == 1 and sorted(records[0].case_ids) == sorted(f"x:{n}" for n in (1, 1, 2, 3, 4, 5))
    assert records[0].actor == SYSTEM_ACTOR
    restarted.record_many(batch)
    assert len([e for e in restarted.audit() if e.action == "record"]) == 1, "a second replay adds nothing"
    assert restarted.verify_audit().ok


def test_the_audit_chain_verifies_and_each_entry_names_the_one_before(store: CaseService) -> None:
    store.record_many([flagged("1"), flagged("2")])
    store.queue(QueueQuery(), ANA)
    case = store.case("x:1", ANA)
    assert case is not None
    store.claim("x:1", ANA, case.summary.revision)
    store.add_note("x:1", ANA, "arsip")
    result = store.verify_audit()
    assert result.ok and result.entries == 5 and result.unchained == 0
    assert [e.seq for e in store.audit()] == [5, 4, 3, 2, 1]


def test_the_audit_head_is_the_newest_entry_and_a_recorded_head_must_stay_in_the_chain(
    store: CaseService,
) -> None:
    assert store.audit_head() is None
    store.record(flagged("1"))
    store.case("x:1", ANA)
    head = store.audit_head()
    assert head is not None and head.seq == 2 and str(head) == f"2:{head.hash}" and len(head.hash) == 64
    assert parse_head(str(head)) == head
    store.case("x:1", ANA)
    assert store.verify_audit([head, parse_head(str(store.audit_head()))]).ok, "older heads stay valid"
    beyond = Head(9, head.hash)
    ended = store.verify_audit([beyond])
    assert not ended.ok and any("entry 9" in p and "ends before it" in p for p in ended.problems)
    forged = store.verify_audit([Head(2, "0" * 64)])
    assert not forged.ok and any("entry 2" in p and "rewritten" in p for p in forged.problems)
    for bad in ("", "2", "0:" + "a" * 64, "2:xyz", "two:" + "a" * 64):
        with pytest.raises(ValueError, match="SEQ:HASH"):
            parse_head(bad)


def test_confirming_and_dismissing_record_judgements_for_the_matcher(store: CaseService) -> None:
    author = author_key("x", "asn1003")
    store.record_many([flagged("1"), flagged("2", nip="199001012020121002")])
    one = store.claim("x:1", ANA, _revision(store, "x:1"))
    store.transition("x:1", "confirmed", ANA, one.revision, "ajakan mencoblos")
    confirmed = store.judgements.confirmed([author, "x:someone_else"])
    assert confirmed is not None and (confirmed.nip, confirmed.verdict, confirmed.reviewer) == (
        "198702142011011003", Verdict.CONFIRMED, ANA)
    two = store.claim("x:2", ANA, _revision(store, "x:2"))
    with pytest.raises(WorkflowError, match="dismissal reason"):
        store.transition("x:2", "dismissed", ANA, two.revision, "?", dismissal="because")
    store.transition("x:2", "dismissed", ANA, two.revision, "beda orang", dismissal="wrong_person")
    assert store.judgements.rejected([author_key("x", "asn1002")]) == {"199001012020121002"}
    assert store.judgements.rejected([author]) == set()
    history = store.case("x:2", ANA).history  # type: ignore[union-attr]
    assert history[-1].reason_code == "wrong_person"
    assert any(e.action == "judgement" and e.actor == ANA for e in store.audit())


def test_a_dismissal_that_is_not_about_the_person_records_no_judgement(store: CaseService) -> None:
    store.record(snapshot())
    claimed = store.claim("x:1", ANA, _revision(store, "x:1"))
    store.transition("x:1", "dismissed", ANA, claimed.revision, "bukan pelanggaran", dismissal="not_a_violation")
    assert store.judgements.rejected([author_key("x", "dwi")]) == set()
    assert store.judgements.confirmed([author_key("x", "dwi")]) is None


def test_judgement_store_contract_latest_on_a_pair_wins(store: CaseService, backend: tuple[str, object]) -> None:
    _, reopen = backend
    store.judgements.record(Judgement("x:dwi", "111", Verdict.CONFIRMED, "ana"))
    store.judgements.record(Judgement("x:dwi", "222", Verdict.REJECTED, "ana"))
    store.judgements.record(Judgement("x:dwi", "111", Verdict.REJECTED, "budi", "undo"))
    restarted: CaseService = reopen()  # type: ignore[operator]
    assert restarted.judgements.rejected(["x:dwi"]) == {"111", "222"}
    assert restarted.judgements.confirmed(["x:dwi"]) is None
    restarted.judgements.record(Judgement("x#42", "333", Verdict.CONFIRMED, "ana"))
    found = restarted.judgements.confirmed(["x:dwi", "x#42"])
    assert found is not None and (found.author, found.nip) == ("x#42", "333") and found.at


def test_author_facts_keep_the_latest_version(store: CaseService, backend: tuple[str, object]) -> None:
    _, reopen = backend
    assert store.author_facts("x:dwi") is None
    store.save_author_facts("x:dwi", {"version": "f1", "units": ["SDN 4"]})
    store.save_author_facts("x:dwi", {"version": "f2", "units": ["SDN 4", "Kecamatan Mergangsan"], "n": 3})
    restarted: CaseService = reopen()  # type: ignore[operator]
    assert restarted.author_facts("x:dwi") == {"version": "f2", "units": ["SDN 4", "Kecamatan Mergangsan"], "n": 3}
    with pytest.raises(StoreError, match="limit"):
        restarted.save_author_facts("x:dwi", {"version": "f3", "bio": "b" * 100_000})


LIMITS: list[tuple[str, Callable[[CaseService], object]]] = [
    ("a note", lambda s: s.add_note("x:1", ANA, "n" * (MAX_NOTE + 1))),
    ("a text query", lambda s: s.queue(QueueQuery(text="coblos " * MAX_QUERY_TEXT), ANA)),
    ("at least one word", lambda s: s.queue(QueueQuery(text="!!! ..."), ANA)),
    ("status", lambda s: s.queue(QueueQuery(status="s" * 1000), ANA)),
    ("a reason", lambda s: s.assign("x:1", None, ANA, "1", "r" * 5000)),
    ("actor", lambda s: s.case("x:1", "a" * 1000)),
]


def test_store_limits_refuse_huge_notes_queries_and_reasons(store: CaseService) -> None:
    store.record(snapshot())
    for what, call in LIMITS:
        with pytest.raises(StoreError, match=what):
            call(store)
    case = store.case("x:1", ANA)
    assert case is not None and case.notes == ()
    store.record_many(flagged(str(n)) for n in range(2, MAX_PAGE + 20))
    assert len(store.queue(QueueQuery(limit=10_000), ANA).items) == MAX_PAGE


def _revision(store: CaseService, case_id: str) -> str:
    case = store.case(case_id, ANA)
    assert case is not None
    return case.summary.revision
