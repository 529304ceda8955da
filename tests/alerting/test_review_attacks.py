"""Each attack tried on the old review app, and that it now fails (issue 11)."""

import time
from pathlib import Path

import msgspec
import pytest

from alerting.review.settings import ReviewSettings
from netra.domain.snapshot import post_sha256
from tests.alerting.review_world import PASSWORD, World
from tests.factories import snapshot


@pytest.fixture
def world(tmp_path: Path) -> World:
    return World(tmp_path)


def _history(world: World, case_id: str) -> list[tuple[str, str]]:
    return [(h.actor, h.action) for h in world.store.case(case_id, "test").history]  # type: ignore[union-attr]


def test_identity_comes_from_the_session_never_a_header_or_form_field(world: World) -> None:
    rev = world.client("rev-a")
    answer = rev.form(
        "/cases/x:2",
        {"action": "claim", "revision": world.revision("x:2"), "reviewer": "system:indexer"},
        headers={"X-Netra-Reviewer": "rev-a2"},
    )
    assert answer.status_code == 303
    assert _history(world, "x:2") == [("rev-a", "claim")]
    anonymous = world.client()
    forged = anonymous.post(
        "/cases/x:2",
        data={"action": "claim", "revision": "1", "csrf_token": anonymous.token()},
        headers={"X-Netra-Reviewer": "rev-a"},
    )
    assert forged.headers["location"] == "/login" and _history(world, "x:2") == [("rev-a", "claim")]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Content-Type": "text/plain"}, 415),
    ],
)
def test_cross_site_and_text_plain_posts_are_refused(
    world: World, headers: dict[str, str], status: int
) -> None:
    rev = world.client("rev-a")
    token = rev.token("/")
    if headers.get("Content-Type") == "text/plain":
        answer = rev.post("/cases/x:2", content=f"action=note&text=x&csrf_token={token}", headers=headers)
    else:
        answer = rev.post(
            "/cases/x:2", data={"action": "note", "text": "x", "csrf_token": token}, headers=headers
        )
    assert answer.status_code == status and world.store.case("x:2", "t").notes == ()  # type: ignore[union-attr]


def test_a_form_without_this_sessions_csrf_token_is_refused(world: World) -> None:
    rev, other = world.client("rev-a"), world.client("rev-a2")
    assert rev.post("/cases/x:2", data={"action": "note", "text": "x"}).status_code == 400
    assert (
        rev.post(
            "/cases/x:2", data={"action": "note", "text": "x", "csrf_token": other.token("/")}
        ).status_code
        == 400
    )
    assert world.store.case("x:2", "t").notes == ()  # type: ignore[union-attr]


def test_reopening_a_decided_case_needs_a_supervisor_and_a_reason(world: World) -> None:
    rev, sup = world.client("rev-a"), world.client("sup-a")
    reopen = {"action": "transition", "status": "in_review", "revision": world.revision("x:1")}
    assert rev.form("/cases/x:1", {**reopen, "reason": "salah"}).status_code == 403
    assert sup.form("/cases/x:1", reopen).status_code == 400
    assert sup.form("/cases/x:1", {**reopen, "reason": "bukti baru"}).status_code == 303
    assert world.store.case("x:1", "t").summary.status == "in_review"  # type: ignore[union-attr]


