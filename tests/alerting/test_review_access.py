"""Per-role access matrix: every route, every role, a case in and out of scope, checked on the server."""

import pytest

from tests.alerting.review_world import ACCOUNTS, AGENCY_A, CASES, REGION_A, World
from tests.factories import flagged

# Which accounts may read which case (agency: only confirmed or escalated cases of its own staff).
READABLE = {
    "admin": {"x:1", "x:2", "x:3"},
    "sup-nat": {"x:1", "x:2", "x:3"},
    "sup-a": {"x:1", "x:2"},
    "rev-a": {"x:1", "x:2"},
    "rev-a2": {"x:1", "x:2"},
    "rev-b": {"x:3"},
    "agency-a": {"x:1"},
    "rev-prov-a": {"x:1", "x:2"},  # a province reads the cases of its kabupaten, not another province's
}
REVIEWING = {"admin", "sup-nat", "sup-a", "rev-a", "rev-a2", "rev-b", "rev-prov-a"}
SUPERVISING = {"admin", "sup-nat", "sup-a"}
MATRIX = [(user, case_id) for user in ACCOUNTS for case_id in CASES]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return World(tmp_path_factory.mktemp("access"))


def _nama(case_id: str) -> str:
    return f"ASN {CASES[case_id][2][-4:]}"


@pytest.mark.parametrize(("user", "case_id"), MATRIX)
def test_case_page_and_api_read_only_in_scope(world: World, user: str, case_id: str) -> None:
    client = world.client(user)
    page, api = client.get(f"/cases/{case_id}"), client.get(f"/api/cases/{case_id}")
    if case_id in READABLE[user]:
        assert (page.status_code, api.status_code) == (200, 200)
        assert CASES[case_id][2] in page.text and api.json()["summary"]["case_id"] == case_id
    else:
        assert (page.status_code, api.status_code) == (404, 404)
        assert (
            _nama(case_id) not in page.text + api.text and f"rahasia{case_id[-1]}" not in page.text + api.text
        )
        assert api.headers["content-type"] == "application/json"


CASE_FILE = ("", ".pdf", ".json")  # the printable page, its PDF, the JSON bundle


@pytest.mark.parametrize(("user", "case_id"), MATRIX)
def test_case_file_only_in_scope_and_the_bundle_only_for_bawaslu(world: World, user: str, case_id: str) -> None:
    client = world.client(user)
    exported = len([e for e in world.store.audit(case_id, 500) if e.action == "export" and e.actor == user])
    answers = [client.get(f"/cases/{case_id}/case-file{ext}") for ext in CASE_FILE]
    statuses = tuple(a.status_code for a in answers)
    if case_id not in READABLE[user]:
        assert statuses == (404, 404, 404)
        assert not [a for a in answers if _nama(case_id) in a.text or f"rahasia{case_id[-1]}" in a.text]
    else:
        assert statuses == ((200, 200, 403) if user == "agency-a" else (200, 200, 200))
    assert all(a.headers["cache-control"] == "no-store" for a in answers)
    after = len([e for e in world.store.audit(case_id, 500) if e.action == "export" and e.actor == user])
    assert after - exported == statuses.count(200)


@pytest.mark.parametrize("user", list(ACCOUNTS))
def test_queue_api_and_page_list_only_cases_in_scope(world: World, user: str) -> None:
    client = world.client(user)
    listed = {item["case_id"] for item in client.get("/api/cases").json()["items"]}
    status = "&status=confirmed" if user == "agency-a" else ""
    page = client.get(f"/?sort=score{status}").text
    assert listed == READABLE[user]
    assert {case_id for case_id in CASES if _nama(case_id) in page} == READABLE[user]
    # Asking for another region or agency by editing the URL returns nothing, not their cases.
    assert client.get("/api/cases", params={"wilayah": "Kabupaten Beta", "instansi": "X"}).json()[
        "items"
    ] == [] or user in ("admin", "sup-nat")
    counts = client.get("/api/counts").json()
    assert counts["total"] == len(READABLE[user])


