"""The HTML pages: the queue in the account's scope, one case, review actions, bulk actions, filters."""

from dataclasses import replace
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from alerting.accounts.model import AGENCY, Account, AccountError
from alerting.review.access import in_scope, may, scoped_query
from alerting.review.auth import require
from alerting.review.cases import load_case
from alerting.review.deps import Deps, deps
from alerting.review.forms import (
    MAX_BULK,
    ActionForm,
    BulkForm,
    FilterForm,
    PlainForm,
    SavedFilterForm,
    bound,
    due_before,
    posted,
)
from alerting.review.four_eyes import blind_page
from alerting.review.render import page
from alerting.review.vocabulary import N_
from netra.store import workflow
from netra.store.errors import StoreError
from netra.store.fields import post_author
from netra.store.model import Case, CaseSummary, Counts, QueuePage, QueueQuery

CLAIM_NEXT_PAGES = 5
OTHER_CASES = 10  # the author's other cases listed on a case page


def filters(request: Request, account: Account) -> tuple[FilterForm, QueueQuery | None]:
    """The queue filters of the query string in the account's scope; 400 on any invalid value."""
    form = FilterForm(request.query_params)
    if not form.validate():
        raise HTTPException(400, "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items()))
    timed = replace(form.query(), due_before=due_before(form), deadlines=deps(request).settings.deadlines)
    return form, scoped_query(account, timed, deps(request).regions)


def queue_page(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    form, query = filters(request, account)
    listing, counts = QueuePage((), None), Counts(0, {}, {}, {})
    if query is not None:
        listing = blind_page(account, found.store.queue(query, account.username, form.cursor.data or None))
        counts = found.store.counts(query, account.username)
    kept = {name: value for name, value in request.query_params.items() if value and name != "cursor"}
    more = urlencode({**kept, "cursor": listing.next_cursor}) if listing.next_cursor else None
    return page(
        request,
        "queue.html",
        {
            "account": account,
            "form": form,
            "query": query or form.query(),
            "page": listing,
            "counts": counts,
            "more": more,
            "current": urlencode(kept),
            "saved": found.accounts.filters(account.username),
            "bulk": bound(BulkForm, request, None, found.secret),
            "reviewers": reviewers(found, account),
            "deadlines": found.settings.deadlines,
        },
    )


def case_page(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    case = load_case(request, account)
    author = post_author(case.snapshots[0].post)
    return page(
        request,
        "case.html",
        {
            "account": account,
            "case": case,
            "restricted": account.role == AGENCY,
            "form": bound(ActionForm, request, None, found.secret),
            "reviewers": reviewers(found, account, case.summary),
            "held_by_other": case.summary.assignee not in (None, account.username),
            "by_author": by_same_author(found, account, case, author),
            "author_key": author,
            "deadlines": found.settings.deadlines,
        },
    )


def by_same_author(
    found: Deps, account: Account, case: Case, author: str | None
) -> tuple[list[CaseSummary], bool]:
    """The author's (`post_author`) other cases in the account's scope, newest post first (at most
    OTHER_CASES), and whether there are more; read through the store's queue, so the read is audited."""
    wanted = QueueQuery(author=author, sort="time", limit=OTHER_CASES + 2)
    query = scoped_query(account, wanted, found.regions)
    if author is None or query is None:
        return [], False
    listed = found.store.queue(query, account.username).items
    others = [c for c in listed if c.case_id != case.summary.case_id]
    return others[:OTHER_CASES], len(others) > OTHER_CASES


async def case_action(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    form = bound(ActionForm, request, await posted(request), found.secret)
    if not form.validate():
        raise HTTPException(400, "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items()))
    case = await run_in_threadpool(load_case, request, account)
    await run_in_threadpool(_act, found, account, case.summary, form)
    return RedirectResponse(case_url(case.summary.case_id), status_code=303)


def _act(found: Deps, account: Account, current: CaseSummary, form: ActionForm) -> None:
    """Carry out one review action the account's role allows; the store checks the workflow."""
    store, actor, case_id, revision = found.store, account.username, current.case_id, form.revision.data or ""
    action = form.action.data
    reopening = (
        action == "transition"
        and form.status.data == workflow.IN_REVIEW
        and (current.status in workflow.DECISIONS)
    )
    if not may(account, "reopen" if reopening else action):
        raise HTTPException(403, N_("Your role may not do this."))
    if action == "claim":
        store.claim(case_id, actor, revision)
    elif action == "transition":
        if reopening and not (form.reason.data or "").strip():
            raise HTTPException(400, N_("Reopening a decided case needs a reason."))
        dismissal = form.dismiss_reason.data if form.status.data == workflow.DISMISSED else None
        store.transition(
            case_id, form.status.data or "", actor, revision, reason(form), form.escalated_to.data or None,
            dismissal,
        )
    elif action == "assign":
        store.assign(
            case_id, assignee(found, form.assignee.data, current), actor, revision, form.reason.data or ""
        )
    else:
        if not (form.text.data or "").strip():
            raise HTTPException(400, N_("A note needs text."))
        store.add_note(case_id, actor, form.text.data)


def reason(form: ActionForm) -> str:
    """The recorded reason: a dismissal starts with its code from the fixed list."""
    text = (form.reason.data or "").strip()
    if form.status.data != workflow.DISMISSED:
        return text
    if not form.dismiss_reason.data:
        raise HTTPException(400, N_("Choose why the case is dismissed."))
    return f"{form.dismiss_reason.data}: {text}" if text else form.dismiss_reason.data


def assignee(found: Deps, username: str | None, case: CaseSummary) -> str | None:
    """A valid assignee for this case (None: nobody); refused unless a reviewer whose scope covers it."""
    if not username:
        return None
    target = found.accounts.get(username)
    if (target is None or target.disabled or target.role == AGENCY
            or not in_scope(target, case, found.regions)):
        raise HTTPException(400, N_("That account cannot take this case."))
    return target.username


def reviewers(found: Deps, account: Account, case: CaseSummary | None = None) -> list[str]:
    """Who a supervisor may assign to (in scope of the case, if one is given)."""
    if not may(account, "assign"):
        return []
    return [
        a.username
        for a in found.accounts.all()
        if not a.disabled and a.role != AGENCY and (case is None or in_scope(a, case, found.regions))
    ]


async def claim_next(request: Request) -> Response:
    """Claim the highest-scored unclaimed case in the account's scope and open it."""
    account = require(request)
    found = deps(request)
    if not bound(PlainForm, request, await posted(request), found.secret).validate():
        raise HTTPException(400, "CSRF")
    if not may(account, "claim_next"):
        raise HTTPException(403, N_("Your role may not do this."))
    claimed = await run_in_threadpool(_claim_next, found, account)
    if claimed is None:
        return page(request, "refused.html", {"message": N_("No unclaimed case is waiting in your scope.")})
    return RedirectResponse(case_url(claimed), status_code=303)


def _claim_next(found: Deps, account: Account) -> str | None:
    query = scoped_query(account, QueueQuery(status=workflow.NEW, limit=20), found.regions)
    cursor = None
    for _page in range(CLAIM_NEXT_PAGES):
        if query is None:
            return None
        listing = found.store.queue(query, account.username, cursor)
        for item in listing.items:
            if item.assignee is None:
                try:
                    return found.store.claim(item.case_id, account.username, item.revision).case_id
                except StoreError:
                    continue
        if listing.next_cursor is None:
            return None
        cursor = listing.next_cursor
    return None


async def bulk(request: Request) -> Response:
    """Assign, or dismiss as duplicates, the ticked cases; each one is checked and reported."""
    account = require(request)
    found = deps(request)
    data = await posted(request)
    form = bound(BulkForm, request, data, found.secret)
    if not form.validate():
        raise HTTPException(400, "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items()))
    if not may(account, "bulk_assign" if form.bulk.data == "assign" else "bulk_dismiss"):
        raise HTTPException(403, N_("Your role may not do this."))
    if form.bulk.data == "dismiss_duplicate" and not (form.reason.data or "").strip():
        raise HTTPException(400, N_("Dismissing as duplicate needs a reason (which case it duplicates)."))
    picked = [value.partition(":") for value in data.getlist("case")[:MAX_BULK]]
    outcomes = await run_in_threadpool(_bulk, found, account, form, [(rev, cid) for rev, _sep, cid in picked])
    return page(request, "bulk.html", {"account": account, "outcomes": outcomes})


def _bulk(
    found: Deps, account: Account, form: BulkForm, picked: list[tuple[str, str]]
) -> list[tuple[str, str | None]]:
    outcomes: list[tuple[str, str | None]] = []
    for revision, case_id in picked:
        current = found.store.case(case_id, account.username)
        if current is None or not in_scope(account, current.summary, found.regions):
            outcomes.append((case_id, N_("no such case")))
            continue
        try:
            _bulk_one(found, account, form, current.summary, revision)
            outcomes.append((case_id, None))
        except (StoreError, HTTPException) as exc:
            outcomes.append((case_id, exc.detail if isinstance(exc, HTTPException) else str(exc)))
    return outcomes


def _bulk_one(found: Deps, account: Account, form: BulkForm, current: CaseSummary, revision: str) -> None:
    store, actor = found.store, account.username
    if form.bulk.data == "assign":
        store.assign(
            current.case_id,
            assignee(found, form.assignee.data, current),
            actor,
            revision,
            form.reason.data or "",
        )
        return
    if current.assignee != actor or current.status == workflow.NEW:
        current = store.claim(current.case_id, actor, revision)
        revision = current.revision
    store.transition(
        current.case_id, workflow.DISMISSED, actor, revision, f"duplicate: {form.reason.data.strip()}",
        dismissal="duplicate",
    )


async def save_filter(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    form = bound(SavedFilterForm, request, await posted(request), found.secret)
    if not form.validate():
        raise HTTPException(400, "; ".join(f"{name}: {errors[0]}" for name, errors in form.errors.items()))
    try:
        found.accounts.save_filter(account.username, form.name.data.strip(), form.query.data or "")
    except AccountError as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse("/?" + (form.query.data or ""), status_code=303)


async def delete_filter(request: Request) -> Response:
    account = require(request)
    found = deps(request)
    if not bound(PlainForm, request, await posted(request), found.secret).validate():
        raise HTTPException(400, "CSRF")
    found.accounts.delete_filter(account.username, int(request.path_params["filter_id"]))
    return RedirectResponse("/", status_code=303)


def case_url(case_id: str) -> str:
    """The case page as a relative URL (redirects never trust the Host header)."""
    return "/cases/" + quote(case_id, safe="")
