"""The review web app (Starlette): login, the queue and cases in each account's scope, actions, JSON.

Identity comes only from the server-side session; every case read checks scope on the server.
"""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starsessions import SessionAutoloadMiddleware, SessionMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from alerting.accounts.repository import DEFAULT_PATH, AccountRepository
from alerting.accounts.sessions import RepositorySessionStore
from alerting.casefile import web as casefile
from alerting.review import api, auth, pages
from alerting.review.deps import Deps
from alerting.review.guard import HEADERS, PostGuard, SecurityHeaders
from alerting.review.render import page
from alerting.review.settings import ReviewSettings
from alerting.review.vocabulary import N_
from netra.domain.regions import KEMENDAGRI, Regions, load_regions
from netra.store.base import CaseStore
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
from processors.review_metrics import metrics_route

SESSION_COOKIE = "netra_session"


def create_app(
    store: CaseStore,
    accounts: AccountRepository | None = None,
    settings: ReviewSettings | None = None,
    health: Callable[[], dict[str, Any]] | None = None,
    regions: Regions | None = None,
) -> Starlette:
    """The app over one case store and one accounts repository (default: the one-machine run's file);
    `health` adds the pipeline's stage states to /healthz (`netra run`), 503 while one is stalled;
    `regions` says which kabupaten/kota a province account covers (default: Kemendagri's list)."""
    accounts = accounts or AccountRepository(DEFAULT_PATH)
    settings = settings or ReviewSettings()
    app = Starlette(
        routes=[
            Route("/login", auth.login_page),
            Route("/login", auth.login, methods=["POST"]),
            Route("/logout", auth.logout, methods=["POST"]),
            Route("/language", auth.language, methods=["POST"]),
            Route("/", pages.queue_page),
            Route("/claim-next", pages.claim_next, methods=["POST"]),
            Route("/bulk", pages.bulk, methods=["POST"]),
            Route("/filters", pages.save_filter, methods=["POST"]),
            Route("/filters/{filter_id:int}/delete", pages.delete_filter, methods=["POST"]),
            *casefile.ROUTES,  # before /cases/{case_id:path}, which would take their paths
            Route("/cases/{case_id:path}", pages.case_page),
            Route("/cases/{case_id:path}", pages.case_action, methods=["POST"]),
            Route("/api/cases", api.api_queue),
            Route("/api/cases/{case_id:path}", api.api_case),
            Route("/api/counts", api.api_counts),
            Route("/healthz", api.health),
            metrics_route(store),
            Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
        ],
        middleware=[
            Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies)),
            Middleware(SecurityHeaders),
            Middleware(PostGuard, max_body_bytes=settings.max_body_bytes),
            Middleware(
                SessionMiddleware,
                store=RepositorySessionStore(accounts),
                cookie_name=SESSION_COOKIE,
                cookie_https_only=settings.secure_cookies,
                cookie_same_site="strict",
                lifetime=settings.idle_seconds,
                rolling=True,
            ),
            # Static files need no session (and must not write one on every stylesheet fetch).
            Middleware(SessionAutoloadMiddleware, paths=[re.compile(r"/(?!static/)")]),
        ],
        exception_handlers={
            HTTPException: _http_error,
            StoreError: _refused,
            auth.NotSignedIn: _not_signed_in,
            Exception: _crashed,
        },
    )
    regions = regions or load_regions([KEMENDAGRI])
    app.state.deps = Deps(store, accounts, settings, accounts.secret(), regions)
    app.state.health = health
    return app


def _api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _http_error(request: Request, exc: Exception) -> Response:
    """A refusal as JSON for the API, as a page otherwise."""
    assert isinstance(exc, HTTPException)
    if _api(request):
        return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code)
    return page(request, "refused.html", {"message": exc.detail, "status": exc.status_code}, exc.status_code)


def _crashed(request: Request, exc: Exception) -> Response:
    """A bug: a bare 500 (JSON on the API) that shows nothing of the request; the server log has the trace."""
    if _api(request):
        return JSONResponse({"error": "internal error", "status": 500}, status_code=500, headers=HEADERS)
    return PlainTextResponse("internal error", status_code=500, headers=HEADERS)


def _not_signed_in(request: Request, exc: Exception) -> Response:
    if _api(request):
        return JSONResponse({"error": "log in first", "status": 401}, status_code=401)
    return RedirectResponse("/login", status_code=303)


def _refused(request: Request, exc: Exception) -> Response:
    """A refused change: 409 when the case changed meanwhile, 404 if missing, else 400."""
    status = 409 if isinstance(exc, StaleCaseError) else 404 if isinstance(exc, CaseNotFound) else 400
    if _api(request):
        return JSONResponse({"error": str(exc), "status": status}, status_code=status)
    case_id = request.path_params.get("case_id")
    return page(
        request,
        "refused.html",
        {
            "message": str(exc),
            "stale": status == 409,
            "case_id": case_id,
            "status": status,
            "title": N_("This case changed since you opened it") if status == 409 else None,
        },
        status_code=status,
    )
