"""Logging in and out: Argon2 passwords, lockout per username, rate limit per client, session expiry."""

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starsessions import get_session_id, regenerate_session_id

from alerting.accounts.model import Account
from alerting.accounts.passwords import hash_password, needs_rehash, verify_password
from alerting.review.deps import client, deps
from alerting.review.forms import LanguageForm, LoginForm, PlainForm, bound, posted
from alerting.review.render import page
from alerting.review.vocabulary import N_


class NotSignedIn(Exception):
    """The request needs a logged-in account and has none (or its session expired)."""


def signed_in(request: Request) -> Account | None:
    """The session's account, if its session is young enough and the account still enabled."""
    username = request.session.get("user")
    if not username:
        return None
    found = deps(request)
    account = found.accounts.get(username)
    too_old = time.time() - float(request.session.get("login_at", 0)) > found.settings.absolute_seconds
    if account is None or account.disabled or too_old:
        request.session.clear()
        return None
    return account


def require(request: Request) -> Account:
    """The logged-in account, or NotSignedIn (a redirect to the login page, or 401 for the API)."""
    account = signed_in(request)
    if account is None:
        raise NotSignedIn
    return account


async def login_page(request: Request) -> Response:
    if signed_in(request):
        return RedirectResponse("/", status_code=303)
    return page(request, "login.html", {"form": bound(LoginForm, request, None, deps(request).secret)})


async def login(request: Request) -> Response:
    found = deps(request)
    form = bound(LoginForm, request, await posted(request), found.secret)
    if not form.validate():
        return page(request, "login.html", {"form": form, "error": N_("The form expired; try again.")}, 400)
    username, address = form.username.data.strip().lower(), client(request)
    since = time.time() - found.settings.failure_window_seconds
    user_key, client_key = f"user:{username}", f"client:{address}"
    limited = (
        found.accounts.failures(client_key, since) >= found.settings.max_client_failures
        or found.accounts.failures(user_key, since) >= found.settings.max_failures
    )
    if limited:
        found.accounts.log(username, "login_locked", client=address)
        message = N_("Too many failed logins. Try again in 15 minutes.")
        return page(request, "login.html", {"form": form, "error": message}, 429)
    stored = found.accounts.password_hash(username)
    if not await run_in_threadpool(verify_password, stored, form.password.data):
        found.accounts.add_failure(user_key, client_key)
        found.accounts.log(username, "login_failed", client=address)
        return page(request, "login.html", {"form": form, "error": N_("Wrong username or password.")}, 401)
    if stored and needs_rehash(stored):
        found.accounts.set_password(username, hash_password(form.password.data))
    found.accounts.clear_failures(user_key)
    old = get_session_id(request)
    if old:
        await run_in_threadpool(found.accounts.remove_session, old)
    regenerate_session_id(request)
    language: dict[str, str] = {k: request.session[k] for k in ("lang", "zone") if k in request.session}
    request.session.clear()
    request.session.update(language, user=username, login_at=time.time())
    found.accounts.log(username, "login", client=address)
    return RedirectResponse("/", status_code=303)


async def logout(request: Request) -> Response:
    found = deps(request)
    account = signed_in(request)
    if bound(PlainForm, request, await posted(request), found.secret).validate() and account:
        found.accounts.log(account.username, "logout", client=client(request))
        request.session.clear()
    return RedirectResponse("/login", status_code=303)


async def language(request: Request) -> Response:
    """Switch language and time zone (kept in the session, so also before logging in)."""
    form = bound(LanguageForm, request, await posted(request), deps(request).secret)
    if form.validate():
        request.session.update(lang=form.lang.data, zone=form.zone.data)
    return RedirectResponse("/" if signed_in(request) else "/login", status_code=303)
