"""The review app: evidence in place, filters and paging, the workflow through the pages, 409 on stale."""

from pathlib import Path

import pytest

from alerting.review.highlight import Piece, highlight
from netra.domain.decision import Evidence
from tests.alerting.review_world import REGION_A, World
from tests.factories import flagged


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def test_highlight_splits_text_at_evidence_edges() -> None:
    evidence = [Evidence("endorsement", 4, 10, "coblos", "call"), Evidence("endorsement", 4, 18, "", "num")]
    assert highlight("Ayo coblos nomor 1!", evidence) == [
        Piece("Ayo "),
        Piece("coblos", ("endorsement: call", "endorsement: num")),
        Piece(" nomor 1", ("endorsement: num",)),
        Piece("!"),
    ]


def test_highlight_ignores_spans_outside_the_text_or_of_another_field() -> None:
    evidence = [Evidence("x", 2, 99, "", "bad"), Evidence("x", 0, 2, "", "r", field="shared_from.text")]
    assert highlight("abc", evidence) == [Piece("abc")]


def test_case_page_shows_evidence_in_place_with_match_reasons(world: World) -> None:
    page = world.client("rev-a").get("/cases/x:2").text
    assert '<mark title="endorsement: rule">Ayo coblos nomor 2 rahasia2</mark>' in page
    assert "handle listed in registry" in page and "199003252015032001" in page


