"""The review web app (Starlette): the filtered queue, one case with its evidence, review actions, JSON."""

# There is no login yet: the reviewer's name comes from the `X-Netra-Reviewer` header (set by the
# reverse proxy in front of the app) or, for changes without it, from the form's reviewer field.

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import msgspec
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from alerting.review.highlight import highlight
from alerting.review.params import REVIEWER_HEADER, changer, filter_names, queue_query, reader
from netra.store import workflow
from netra.store.base import CaseStore
from netra.store.errors import CaseNotFound, StaleCaseError, StoreError
from processors.review_metrics import metrics_route

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(highlight=highlight, transitions=workflow.TRANSITIONS,
                             escalation_targets=workflow.ESCALATION_TARGETS, statuses=workflow.STATUSES)


def create_app(store: CaseStore, health: Callable[[], dict[str, Any]] | None = None) -> Starlette:
    """The app over one case store; `health` adds the pipeline's stage states to /healthz
    (`netra run`), which answers 503 while a stage is stalled."""

    def queue_page(request: Request) -> Response:
        query = queue_query(request)
        page = store.queue(query, reader(request), request.query_params.get("cursor") or None)
        kept = {name: request.query_params[name] for name in filter_names() if request.query_params.get(name)}
        more = urlencode({**kept, "cursor": page.next_cursor}) if page.next_cursor else None
        return templates.TemplateResponse(request, "queue.html", {
            "page": page, "query": query, "counts": store.counts(query), "more": more,
        })

    def case_page(request: Request) -> Response:
        case = store.case(request.path_params["case_id"], reader(request))
        if case is None:
            raise HTTPException(404, "no such case")
        return templates.TemplateResponse(request, "case.html", {
            "case": case, "reviewer": request.headers.get(REVIEWER_HEADER, ""),
        })

    async def case_action(request: Request) -> Response:
        case_id = request.path_params["case_id"]
        form = dict(parse_qsl((await request.body()).decode("utf-8", "replace")))
        actor = changer(request, form)
        action, revision, reason = form.get("action"), form.get("revision", ""), form.get("reason", "")
        if action == "claim":
            await run_in_threadpool(store.claim, case_id, actor, revision)
        elif action == "transition":
            await run_in_threadpool(store.transition, case_id, form.get("status", ""), actor, revision,
                                    reason, form.get("escalated_to") or None)
        elif action == "assign":
            await run_in_threadpool(store.assign, case_id, form.get("assignee") or None, actor, revision,
                                    reason)
        elif action == "note":
            await run_in_threadpool(store.add_note, case_id, actor, form.get("text", ""))
        else:
            raise HTTPException(400, "unknown action")
        return RedirectResponse(request.url_for("case", case_id=case_id), status_code=303)

    def api_queue(request: Request) -> Response:
        page = store.queue(queue_query(request), reader(request), request.query_params.get("cursor") or None)
        return JSONResponse(msgspec.to_builtins(page))

    def api_case(request: Request) -> Response:
        case = store.case(request.path_params["case_id"], reader(request))
        if case is None:
            raise HTTPException(404, "no such case")
        return JSONResponse(msgspec.to_builtins(case))

    def api_counts(request: Request) -> Response:
        return JSONResponse(msgspec.to_builtins(store.counts(queue_query(request))))

    def healthz(request: Request) -> Response:
        stages = health() if health else {"status": "ok"}
        return JSONResponse({**stages, "cases": store.count()}, 200 if stages["status"] == "ok" else 503)

    return Starlette(
        routes=[
            Route("/", queue_page),
            Route("/cases/{case_id:path}", case_page, name="case"),
            Route("/cases/{case_id:path}", case_action, methods=["POST"]),
            Route("/api/cases", api_queue),
            Route("/api/cases/{case_id:path}", api_case),
            Route("/api/counts", api_counts),
            Route("/healthz", healthz),
            metrics_route(store),
        ],
        exception_handlers={StoreError: _refused},
    )


def _refused(request: Request, exc: Exception) -> Response:
    """A refused change as a page: 409 when the case changed meanwhile, 404 if missing, else 400."""
    status = 409 if isinstance(exc, StaleCaseError) else 404 if isinstance(exc, CaseNotFound) else 400
    return templates.TemplateResponse(request, "refused.html", {
        "message": str(exc), "stale": status == 409, "case_id": request.path_params.get("case_id"),
    }, status_code=status)
