"""Read queue filters and the reviewer's name from a request."""

from dataclasses import fields

from starlette.exceptions import HTTPException
from starlette.requests import Request

from netra.store.model import QueueQuery

REVIEWER_HEADER = "X-Netra-Reviewer"
PAGE_SIZE = 50
_TEXT = ("status", "category", "election", "wilayah", "instansi", "assignee", "posted_from", "posted_to",
         "text")


def queue_query(request: Request) -> QueueQuery:
    """The filters in the query string (empty values are no filter); 400 on a malformed number."""
    params = request.query_params
    values: dict[str, object] = {name: params.get(name) or None for name in _TEXT}
    try:
        for name in ("min_score", "max_score"):
            values[name] = float(params[name]) if params.get(name) else None
    except ValueError:
        raise HTTPException(400, "min_score and max_score must be numbers") from None
    return QueueQuery(**values, sort=params.get("sort") or "score", limit=PAGE_SIZE,  # type: ignore[arg-type]
                      grouped=params.get("grouped") in ("1", "true", "on"))


def filter_names() -> list[str]:
    """The query-string names the queue understands, for keeping them across pages."""
    return [f.name for f in fields(QueueQuery) if f.name != "limit"]


def reader(request: Request) -> str:
    """Who reads: the reviewer header, else the client address (reads are audited either way)."""
    name = request.headers.get(REVIEWER_HEADER, "").strip()
    return name or f"anonymous@{request.client.host if request.client else 'unknown'}"


def changer(request: Request, form: dict[str, str]) -> str:
    """Who changes a case: the reviewer header, else the form's reviewer field; 400 if neither."""
    name = request.headers.get(REVIEWER_HEADER, "").strip() or form.get("reviewer", "").strip()
    if not name:
        raise HTTPException(400, f"say who you are: the {REVIEWER_HEADER} header or the reviewer field")
    return name
