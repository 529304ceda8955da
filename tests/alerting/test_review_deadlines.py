"""Deadlines and four eyes through the review app: time left, overdue counts in scope, deadline
filters; an escalation confirmed by a second account that judges without the first one's name or reason."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from alerting.review.due import due_of
from alerting.review.i18n import use
from alerting.review.serve import deadline_option
from alerting.review.settings import ReviewSettings
from netra.store.deadlines import deadlines
from netra.store.model import CaseSummary
from tests.alerting.review_world import World

SECRET_REASON = "RAHASIA-ALASAN-PERTAMA"


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def _requested(world: World, target: str = "agency") -> None:
    """rev-a claims x:2 (new, region A) and asks for its escalation."""
    rev = world.client("rev-a")
    assert rev.form("/cases/x:2", {"action": "claim", "revision": world.revision("x:2")}).status_code == 303
    asked = rev.form("/cases/x:2", {"action": "transition", "status": "escalation_requested",
                                    "escalated_to": target, "reason": SECRET_REASON,
                                    "revision": world.revision("x:2")})
    assert asked.status_code == 303


def _status(world: World, case_id: str = "x:2") -> str:
    case = world.store.case(case_id, "test")
    assert case is not None
    return case.summary.status


def test_the_case_page_shows_the_time_left_in_the_readers_language_and_zone(world: World) -> None:
    rev = world.client("rev-a", fresh=True)
    page = rev.get("/cases/x:2").text
    assert "Batas waktu" in page and "sisa 6 hari 23 jam" in page and " WIB (" in page
    assert "Tidak ada batas waktu pada status ini" in rev.get("/cases/x:1").text  # confirmed: no clock
    rev.form("/language", {"lang": "en", "zone": "WITA"})
    page = rev.get("/cases/x:2").text
    assert "6 days 23 hours left" in page and " WITA (" in page


def test_overdue_cases_are_counted_in_scope_filtered_and_sorted_first(tmp_path: Path) -> None:
    world = World(tmp_path, ReviewSettings(secure_cookies=False, deadlines=deadlines({"new": 0})))
    rev_a, rev_b = world.client("rev-a"), world.client("rev-b")
    header = rev_a.get("/").text
    assert 'id="overdue" class="overdue">1 lewat batas waktu' in header  # x:2 (x:1 is confirmed)
    assert rev_a.get("/api/counts").json()["overdue"] == 1
    assert rev_b.get("/api/counts").json()["overdue"] == 0  # region B has no new case
    assert "lewat " in rev_a.get("/cases/x:2").text
    overdue = rev_a.get("/api/cases", params={"due": "overdue", "sort": "deadline"}).json()["items"]
    assert [c["case_id"] for c in overdue] == ["x:2"]
    within = rev_a.get("/api/cases", params={"due_within": "3"}).json()["items"]
    assert [c["case_id"] for c in within] == ["x:2"]
    assert [c["case_id"] for c in rev_a.get("/api/cases", params={"sort": "deadline"}).json()["items"]] == [
        "x:2", "x:1"]
    for bad in ({"due": "soon"}, {"due_within": "tomorrow"}, {"due_within": "-1"},
                {"sort": "deadline", "grouped": "1"}):
        answer = rev_a.get("/api/cases", params=bad)
        assert answer.status_code == 400 and answer.json()["error"]


def test_the_default_window_is_seven_days_and_due_within_filters_by_it(world: World) -> None:
    rev = world.client("rev-a")
    assert rev.get("/api/cases", params={"due": "overdue"}).json()["items"] == []
    assert rev.get("/api/cases", params={"due_within": "6"}).json()["items"] == []
    assert [c["case_id"] for c in rev.get("/api/cases", params={"due_within": "7"}).json()["items"]] == ["x:2"]


def test_time_left_and_late_read_in_days_and_hours() -> None:
    summary = CaseSummary("x:9", "new", 0.9, (), (), None, None, None, None, "", 1, 1, None, None, "g", "1",
                          first_seen="2026-11-01T00:00:00.000Z")
    use("id", "WIB")
    late = due_of(summary, deadlines({"new": 7}), datetime(2026, 11, 9, 1, 30, tzinfo=UTC))
    assert late is not None and late.overdue and late.span == "1 hari 1 jam"
    use("en", "WIB")
    soon = due_of(summary, deadlines({"new": 7}), datetime(2026, 11, 7, 23, 20, tzinfo=UTC))
    assert soon is not None and not soon.overdue and soon.span == "40 minutes"
    assert due_of(summary, deadlines({"in_review": 7})) is None


def test_netra_review_deadline_option() -> None:
    assert deadline_option("new=5") == ("new", 5.0) and deadline_option("in_review=off") == ("in_review", None)
    for bad in ("nonsense=3", "new=-1", "new=nan", "new=soon"):
        with pytest.raises(Exception, match=r"status|DAYS"):
            deadline_option(bad)


def test_a_second_reviewer_confirms_blind_and_only_then_the_agency_sees_it(world: World) -> None:
    _requested(world)
    second, agency = world.client("rev-a2"), world.client("agency-a")
    page = second.get("/cases/x:2").text
    assert 'id="four-eyes"' in page and 'id="confirm-escalation"' in page and "PPK" in page
    assert SECRET_REASON not in page and ">rev-a<" not in page and "Nama rev-a<" not in page
    api = second.get("/api/cases/x:2").json()
    assert api["summary"]["assignee"] is None and SECRET_REASON not in str(api)
    assert all(h["actor"] != "rev-a" for h in api["history"])
    row = next(c for c in second.get("/api/cases").json()["items"] if c["case_id"] == "x:2")
    assert row["assignee"] is None and "rev-a<" not in second.get("/").text
    # the one who asked sees everything of theirs, and may only withdraw
    own = world.client("rev-a").get("/cases/x:2").text
    assert SECRET_REASON in own and 'id="withdraw-escalation"' in own and "confirm-escalation" not in own
    assert agency.get("/cases/x:2").status_code == 404  # not escalated yet
    confirmed = second.form("/cases/x:2", {"action": "transition", "status": "escalated", "reason": "setuju",
                                           "revision": world.revision("x:2")})
    assert confirmed.status_code == 303 and _status(world) == "escalated"
    after = second.get("/cases/x:2").text
    assert SECRET_REASON in after and ">rev-a<" in after  # decided: nothing hidden any more
    assert agency.get("/cases/x:2").status_code == 200
    case = world.store.case("x:2", "test")
    assert case is not None
    assert [(h.action, h.actor) for h in case.history][-2:] == [
        ("request_escalation", "rev-a"), ("confirm_escalation", "rev-a2")]
    assert {("request_escalation", "rev-a"), ("confirm_escalation", "rev-a2")} <= {
        (e.action, e.actor) for e in world.store.audit("x:2")}


def test_the_requester_can_never_be_the_second_eyes(world: World) -> None:
    _requested(world)
    rev = world.client("rev-a")
    own = rev.form("/cases/x:2", {"action": "transition", "status": "escalated", "reason": "saya juga",
                                  "revision": world.revision("x:2")})
    assert own.status_code == 400 and "four eyes" in own.text
    # The JSON API has no way to change a case: a JSON body, or a form post to an API URL, is refused.
    token = rev.token("/")
    as_json = rev.post("/api/cases/x:2", json={"status": "escalated", "reason": "r"})
    as_form = rev.post("/api/cases/x:2", data={"csrf_token": token, "action": "transition",
                                                "status": "escalated", "reason": "r",
                                                "revision": world.revision("x:2")})
    assert as_json.status_code == 415 and as_form.status_code == 405
    assert _status(world) == "escalation_requested"


def test_a_refusal_returns_the_case_to_its_reviewer_and_a_withdrawal_too(world: World) -> None:
    _requested(world, "bkn")
    sup = world.client("sup-a")
    assert sup.form("/cases/x:2", {"action": "transition", "status": "in_review", "reason": "",
                                   "revision": world.revision("x:2")}).status_code == 400  # reason needed
    refused = sup.form("/cases/x:2", {"action": "transition", "status": "in_review", "reason": "bukti kurang",
                                      "revision": world.revision("x:2")})
    assert refused.status_code == 303 and _status(world) == "in_review"
    page = world.client("rev-a").get("/cases/x:2").text
    assert "bukti kurang" in page and 'id="escalate"' in page
    rev = world.client("rev-a")
    rev.form("/cases/x:2", {"action": "transition", "status": "escalation_requested", "escalated_to": "bkn",
                            "reason": "bukti baru", "revision": world.revision("x:2")})
    withdrawn = rev.form("/cases/x:2", {"action": "transition", "status": "in_review", "reason": "keliru",
                                        "revision": world.revision("x:2")})
    assert withdrawn.status_code == 303 and _status(world) == "in_review"
    case = world.store.case("x:2", "test")
    assert case is not None
    assert [h.action for h in case.history][-3:] == ["refuse_escalation", "request_escalation",
                                                     "withdraw_escalation"]
    # a reviewer of another region, and an agency officer, cannot act on it at all
    assert world.client("rev-b").form("/cases/x:2", {"action": "transition", "status": "escalated",
                                                      "reason": "r", "revision": "1"}).status_code == 404
