"""Deadlines and four eyes, on every backend (SQLite, Elasticsearch, OpenSearch): the same contract."""

import time
from dataclasses import replace

import pytest

from netra.store.base import CaseStore
from netra.store.cursor import encode_cursor
from netra.store.deadlines import DEFAULT_DEADLINES, deadlines, shifted
from netra.store.errors import StoreError, WorkflowError
from netra.store.fields import now
from netra.store.model import QueueQuery
from tests.factories import flagged

ANA, BUDI, CITRA = "ana@bawaslu", "budi@bawaslu", "citra@bawaslu"
# in_review cases fall due before new ones; confirmed cases have no deadline.
WINDOWS = deadlines({"new": 3, "in_review": 1})
STATUS = {"x:1": "new", "x:2": "in_review", "x:3": "confirmed", "x:4": "new", "x:5": "in_review"}


def _summary(store: CaseStore, case_id: str):  # type: ignore[no-untyped-def]
    case = store.case(case_id, ANA)
    assert case is not None
    return case.summary


def _five_cases(store: CaseStore) -> None:
    for case_id, status in STATUS.items():
        store.record(flagged(case_id.split(":")[1]))
        if status != "new":
            claimed = store.claim(case_id, ANA, _summary(store, case_id).revision)
            if status == "confirmed":
                store.transition(case_id, "confirmed", ANA, claimed.revision, "kampanye")


def _all_pages(store: CaseStore, query: QueueQuery) -> list[str]:
    seen, cursor = [], None
    while True:
        page = store.queue(query, ANA, cursor)
        seen += [c.case_id for c in page.items]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def test_a_case_is_due_its_status_window_after_it_was_first_recorded(store: CaseStore) -> None:
    before = now()
    store.record(flagged("1"))
    summary = _summary(store, "x:1")
    assert summary.first_seen is not None and before <= summary.first_seen <= now()
    assert DEFAULT_DEADLINES.due(summary.status, summary.first_seen) == shifted(summary.first_seen, 7 * 86_400)
    store.record(flagged("1", text="Ayo coblos nomor 1 sekarang"))  # a new decision version
    assert _summary(store, "x:1").first_seen == summary.first_seen
    assert DEFAULT_DEADLINES.due("confirmed", summary.first_seen) is None


def test_deadline_order_is_soonest_first_then_cases_without_one_across_pages(store: CaseStore) -> None:
    _five_cases(store)
    expected = ["x:2", "x:5", "x:1", "x:4", "x:3"]
    query = QueueQuery(sort="deadline", deadlines=WINDOWS, limit=2)
    assert _all_pages(store, query) == expected
    assert _all_pages(store, replace(query, limit=50)) == expected
    assert _all_pages(store, replace(query, status="new")) == ["x:1", "x:4"]
    # Other windows, other order: the table is read at query time, nothing is rewritten.
    assert _all_pages(store, replace(query, deadlines=deadlines({"new": 1, "in_review": 3}))) == [
        "x:1", "x:4", "x:2", "x:5", "x:3"]
    same = replace(query, deadlines=deadlines({"new": 2, "in_review": 2}))  # one window: discovery order
    assert _all_pages(store, same) == ["x:1", "x:2", "x:4", "x:5", "x:3"]
    with pytest.raises(StoreError, match="grouped"):
        store.queue(replace(query, grouped=True), ANA)
    for forged in (["deadline", "not a time", "x:1"], ["deadline", 5, "x:1"], ["deadline", "x:1"]):
        with pytest.raises(StoreError, match="cursor"):
            store.queue(query, ANA, encode_cursor(forged))


def test_filter_to_cases_due_within_days_or_overdue(store: CaseStore) -> None:
    _five_cases(store)

    def due_within(days: float, **filters: str) -> set[str]:
        query = QueueQuery(due_before=shifted(now(), round(days * 86_400)), deadlines=WINDOWS, **filters)
        return {c.case_id for c in store.queue(query, ANA).items}

    assert due_within(0) == set()  # nothing overdue yet
    assert due_within(2) == {"x:2", "x:5"}
    assert due_within(4) == {"x:1", "x:2", "x:4", "x:5"}
    assert due_within(4, status="new") == {"x:1", "x:4"}
    assert due_within(4000) == {"x:1", "x:2", "x:4", "x:5"}  # a decided case is never due
    with pytest.raises(StoreError, match="due_before"):
        store.queue(QueueQuery(due_before="next week"), ANA)
    with pytest.raises(StoreError, match="out of range"):
        store.queue(QueueQuery(due_before="0001-01-02"), ANA)