def test_x_forwarded_for_is_believed_only_from_a_configured_proxy(tmp_path: Path) -> None:
    for proxies, expected in (((), "testclient"), (("testclient",), "203.0.113.9")):
        world = World(
            tmp_path / str(len(proxies)), ReviewSettings(secure_cookies=False, trusted_proxies=proxies)
        )
        client = world.client(fresh=True)
        client.post(
            "/login",
            data={"username": "rev-a", "password": "wrong-password!", "csrf_token": client.token()},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
        assert world.accounts.events(1)[0].detail["client"] == expected


def test_queries_notes_and_bodies_have_size_limits(world: World) -> None:
    rev = world.client("rev-a")
    assert rev.get("/api/cases", params={"text": "coblos " * 100}).status_code == 400
    assert rev.form("/cases/x:2", {"action": "note", "text": "x" * 4001}).status_code == 400
    assert rev.form("/cases/x:2", {"action": "note", "text": "x" * 70_000}).status_code == 413
    assert world.store.case("x:2", "t").notes == ()  # type: ignore[union-attr]


def test_redirects_after_actions_are_relative_whatever_the_host_header(world: World) -> None:
    rev = world.client("rev-a")
    answer = rev.form("/cases/x:2", {"action": "note", "text": "ok"}, headers={"Host": "evil.example"})
    assert answer.status_code == 303 and answer.headers["location"] == "/cases/x%3A2"


@pytest.mark.parametrize("path", ["/", "/login", "/cases/x:1", "/api/cases", "/api/cases/x:9", "/nowhere"])
def test_every_response_has_strict_security_headers(world: World, path: str) -> None:
    headers = world.client("admin").get(path).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    "params",
    [
        {"min_score": "high"},
        {"min_score": "nan"},
        {"max_score": "2"},
        {"posted_from": "yesterday"},
        {"sort": "random"},
        {"status": "lost"},
        {"category": "<script>"},
        {"cursor": "garbage"},
        {"cursor": "e30"},
        {"cursor": "WyJ4Il0"},
        {"text": "!!! ???"},
        {"text": "   "},
    ],
)
def test_malformed_filters_and_cursors_are_400_as_json_on_the_api(
    world: World, params: dict[str, str]
) -> None:
    admin = world.client("admin")
    api = admin.get("/api/cases", params=params)
    if params.get("text", "x").strip():
        assert api.status_code == 400 and api.json()["status"] == 400
        assert admin.get("/", params=params).status_code == 400
    else:  # blanks are no filter at all
        assert api.status_code == 200


def test_a_query_with_no_words_never_means_every_case(world: World) -> None:
    admin = world.client("admin")
    assert admin.get("/api/cases", params={"text": "!!!"}).status_code == 400
    assert [c["case_id"] for c in admin.get("/api/cases", params={"text": "rahasia2"}).json()["items"]] == [
        "x:2"
    ]


def test_filtered_counts_are_audited_with_the_account_in_the_store_s_chain(world: World) -> None:
    world.client("sup-nat").get("/api/counts", params={"text": "rahasia3"})
    entry = world.store.audit(limit=1)[0]
    assert (entry.actor, entry.action, entry.detail["total"]) == ("sup-nat", "read_counts", 1)
    assert entry.detail["query"]["text"] == "rahasia3"  # type: ignore[index]
    world.client("rev-a").get("/")
    entries = world.store.audit(limit=2)
    assert [(e.actor, e.action) for e in entries] == [("rev-a", "read_counts"), ("rev-a", "read_queue")]
    assert world.store.verify_audit().ok


def test_lists_mask_the_nip_the_case_page_shows_it_and_raw_never_leaves(world: World) -> None:
    admin = world.client("admin")
    nip = "198702142011011003"
    items = admin.get("/api/cases").json()["items"]
    assert {i["nip"] for i in items} >= {"•" * 15 + "003"} and nip not in admin.get("/").text
    assert nip in admin.get("/cases/x:1").text
    case = admin.get("/api/cases/x:1").json()
    assert (
        all("raw" not in s["post"] for s in case["snapshots"])
        and '"id":"1"' not in admin.get("/api/cases/x:1").text
    )


def test_reads_and_changes_are_audited_with_the_account(world: World) -> None:
    rev = world.client("rev-a")
    rev.get("/cases/x:2")
    rev.form("/cases/x:2", {"action": "claim", "revision": world.revision("x:2")})
    actions = {(e.actor, e.action) for e in world.store.audit("x:2")}
    assert {("rev-a", "read_case"), ("rev-a", "claim")} <= actions
    rev.get("/cases/x:3")
    assert (world.accounts.events(1)[0].actor, world.accounts.events(1)[0].action) == (
        "rev-a",
        "refused_out_of_scope",
    )