@pytest.mark.parametrize(("user", "case_id"), MATRIX)
def test_notes_need_a_reviewing_role_and_scope(world: World, user: str, case_id: str) -> None:
    client = world.client(user)
    answer = client.form(f"/cases/{case_id}", {"action": "note", "text": f"catatan {user}"})
    if case_id not in READABLE[user]:
        assert answer.status_code == 404
    elif user not in REVIEWING:
        assert answer.status_code == 403
    else:
        assert (
            answer.status_code == 303
            and answer.headers["location"] == f"/cases/{case_id.replace(':', '%3A')}"
        )
    notes = [n for n in world.store.case(case_id, "test").notes if n.text == f"catatan {user}"]  # type: ignore[union-attr]
    assert len(notes) == (answer.status_code == 303)


@pytest.mark.parametrize(("user", "case_id"), MATRIX)
def test_assigning_needs_a_supervisor_in_scope(world: World, user: str, case_id: str) -> None:
    client = world.client(user)
    answer = client.form(
        f"/cases/{case_id}",
        {"action": "assign", "assignee": "", "reason": "pool", "revision": world.revision(case_id)},
    )
    if case_id not in READABLE[user]:
        assert answer.status_code == 404
    elif user not in SUPERVISING:
        assert answer.status_code == 403
    else:  # decided cases cannot be reassigned: the workflow refuses with 400, the open one is assigned
        assert answer.status_code == (303 if CASES[case_id][3] == "new" else 400)


@pytest.mark.parametrize("user", [*ACCOUNTS, None])
def test_claim_next_and_bulk_need_a_reviewing_role(world: World, user: str | None) -> None:
    client = world.client(user)
    token = client.token("/" if user else "/login")
    claim = client.post("/claim-next", data={"csrf_token": token})
    bulk = client.post("/bulk", data={"csrf_token": token, "bulk": "assign", "case": "1:x:3"})
    if user is None:
        assert (claim.headers["location"], bulk.headers["location"]) == ("/login", "/login")
    elif user not in REVIEWING:
        assert (claim.status_code, bulk.status_code) == (403, 403)
    else:
        assert claim.status_code in (200, 303) and bulk.status_code in (200, 403)