def test_queue_filters_and_cursor_paging(world: World) -> None:
    world.store.record_many(
        [
            flagged(str(n), score=n / 100, wilayah=REGION_A, text=f"coblos nomor {n % 3}")
            for n in range(10, 70)
        ]
    )
    client = world.client("rev-a")
    page = client.get("/api/cases", params={"min_score": "0.3", "text": "nomor 2"}).json()
    assert [c["case_id"] for c in page["items"]][:3] == ["x:2", "x:68", "x:65"]
    first = client.get("/api/cases").json()
    second = client.get("/api/cases", params={"cursor": first["next_cursor"]}).json()
    ids = [c["case_id"] for c in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 62 and second["next_cursor"] is None
    html = client.get("/", params={"text": "nomor 2"}).text
    assert "21 kasus cocok" in html and "cursor=" not in html


def test_claim_decide_note_and_a_stale_form_gets_409(world: World) -> None:
    ana, budi = world.client("rev-a"), world.client("rev-a2")
    revision = world.revision("x:2")
    assert ana.form("/cases/x:2", {"action": "claim", "revision": revision}).status_code == 303
    stale = budi.form("/cases/x:2", {"action": "claim", "revision": revision})
    assert stale.status_code == 409 and "berubah sejak Anda membukanya" in stale.text
    held = budi.get("/cases/x:2").text
    assert 'id="held"' in held and "rev-a" in held
    decided = ana.form(
        "/cases/x:2",
        {
            "action": "transition",
            "status": "escalation_requested",
            "escalated_to": "bkn",
            "reason": "kampanye terbuka",
            "revision": world.revision("x:2"),
        },
    )
    assert decided.status_code == 303
    ana.form("/cases/x:2", {"action": "note", "text": "arsip tangkapan layar"})
    page = ana.get("/cases/x:2").text
    assert "kampanye terbuka" in page and "arsip tangkapan layar" in page


def test_dismissal_needs_a_reason_from_the_list(world: World) -> None:
    rev = world.client("rev-a")
    rev.form("/cases/x:2", {"action": "claim", "revision": world.revision("x:2")})
    dismiss = {"action": "transition", "status": "dismissed", "revision": world.revision("x:2")}
    assert rev.form("/cases/x:2", dismiss).status_code == 400
    assert rev.form("/cases/x:2", {**dismiss, "dismiss_reason": "because"}).status_code == 400
    assert (
        rev.form(
            "/cases/x:2", {**dismiss, "dismiss_reason": "wrong_person", "reason": "beda orang"}
        ).status_code
        == 303
    )
    assert world.store.case("x:2", "t").history[-1].reason == "wrong_person: beda orang"  # type: ignore[union-attr]


def test_claim_next_takes_the_highest_scored_unclaimed_case_in_scope(world: World) -> None:
    world.store.record_many(
        [
            flagged("7", score=0.99, wilayah="Kabupaten Beta"),
            flagged("8", score=0.95, wilayah=REGION_A),
            flagged("9", score=0.97, wilayah=REGION_A),
        ]
    )
    sup = world.client("sup-a")
    sup.form(
        "/cases/x:9",
        {"action": "assign", "assignee": "rev-a2", "reason": "", "revision": world.revision("x:9")},
    )
    rev = world.client("rev-a")
    assert rev.form("/claim-next", {}).headers["location"] == "/cases/x%3A8"
    assert rev.form("/claim-next", {}).headers["location"] == "/cases/x%3A2"
    assert "Tidak ada kasus" in rev.form("/claim-next", {}).text


def test_bulk_assign_and_dismiss_as_duplicate_report_each_case(world: World) -> None:
    world.store.record_many([flagged("8", wilayah=REGION_A), flagged("9", wilayah=REGION_A)])
    sup = world.client("sup-a")
    picked = [f"{world.revision(c)}:{c}" for c in ("x:8", "x:9")]
    assigned = sup.form("/bulk", {"bulk": "assign", "assignee": "rev-a", "case": picked})
    assert assigned.status_code == 200 and world.store.case("x:8", "t").summary.assignee == "rev-a"  # type: ignore[union-attr]
    rev = world.client("rev-a")
    picked = [f"{world.revision(c)}:{c}" for c in ("x:8", "x:9", "x:3")]
    result = rev.form("/bulk", {"bulk": "dismiss_duplicate", "reason": "sama dengan x:2", "case": picked})
    assert result.text.count("selesai") == 2 and "tidak ada kasus" in result.text
    assert world.store.case("x:9", "t").history[-1].reason == "duplicate: sama dengan x:2"  # type: ignore[union-attr]
    assert (
        sup.form("/bulk", {"bulk": "assign", "assignee": "rev-b", "case": picked[:1]}).text.count("selesai")
        == 0
    )


def test_saved_filters_belong_to_their_account(world: World) -> None:
    rev = world.client("rev-a")
    assert (
        rev.form("/filters", {"name": "tinggi", "query": "min_score=0.8"}).headers["location"]
        == "/?min_score=0.8"
    )
    assert ">tinggi</a>" in rev.get("/").text and ">tinggi</a>" not in world.client("rev-a2").get("/").text
    saved = world.accounts.filters("rev-a")[0]
    world.client("rev-a2").form(f"/filters/{saved.id}/delete", {})
    assert world.accounts.filters("rev-a") == [saved]


def test_english_by_a_switch_and_times_in_the_chosen_zone_with_utc(world: World) -> None:
    rev = world.client("rev-a", fresh=True)
    page = rev.get("/cases/x:2").text
    assert "Bukti" in page and "10 Nov 2024 08.15 WIB (01:15 UTC)" in page
    rev.form("/language", {"lang": "en", "zone": "WIT"})
    page = rev.get("/cases/x:2").text
    assert "Evidence" in page and "10 Nov 2024 10:15 WIT (01:15 UTC)" in page


def test_agency_officer_sees_decided_cases_of_own_staff_without_reviewer_internals(world: World) -> None:
    world.client("rev-a").form("/cases/x:1", {"action": "note", "text": "catatan internal"})
    agency = world.client("agency-a")
    page = agency.get("/cases/x:1").text
    assert "198702142011011003" in page and "catatan internal" not in page and "handle listed" not in page
    assert agency.get("/cases/x:2").status_code == 404
    case = agency.get("/api/cases/x:1").json()
    assert case["notes"] == [] and {h["actor"] for h in case["history"]} == {"Bawaslu"}
