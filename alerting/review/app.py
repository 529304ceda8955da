"""The review web app (Starlette): the queue, one case with its evidence, and a JSON API."""

from pathlib import Path

import msgspec
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from alerting.review.highlight import highlight
from netra.store.base import CaseStore

PAGE_SIZE = 50
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["highlight"] = highlight


def create_app(store: CaseStore) -> Starlette:
    """The app over one case store."""

    def queue_page(request: Request) -> Response:
        status = request.query_params.get("status") or None
        page = _page(request)
        cases = store.queue(status=status, limit=PAGE_SIZE, offset=page * PAGE_SIZE)
        return templates.TemplateResponse(
            request, "queue.html", {"cases": cases, "status": status, "page": page,
                                    "total": store.count(), "page_size": PAGE_SIZE},
        )

    def case_page(request: Request) -> Response:
        case = store.case(request.path_params["case_id"])
        if case is None:
            raise HTTPException(404, "no such case")
        return templates.TemplateResponse(request, "case.html", {"case": case})

    def api_queue(request: Request) -> Response:
        cases = store.queue(status=request.query_params.get("status") or None,
                            limit=PAGE_SIZE, offset=_page(request) * PAGE_SIZE)
        return JSONResponse(msgspec.to_builtins(cases))

    def api_case(request: Request) -> Response:
        case = store.case(request.path_params["case_id"])
        if case is None:
            raise HTTPException(404, "no such case")
        return JSONResponse(msgspec.to_builtins(case))

    def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "cases": store.count()})

    return Starlette(routes=[
        Route("/", queue_page),
        Route("/cases/{case_id:path}", case_page),
        Route("/api/cases", api_queue),
        Route("/api/cases/{case_id:path}", api_case),
        Route("/healthz", health),
    ])


def _page(request: Request) -> int:
    try:
        return max(0, int(request.query_params.get("page", "0")))
    except ValueError:
        raise HTTPException(400, "page must be a whole number") from None
