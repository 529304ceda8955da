"""The review page shows evidence in place and never runs markup that came in with a post."""

from pathlib import Path

import msgspec
from starlette.testclient import TestClient

from alerting.review.app import create_app
from alerting.review.highlight import Piece, highlight
from netra.domain.decision import Evidence
from netra.store.sqlite import SqliteCaseStore
from tests.factories import snapshot as _snapshot


def test_highlight_splits_text_at_evidence_edges() -> None:
    evidence = [Evidence("endorsement", 4, 10, "coblos", "call"), Evidence("endorsement", 4, 18, "", "num")]
    assert highlight("Ayo coblos nomor 1!", evidence) == [
        Piece("Ayo "), Piece("coblos", ("endorsement: call", "endorsement: num")),
        Piece(" nomor 1", ("endorsement: num",)), Piece("!"),
    ]


def test_highlight_ignores_spans_outside_the_text_or_of_another_field() -> None:
    evidence = [Evidence("x", 2, 99, "", "bad"), Evidence("x", 0, 2, "", "r", field="shared_from.text")]
    assert highlight("abc", evidence) == [Piece("abc")]


def test_queue_and_case_pages_escape_hostile_markup(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    snapshot = _snapshot()
    author = msgspec.structs.replace(snapshot.post.author, display_name="<script>alert(1)</script>")
    post = msgspec.structs.replace(snapshot.post, author=author, url="javascript:alert(1)")
    store.record(msgspec.structs.replace(snapshot, post=post))
    client = TestClient(create_app(store))

    queue = client.get("/")
    assert queue.status_code == 200 and "/cases/x%3A1" in queue.text and "0.90" in queue.text
    case = client.get("/cases/x:1")
    assert case.status_code == 200
    assert "<script>alert(1)</script>" not in case.text and "&lt;script&gt;" in case.text
    assert "javascript:alert" not in case.text
    assert "<mark title=\"endorsement: ballot-number-call\">coblos nomor 1</mark>" in case.text


def test_json_api_and_missing_case(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record(_snapshot())
    client = TestClient(create_app(store))
    assert client.get("/api/cases").json()[0]["case_id"] == "x:1"
    assert client.get("/api/cases/x:1").json()["snapshots"][0]["post"]["post_id"] == "1"
    assert client.get("/cases/x:404").status_code == 404
    assert client.get("/?page=abc").status_code == 400
    assert client.get("/healthz").json() == {"status": "ok", "cases": 1}
