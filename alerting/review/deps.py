"""What every handler needs, kept on `app.state`: the case store, the accounts, settings, the CSRF key."""

from dataclasses import dataclass

from starlette.requests import Request

from alerting.accounts.repository import AccountRepository
from alerting.review.settings import ReviewSettings
from netra.domain.regions import Regions
from netra.store.base import CaseStore


@dataclass(frozen=True, slots=True)
class Deps:
    """The review app's collaborators."""

    store: CaseStore
    accounts: AccountRepository
    settings: ReviewSettings
    secret: bytes
    regions: Regions  # provinces and their kabupaten/kota: what a province account's scope covers


def deps(request: Request) -> Deps:
    """The collaborators of the app serving this request."""
    found: Deps = request.app.state.deps
    return found


def client(request: Request) -> str:
    """The client address (rewritten from X-Forwarded-For only when the peer is a trusted proxy)."""
    return request.client.host if request.client else "unknown"
