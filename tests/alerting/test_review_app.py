"""The review app: filters, evidence in place without running hostile markup, review actions, 409 on stale."""

from pathlib import Path

import msgspec
import pytest
from starlette.testclient import TestClient

from alerting.review.app import create_app
from alerting.review.highlight import Piece, highlight
from netra.domain.decision import Evidence
from netra.store.sqlite import SqliteCaseStore
from tests.factories import flagged
from tests.factories import snapshot as _snapshot

ANA = {"X-Netra-Reviewer": "ana@bawaslu"}
BUDI = {"X-Netra-Reviewer": "budi@bawaslu"}


@pytest.fixture
def store(tmp_path: Path) -> SqliteCaseStore:
    return SqliteCaseStore(tmp_path / "cases.sqlite")


def test_highlight_splits_text_at_evidence_edges() -> None:
    evidence = [Evidence("endorsement", 4, 10, "coblos", "call"), Evidence("endorsement", 4, 18, "", "num")]
    assert highlight("Ayo coblos nomor 1!", evidence) == [
        Piece("Ayo "), Piece("coblos", ("endorsement: call", "endorsement: num")),
        Piece(" nomor 1", ("endorsement: num",)), Piece("!"),
    ]


def test_highlight_ignores_spans_outside_the_text_or_of_another_field() -> None:
    evidence = [Evidence("x", 2, 99, "", "bad"), Evidence("x", 0, 2, "", "r", field="shared_from.text")]
    assert highlight("abc", evidence) == [Piece("abc")]


def test_queue_and_case_pages_escape_hostile_markup(store: SqliteCaseStore) -> None:
    snapshot = _snapshot()
    author = msgspec.structs.replace(snapshot.post.author, display_name="<script>alert(1)</script>")
    post = msgspec.structs.replace(snapshot.post, author=author, url="javascript:alert(1)")
    store.record(msgspec.structs.replace(snapshot, post=post))
    client = TestClient(create_app(store))

    queue = client.get("/", headers=ANA)
    assert queue.status_code == 200 and "/cases/x%3A1" in queue.text and "0.90" in queue.text
    case = client.get("/cases/x:1", headers=ANA)
    assert case.status_code == 200
    assert "<script>alert(1)</script>" not in case.text and "&lt;script&gt;" in case.text
    assert "javascript:alert" not in case.text
    assert "<mark title=\"endorsement: ballot-number-call\">coblos nomor 1</mark>" in case.text


def test_queue_filters_and_cursor_paging(store: SqliteCaseStore) -> None:
    store.record_many([flagged(str(n), score=n / 100, wilayah="Kab. A" if n % 2 else "Kab. B",
                               text=f"coblos nomor {n % 3}") for n in range(1, 61)])
    client = TestClient(create_app(store))
    page = client.get("/api/cases", params={"wilayah": "Kab. A", "min_score": "0.3"}, headers=ANA).json()
    assert [c["case_id"] for c in page["items"]] == [f"x:{n}" for n in range(59, 29, -2)]
    first = client.get("/api/cases", headers=ANA).json()
    second = client.get("/api/cases", params={"cursor": first["next_cursor"]}, headers=ANA).json()
    ids = [c["case_id"] for c in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 60 and second["next_cursor"] is None
    html = client.get("/", params={"wilayah": "Kab. B", "text": "nomor 2"}, headers=ANA)
    assert "10 case(s) match" in html.text and "Kab. A" not in html.text.split("<tbody>")[1]
    assert "cursor=" in client.get("/", headers=ANA).text
    assert client.get("/api/counts", params={"wilayah": "Kab. A"}).json()["by_status"] == {"new": 30}
    assert client.get("/?min_score=high").status_code == 400
    assert client.get("/?cursor=garbage").status_code == 400


def test_claim_decide_note_and_a_stale_form_gets_409(store: SqliteCaseStore) -> None:
    store.record(_snapshot())
    client = TestClient(create_app(store), follow_redirects=False)
    revision = store.case("x:1", "test").summary.revision  # type: ignore[union-attr]

    claimed = client.post("/cases/x:1", data={"action": "claim", "revision": revision}, headers=ANA)
    assert claimed.status_code == 303
    stale = client.post("/cases/x:1", data={"action": "claim", "revision": revision}, headers=BUDI)
    assert stale.status_code == 409 and "changed since you opened it" in stale.text
    current = store.case("x:1", "test").summary  # type: ignore[union-attr]
    assert (current.status, current.assignee) == ("in_review", "ana@bawaslu")

    decided = client.post("/cases/x:1", headers=ANA, data={
        "action": "transition", "status": "escalated", "escalated_to": "bkn", "reason": "kampanye terbuka",
        "revision": current.revision})
    assert decided.status_code == 303
    client.post("/cases/x:1", data={"action": "note", "text": "arsip tangkapan layar"}, headers=ANA)
    page = client.get("/cases/x:1", headers=ANA).text
    assert "kampanye terbuka" in page and "arsip tangkapan layar" in page and "escalated" in page
    actions = {(e.actor, e.action) for e in store.audit("x:1")}
    assert {("ana@bawaslu", "claim"), ("ana@bawaslu", "transition"), ("ana@bawaslu", "read_case")} <= actions


def test_changes_need_a_reviewer_name_and_a_valid_step(store: SqliteCaseStore) -> None:
    store.record(_snapshot())
    client = TestClient(create_app(store), follow_redirects=False)
    assert client.post("/cases/x:1", data={"action": "claim", "revision": "1"}).status_code == 400
    by_form = client.post("/cases/x:1", data={"action": "claim", "revision": "1", "reviewer": "citra"})
    assert by_form.status_code == 303
    refused = client.post("/cases/x:1", headers=ANA, data={"action": "transition", "status": "confirmed",
                                                            "reason": "x", "revision": "2"})
    assert refused.status_code == 400 and "only the assignee" in refused.text
    assert client.post("/cases/x:404", data={"action": "note", "text": "t"}, headers=ANA).status_code == 404
    client.get("/")
    assert any(e.actor.startswith("anonymous@") for e in store.audit())


def test_json_api_and_missing_case(store: SqliteCaseStore) -> None:
    store.record(_snapshot())
    client = TestClient(create_app(store))
    assert client.get("/api/cases").json()["items"][0]["case_id"] == "x:1"
    assert client.get("/api/cases/x:1").json()["snapshots"][0]["post"]["post_id"] == "1"
    assert client.get("/cases/x:404").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok", "cases": 1}
