"""A small world for review-app tests: cases in two regions and agencies, one account per role and scope."""

import re
from pathlib import Path

from starlette.testclient import TestClient

from alerting.accounts.model import checked
from alerting.accounts.passwords import hash_password
from alerting.accounts.repository import AccountRepository
from alerting.review.app import create_app
from alerting.review.settings import ReviewSettings
from netra.domain.regions import Regions
from netra.store.sqlite import SqliteCaseStore
from tests.factories import flagged

PASSWORD = "kata-sandi-yang-panjang"
REGION_A, REGION_B = "Kabupaten Alfa", "Kabupaten Beta"
PROVINCE_A, PROVINCE_B = "Provinsi Gamma", "Provinsi Delta"  # Alfa is in Gamma, Beta in Delta
REGIONS = Regions({PROVINCE_A: (REGION_A, "Kota Gamma"), PROVINCE_B: (REGION_B,)})
AGENCY_A, AGENCY_B = "Pemerintah Kabupaten Alfa", "Pemerintah Kabupaten Beta"
# username: (role, scope)
ACCOUNTS = {
    "admin": ("admin", "national"),
    "sup-nat": ("supervisor", "national"),
    "sup-a": ("supervisor", REGION_A),
    "rev-a": ("reviewer", REGION_A),
    "rev-a2": ("reviewer", REGION_A),
    "rev-b": ("reviewer", REGION_B),
    "agency-a": ("agency", AGENCY_A),
    "rev-prov-a": ("reviewer", PROVINCE_A),
}
# case id: (region, agency, NIP, status after set-up)
CASES = {
    "x:1": (REGION_A, AGENCY_A, "198702142011011003", "confirmed"),
    "x:2": (REGION_A, AGENCY_A, "199003252015032001", "new"),
    "x:3": (REGION_B, AGENCY_B, "198511082010011012", "confirmed"),
}
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class World:
    """A store, an accounts repository and the app over them."""

    def __init__(self, tmp: Path, settings: ReviewSettings | None = None) -> None:
        self.store = SqliteCaseStore(tmp / "cases.sqlite")
        self.accounts = AccountRepository(tmp / "accounts.sqlite")
        self.settings = settings or ReviewSettings(secure_cookies=False)
        self.app = create_app(self.store, self.accounts, self.settings, regions=REGIONS)
        self._clients: dict[str, Browser] = {}
        password = hash_password(PASSWORD)
        for username, (role, scope) in ACCOUNTS.items():
            self.accounts.add(checked(username, f"Nama {username}", role, scope), password)
        for case_id, (region, agency, nip, status) in CASES.items():
            post_id = case_id.split(":")[1]
            self.store.record(
                flagged(
                    post_id,
                    score=0.5 + int(post_id) / 10,
                    wilayah=region,
                    instansi=agency,
                    nip=nip,
                    text=f"Ayo coblos nomor {post_id} rahasia{post_id}",
                )
            )
            if status == "confirmed":
                claimed = self.store.claim(case_id, "setup", self.revision(case_id))
                self.store.transition(case_id, "confirmed", "setup", claimed.revision, "kampanye")

    def revision(self, case_id: str) -> str:
        case = self.store.case(case_id, "test")
        assert case is not None
        return case.summary.revision

    def client(self, username: str | None = None, fresh: bool = False, **kwargs: object) -> "Browser":
        """A client logged in as `username` (kept per username unless `fresh`: Argon2 is slow on purpose)."""
        if username in self._clients and not fresh and not kwargs:
            return self._clients[username]
        browser = Browser(self.app, **kwargs)
        if username:
            assert browser.login(username).status_code == 303
            self._clients.setdefault(username, browser)
        return browser


class Browser(TestClient):
    """A test client that logs in and sends each form with the CSRF token of the page it came from."""

    def __init__(self, app: object, **kwargs: object) -> None:
        super().__init__(app, follow_redirects=False, **kwargs)  # type: ignore[arg-type]

    def token(self, path: str = "/login") -> str:
        found = _TOKEN.search(self.get(path).text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def login(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self.post(
            "/login", data={"username": username, "password": password, "csrf_token": self.token()}
        )

    def form(self, path: str, data: dict[str, object], page: str = "/", **kwargs: object):  # type: ignore[no-untyped-def]
        return self.post(path, data={**data, "csrf_token": self.token(page)}, **kwargs)  # type: ignore[arg-type]
