"""The JSON API: the same scope and audit as the pages; NIPs masked in lists, never `raw`; errors as JSON."""


import msgspec
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from alerting.review.auth import require
from alerting.review.cases import case_json, listed, load_case
from alerting.review.deps import deps
from alerting.review.four_eyes import blind_page
from alerting.review.pages import filters
from netra.store.model import Counts


def api_queue(request: Request) -> Response:
    account = require(request)
    form, query = filters(request, account)
    if query is None:
        return JSONResponse({"items": [], "next_cursor": None})
    listing = deps(request).store.queue(query, account.username, form.cursor.data or None)
    listing = blind_page(account, listing)
    return JSONResponse(
        {"items": [listed(item) for item in listing.items], "next_cursor": listing.next_cursor}
    )


def api_case(request: Request) -> Response:
    account = require(request)
    return JSONResponse(case_json(account, load_case(request, account)))


def api_counts(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    _form, query = filters(request, account)
    counts = Counts(0, {}, {}, {}) if query is None else found.store.counts(query, account.username)
    return JSONResponse(msgspec.to_builtins(counts))


def health(request: Request) -> Response:
    """The pipeline's stage states (`netra run`), 503 while one is stalled; no personal data."""
    report = request.app.state.health
    stages = report() if report else {"status": "ok"}
    return JSONResponse(stages, 200 if stages["status"] == "ok" else 503)