ANONYMOUS_ROUTES = [
    ("get", "/"),
    ("get", "/cases/x:1"),
    ("get", "/api/cases"),
    ("get", "/api/cases/x:1"),
    ("get", "/api/counts"),
    ("get", "/cases/x:1/case-file"),
    ("get", "/cases/x:1/case-file.pdf"),
    ("get", "/cases/x:1/case-file.json"),
    ("post", "/cases/x:1"),
    ("post", "/bulk"),
    ("post", "/claim-next"),
    ("post", "/filters"),
    ("get", "/login"),
    ("get", "/healthz"),
    ("get", "/static/review.js"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS_ROUTES)
def test_without_logging_in_no_response_has_a_name_nip_or_post_text(
    world: World, method: str, path: str
) -> None:
    client = world.client()
    token = client.token()
    answer = getattr(client, method)(
        path, **({"data": {"csrf_token": token, "action": "note", "text": "t"}} if method == "post" else {})
    )
    secrets = [
        s
        for case_id, (_r, _a, nip, _s) in CASES.items()
        for s in (nip, _nama(case_id), f"rahasia{case_id[-1]}")
    ]
    assert not [s for s in secrets if s in answer.text]
    if path.startswith("/api/"):
        assert answer.status_code == 401 and answer.json()["error"]
    elif path not in ("/login", "/healthz", "/static/review.js"):
        assert (answer.status_code, answer.headers["location"]) == (303, "/login")


@pytest.mark.parametrize(("user", "case_id"), MATRIX)
def test_claiming_and_deciding_need_a_reviewing_role_and_scope(world: World, user: str, case_id: str) -> None:
    client = world.client(user)
    status = world.store.case(case_id, "test").summary.status  # type: ignore[union-attr]
    # Earlier rows decide cases, and a confirmed case of its own staff comes into the agency's scope.
    readable = case_id in READABLE[user] or (user == "agency-a" and CASES[case_id][1] == AGENCY_A
                                             and status in ("confirmed", "escalated"))
    claim = client.form(f"/cases/{case_id}", {"action": "claim", "revision": world.revision(case_id)})
    confirm = client.form(f"/cases/{case_id}", {"action": "transition", "status": "confirmed", "reason": "r",
                                                "revision": world.revision(case_id)})
    if not readable:
        assert (claim.status_code, confirm.status_code) == (404, 404)
    elif user not in REVIEWING:
        assert (claim.status_code, confirm.status_code) == (403, 403)
    else:  # allowed to try; the workflow decides (only a new case's first claimer may then confirm it)
        assert claim.status_code in (303, 400) and confirm.status_code in (303, 400)


def test_no_account_ever_acted_outside_its_scope_or_role(world: World) -> None:
    for case_id in CASES:
        case = world.store.case(case_id, "test")
        assert case is not None
        actors = {h.actor for h in case.history} | {n.actor for n in case.notes}
        assert {a for a in actors if a in ACCOUNTS and (case_id not in READABLE[a] or a not in REVIEWING)} == set()
        assert actors - {"setup"}, "the matrix must have acted on every case"


# Four eyes: one case per account waits for a second reviewer (rev-a asked for each escalation).
PENDING = {user: f"x:{100 + n}" for n, user in enumerate(ACCOUNTS)}
# Reviewing roles whose scope covers region A (as x:2 shows), except rev-a who asked.
SECOND_EYES = {user for user in REVIEWING if "x:2" in READABLE[user]} - {"rev-a"}


@pytest.fixture(scope="module")
def pending(tmp_path_factory: pytest.TempPathFactory) -> World:
    world = World(tmp_path_factory.mktemp("four-eyes"))
    for case_id in PENDING.values():
        world.store.record(flagged(case_id[2:], wilayah=REGION_A, instansi=AGENCY_A, text="Ayo coblos rahasia"))
        claimed = world.store.claim(case_id, "rev-a", world.revision(case_id))
        world.store.transition(case_id, "escalation_requested", "rev-a", claimed.revision, "alasan-pengusul",
                               escalated_to="agency")
    return world


@pytest.mark.parametrize("user", list(ACCOUNTS))
def test_a_waiting_escalation_is_read_blind_and_confirmed_only_by_other_eyes_in_scope(
    pending: World, user: str
) -> None:
    case_id, client = PENDING[user], pending.client(user)
    page, api = client.get(f"/cases/{case_id}"), client.get(f"/api/cases/{case_id}")
    if "x:2" not in READABLE[user]:  # out of scope; an agency never sees a case before it is escalated
        assert (page.status_code, api.status_code) == (404, 404)
    else:
        assert (page.status_code, api.status_code) == (200, 200)
        blind = user != "rev-a"
        assert ("alasan-pengusul" not in page.text + api.text) == blind
        assert (api.json()["summary"]["assignee"] is None) == blind
        # The case file carries the audit trail, which names the requester: none for the second eyes.
        exported = client.get(f"/cases/{case_id}/case-file")
        assert exported.status_code == (409 if blind else 200)
        assert ("alasan-pengusul" not in exported.text) == blind
    answer = client.form(f"/cases/{case_id}", {"action": "transition", "status": "escalated",
                                               "reason": "setuju", "revision": pending.revision(case_id)})
    status = pending.store.case(case_id, "test").summary.status  # type: ignore[union-attr]
    if user in SECOND_EYES:
        assert answer.status_code == 303 and status == "escalated"
        assert pending.client("agency-a").get(f"/cases/{case_id}").status_code == 200
    else:  # the requester (400, four eyes), out of scope or an agency (404): nothing changes
        assert answer.status_code == {"rev-a": 400}.get(user, 404) and status == "escalation_requested"