def test_counts_say_how_many_matching_cases_are_overdue(store: CaseStore) -> None:
    _five_cases(store)
    assert store.counts(QueueQuery(deadlines=WINDOWS), ANA).overdue == 0
    time.sleep(0.01)  # a window of 0 days: due the moment a case is recorded
    instant = deadlines({"new": 0, "in_review": 1})
    assert store.counts(QueueQuery(deadlines=instant), ANA).overdue == 2
    assert store.counts(QueueQuery(deadlines=instant, status="in_review"), ANA).overdue == 0
    assert store.counts(QueueQuery(deadlines=deadlines({})), ANA).overdue == 0


def _requested(store: CaseStore, target: str = "agency") -> str:
    store.record(flagged("1"))
    claimed = store.claim("x:1", ANA, _summary(store, "x:1").revision)
    return store.transition("x:1", "escalation_requested", ANA, claimed.revision, "guru kampanye",
                            escalated_to=target).revision


def test_an_escalation_needs_a_second_account_to_confirm_it(store: CaseStore) -> None:
    store.record(flagged("2"))
    claimed = store.claim("x:2", ANA, _summary(store, "x:2").revision)
    with pytest.raises(WorkflowError, match="cannot become"):  # no escalation on one pair of eyes
        store.transition("x:2", "escalated", ANA, claimed.revision, "langsung", escalated_to="agency")
    with pytest.raises(WorkflowError, match="names a target"):
        store.transition("x:2", "escalation_requested", ANA, claimed.revision, "tanpa tujuan")
    with pytest.raises(WorkflowError, match="only the assignee"):
        store.transition("x:2", "escalation_requested", BUDI, claimed.revision, "bukan miliknya",
                         escalated_to="agency")
    revision = _requested(store)
    pending = _summary(store, "x:1")
    assert (pending.status, pending.assignee, pending.escalated_to) == ("escalation_requested", ANA, "agency")
    with pytest.raises(WorkflowError, match="four eyes"):
        store.transition("x:1", "escalated", ANA, revision, "saya sendiri")
    with pytest.raises(WorkflowError, match="cannot be claimed"):
        store.claim("x:1", BUDI, revision)
    with pytest.raises(WorkflowError, match="cannot be reassigned"):
        store.assign("x:1", BUDI, CITRA, revision, "biar Budi")
    with pytest.raises(WorkflowError, match="names a target"):  # the second confirms what was asked
        store.transition("x:1", "escalated", BUDI, revision, "ke BKN saja", escalated_to="bkn")
    escalated = store.transition("x:1", "escalated", BUDI, revision, "terbukti, teruskan")
    assert (escalated.status, escalated.escalated_to, escalated.assignee) == ("escalated", "agency", ANA)
    case = store.case("x:1", ANA)
    assert case is not None
    assert [(h.action, h.actor, h.status, h.escalated_to) for h in case.history][-2:] == [
        ("request_escalation", ANA, "escalation_requested", "agency"),
        ("confirm_escalation", BUDI, "escalated", "agency"),
    ]
    audited = [(e.action, e.actor, e.detail.get("status")) for e in reversed(store.audit("x:1"))]
    assert ("request_escalation", ANA, "escalation_requested") in audited
    assert ("confirm_escalation", BUDI, "escalated") in audited


def test_a_second_account_may_refuse_and_the_first_withdraw(store: CaseStore) -> None:
    revision = _requested(store)
    with pytest.raises(WorkflowError, match="needs a reason"):
        store.transition("x:1", "in_review", BUDI, revision, " ")
    refused = store.transition("x:1", "in_review", BUDI, revision, "bukan ASN yang sama")
    assert (refused.status, refused.assignee, refused.escalated_to) == ("in_review", ANA, None)
    again = store.transition("x:1", "escalation_requested", ANA, refused.revision, "bukti baru",
                             escalated_to="bkn")
    withdrawn = store.transition("x:1", "in_review", ANA, again.revision, "salah tujuan")
    assert (withdrawn.status, withdrawn.assignee) == ("in_review", ANA)
    case = store.case("x:1", ANA)
    assert case is not None
    assert [(h.action, h.actor) for h in case.history][-3:] == [
        ("refuse_escalation", BUDI), ("request_escalation", ANA), ("withdraw_escalation", ANA)]
    assert store.queue(QueueQuery(status="escalated"), ANA).items == ()