def test_hostile_markup_in_every_field_is_escaped(world: World) -> None:
    hostile = "<script>alert(1)</script>"
    base = snapshot()
    author = msgspec.structs.replace(base.post.author, display_name=hostile, bio=hostile, location=hostile)
    post = msgspec.structs.replace(base.post, post_id="77", author=author, url="javascript:alert(1)",
                                   text=f"Ayo coblos {hostile}")
    decision = msgspec.structs.replace(base.decision, post_id="77")
    entry = msgspec.structs.replace(base.registry_entry, nama=hostile, wilayah="Kabupaten Alfa")
    world.store.record(msgspec.structs.replace(base, post=post, post_sha256=post_sha256(post), decision=decision,
                                               registry_entry=entry))
    admin = world.client("admin")
    admin.form("/cases/x:77", {"action": "note", "text": hostile})
    admin.form("/cases/x:77", {"action": "claim", "revision": world.revision("x:77")})
    admin.form("/cases/x:77", {"action": "transition", "status": "dismissed", "dismiss_reason": "other",
                               "reason": hostile, "revision": world.revision("x:77")})
    admin.form("/filters", {"name": hostile, "query": 'status=new"><script>alert(1)</script>'})
    case, queue = admin.get("/cases/x:77").text, admin.get("/").text
    assert hostile not in case + queue and "javascript:alert" not in case
    # case: display name twice, bio, location, registry name, note, reason (the post text is cut by its
    # highlight); queue: name, saved filter name and its link
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert (case.count(escaped), queue.count(escaped)) == (7, 3)


def test_lockout_after_failed_logins_and_a_rate_limit_per_client(tmp_path: Path) -> None:
    world = World(tmp_path, ReviewSettings(secure_cookies=False, max_failures=3, max_client_failures=5))
    client = world.client(fresh=True)
    for _ in range(3):
        assert client.login("rev-a", "salah-salah-salah").status_code == 401
    assert client.login("rev-a").status_code == 429  # locked even with the right password
    assert client.login("rev-b").status_code == 303  # another account is not locked
    client.post("/logout", data={"csrf_token": client.token("/")})
    for _ in range(2):
        client.login("nobody-here", "salah-salah-salah")
    assert client.login("sup-a").status_code == 429  # five failures from this address
    assert [e.action for e in world.accounts.events(2)] == ["login_locked", "login_failed"]


def test_sessions_expire_and_logout_ends_them(tmp_path: Path) -> None:
    world = World(tmp_path, ReviewSettings(secure_cookies=False, idle_seconds=1))
    client = world.client("rev-a", fresh=True)
    assert client.get("/").status_code == 200
    time.sleep(1.5)
    assert client.get("/").headers.get("location") == "/login"
    client = world.client("rev-a", fresh=True)
    cookie = client.cookies["netra_session"]
    client.post("/logout", data={"csrf_token": client.token("/")})
    stolen = world.client(fresh=True)
    stolen.cookies.set("netra_session", cookie)
    assert stolen.get("/").headers.get("location") == "/login"


def test_absolute_session_limit_and_disabling_an_account_end_its_session(tmp_path: Path) -> None:
    world = World(tmp_path, ReviewSettings(secure_cookies=False, absolute_seconds=0))
    assert world.client("rev-a", fresh=True).get("/").headers.get("location") == "/login"
    world = World(tmp_path / "2")
    client = world.client("rev-a", fresh=True)
    world.accounts.set_disabled("rev-a", True)
    assert client.get("/").headers.get("location") == "/login"
    assert world.client(fresh=True).login("rev-a").status_code == 401


def test_session_cookie_is_secure_httponly_samesite_and_renewed_at_login(tmp_path: Path) -> None:
    world = World(tmp_path, ReviewSettings())
    client = world.client(fresh=True, base_url="https://testserver")
    before = client.get("/login").cookies["netra_session"]
    answer = client.post(
        "/login", data={"username": "rev-a", "password": PASSWORD, "csrf_token": client.token()}
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert answer.cookies["netra_session"] != before


def test_a_crash_is_a_bare_500_as_json_on_the_api(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    client = world.client("admin", raise_server_exceptions=False)

    def broken(*args: object) -> None:
        raise RuntimeError("198702142011011003 leaked in a trace")

    monkeypatch.setattr(world.store, "queue", broken)
    api, html = client.get("/api/cases"), client.get("/")
    assert (api.status_code, api.json()) == (500, {"error": "internal error", "status": 500})
    assert html.status_code == 500 and "1987" not in html.text and html.headers["cache-control"] == "no-store"
