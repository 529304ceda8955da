"""The review app's case-file routes: the printable page, its PDF and the JSON bundle.

Each reads the case exactly as the case page does (out of scope: 404) and is recorded in the
store's audit log with the account. An agency officer gets the page and PDF with what the case
page shows them; the bundle (every captured byte, notes, reviewers) is Bawaslu's only (403).
"""

import hashlib
import logging
import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from alerting.accounts.model import AGENCY, Account
from alerting.casefile.bundle import BundleError, audit_trail, build, encode
from alerting.casefile.document import breakable, numbered, raw_payload
from alerting.casefile.pdf import render_pdf
from alerting.casefile.signing import KeyProblem, sign, signing_key
from alerting.review.auth import require
from alerting.review.cases import load_case
from alerting.review.deps import deps
from alerting.review.four_eyes import waiting_on_others
from alerting.review.render import templates, use_language
from alerting.review.vocabulary import N_
from netra.store.fields import now
from netra.store.model import Case

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
log = logging.getLogger(__name__)


def case_file_page(request: Request) -> Response:
    """The printable case file (the browser prints it; `@media print` hides the links)."""
    account, case = _read(request)
    html = _html(request, account, case, for_pdf=False)
    _record(request, account, case, "html", html.encode())
    return HTMLResponse(html)


def case_file_pdf(request: Request) -> Response:
    """The case file as a PDF download, laid out server-side."""
    account, case = _read(request)
    pdf = render_pdf(_html(request, account, case, for_pdf=True))
    _record(request, account, case, "pdf", pdf)
    return Response(pdf, media_type="application/pdf", headers=_attachment(case, "pdf"))


def case_file_bundle(request: Request) -> Response:
    """The JSON bundle with the snapshot bytes, for `netra verify` (Bawaslu roles only); signed when
    the server has a key (NETRA_CASE_FILE_KEY)."""
    account, case = _read(request)
    if account.role == AGENCY:
        raise HTTPException(403, N_("Your role may not export the evidence bundle."))
    found = deps(request)
    exporter = {"username": account.username, "role": account.role, "scope": account.scope}
    try:
        key = signing_key()
    except KeyProblem as exc:
        log.error("case-file bundles cannot be signed: %s", exc)
        raise HTTPException(500, N_("The server's signing key for case files cannot be used.")) from None
    try:
        bundle = build(case, audit_trail(found.store, case.summary.case_id), exporter, now())
        data = encode(sign(bundle, key) if key else bundle)
    except BundleError as exc:
        raise HTTPException(500, str(exc)) from None
    _record(request, account, case, "json", data)
    return Response(data, media_type="application/json", headers=_attachment(case, "json"))


ROUTES = [
    Route("/cases/{case_id}/case-file", case_file_page),
    Route("/cases/{case_id}/case-file.pdf", case_file_pdf),
    Route("/cases/{case_id}/case-file.json", case_file_bundle),
]


def _read(request: Request) -> tuple[Account, Case]:
    """The case as its page reads it; while an escalation waits for other eyes, no file (its audit
    trail would name the requester and their reason to the second reviewer)."""
    account = require(request)
    case = load_case(request, account)
    if waiting_on_others(account, case.summary):
        waiting = N_("This case waits for a second reviewer: its case file is ready once decided.")
        raise HTTPException(409, waiting)
    return account, case


def _html(request: Request, account: Account, case: Case, for_pdf: bool) -> str:
    """The case file in the session's language; an agency officer sees what their case page shows."""
    use_language(request)
    restricted = account.role == AGENCY
    trail, complete = audit_trail(deps(request).store, case.summary.case_id)
    raw, raw_cut = ("", False) if restricted else raw_payload(case.snapshots[-1].post.raw)
    context: dict[str, Any] = {
        "account": account, "case": case, "restricted": restricted, "for_pdf": for_pdf,
        "numbered": numbered, "breakable": breakable, "trail": trail, "audit_complete": complete,
        "raw": raw, "raw_cut": raw_cut, "exported_at": now(),
    }
    return templates.env.get_template("case_file.html").render(context)


def _record(request: Request, account: Account, case: Case, form: str, data: bytes) -> None:
    """The export in the store's audit log: who, which form, and the SHA-256 of what they got."""
    deps(request).store.record_export(case.summary.case_id, account.username, {
        "format": form, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
        "snapshots": list(case.snapshot_ids),  # not `snapshot_ids`: that key marks a `record` entry
    })


def _attachment(case: Case, extension: str) -> dict[str, str]:
    name = _UNSAFE.sub("_", case.summary.case_id)
    return {"content-disposition": f'attachment; filename="case-file-{name}.{extension}"'}
