"""Province scope over its kabupaten/kota, and the case page's other posts by the same author."""

import io
import re
from pathlib import Path

import pytest

from alerting.review.serve import embedded_app
from netra.store.sqlite import SqliteCaseStore
from tests.alerting.review_world import AGENCY_A, AGENCY_B, PROVINCE_A, REGION_A, REGION_B, Browser, World
from tests.factories import flagged

ROW = re.compile(r'<a href="/cases/([^"]+)">')


@pytest.fixture
def world(tmp_path: Path) -> World:
    """The review world plus three more posts by the author of x:2 (handle asn2001): one in the
    same kabupaten, one in another province, one in the same province's city."""
    found = World(tmp_path)
    nip = "199003252015032001"
    found.store.record_many([
        flagged("4", nip=nip, wilayah=REGION_A, instansi=AGENCY_A, created_at="2024-11-12T08:00:00+07:00"),
        flagged("5", nip=nip, wilayah=REGION_B, instansi=AGENCY_B, created_at="2024-11-13T08:00:00+07:00",
                text="Ayo coblos nomor 5 rahasia5"),
        flagged("6", nip=nip, wilayah="Kota Gamma", instansi=AGENCY_A, created_at="2024-11-11T08:00:00+07:00"),
    ])
    return found


def _author_rows(html: str) -> list[str]:
    section = html.split('id="by-author"', 1)[1].split("</table>", 1)[0] if 'id="by-author"' in html else ""
    return [case_id.replace("%3A", ":") for case_id in ROW.findall(section)]


def test_the_case_page_lists_the_author_s_other_cases_in_scope_newest_first_and_audits_it(world: World) -> None:
    page = world.client("rev-a").get("/cases/x:2").text
    assert _author_rows(page) == ["x:4"], "x:5 is in another province, x:6 in a city outside rev-a's scope"
    assert "rahasia5" not in page
    read = next(e for e in world.store.audit(limit=10) if e.action == "read_queue" and e.actor == "rev-a")
    assert read.case_ids == ("x:4", "x:2") and read.detail["query"]["author"] == "x:asn2001"  # type: ignore[index]
    assert _author_rows(world.client("rev-prov-a").get("/cases/x:2").text) == ["x:4", "x:6"]
    assert _author_rows(world.client("admin").get("/cases/x:2").text) == ["x:5", "x:4", "x:6"]
    assert 'id="by-author-none"' in world.client("rev-b").get("/cases/x:3").text


def test_the_author_list_is_bounded_and_links_to_the_whole_queue(world: World) -> None:
    world.store.record_many(
        flagged(str(n), nip="199003252015032001", wilayah=REGION_A, created_at=f"2024-12-{n - 9:02d}T08:00:00+07:00")
        for n in range(10, 22)
    )
    page = world.client("rev-a").get("/cases/x:2").text
    assert _author_rows(page) == [f"x:{n}" for n in range(21, 11, -1)]
    link = re.search(r'href="/\?([^"]+)" id="by-author-all"', page)
    assert link is not None and "author=x%3Aasn2001" in link.group(1)
    listed = world.client("rev-a").get("/api/cases", params={"author": "x:asn2001", "sort": "time", "limit": 50})
    assert {i["case_id"] for i in listed.json()["items"]} == {"x:2", "x:4", *(f"x:{n}" for n in range(10, 22))}


def test_a_province_account_reads_its_kabupaten_and_city_and_nothing_of_another_province(world: World) -> None:
    client = world.client("rev-prov-a")

    def listed(**params: str) -> set[str]:
        return {item["case_id"] for item in client.get("/api/cases", params=params).json()["items"]}

    assert listed() == {"x:1", "x:2", "x:4", "x:6"}
    assert listed(wilayah=REGION_A) == {"x:1", "x:2", "x:4"} and listed(wilayah="Kota Gamma") == {"x:6"}
    assert listed(wilayah=REGION_B) == set() and listed(wilayah=PROVINCE_A) == set()
    assert client.get("/api/counts").json()["by_wilayah"] == {REGION_A: 3, "Kota Gamma": 1}
    assert client.get("/cases/x:5").status_code == 404 and client.get("/cases/x:6").status_code == 200
    # A supervisor of the kabupaten may give its case to the province's reviewer, whose scope covers it.
    supervisor = world.client("sup-a")
    answer = supervisor.form("/cases/x:4", {"action": "assign", "assignee": "rev-prov-a", "reason": "r",
                                            "revision": world.revision("x:4")})
    assert answer.status_code == 303
    assert world.store.case("x:4", "test").summary.assignee == "rev-prov-a"  # type: ignore[union-attr]


def test_the_demo_s_province_reviewer_reads_the_demo_s_kabupaten_and_city(tmp_path: Path) -> None:
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    store.record_many([flagged("1", wilayah="Kabupaten Kaliurang Raya"), flagged("2", wilayah="Kota Pelabuhan Baru"),
                       flagged("3", wilayah="Kabupaten Sleman")])
    out = io.StringIO()
    app = embedded_app(store, tmp_path, "127.0.0.1", out)
    password = re.search(r"provinsi\s+(\S+)", out.getvalue())
    assert password is not None
    client = Browser(app)
    assert client.login("provinsi", password.group(1)).status_code == 303
    assert {i["case_id"] for i in client.get("/api/cases").json()["items"]} == {"x:1", "x:2"}
