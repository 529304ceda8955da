"""Templates in the request's language, with the helpers every page uses."""

from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from alerting.review import i18n
from alerting.review.access import mask_nip
from alerting.review.due import due_of
from alerting.review.forms import DISMISS_REASONS, PlainForm, bound
from alerting.review.highlight import highlight
from netra.store import workflow

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
templates = Jinja2Templates(env=_env)
templates.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
templates.env.globals.update(
    highlight=highlight,
    transitions=workflow.TRANSITIONS,
    escalation_targets=workflow.ESCALATION_TARGETS,
    statuses=workflow.STATUSES,
    dismiss_reasons=DISMISS_REASONS,
    zones=tuple(i18n.ZONES),
    locales=i18n.LOCALES,
    current_locale=i18n.current_locale,
    due_of=due_of,
)
templates.env.filters.update(when=i18n.when, mask_nip=mask_nip)


def use_language(request: Request) -> None:
    """Render this request in the session's language and time zone."""
    i18n.use(request.session.get("lang"), request.session.get("zone"))


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Response:
    """A template in the session's language; `plain` is a bare CSRF form (logout, language switch)."""
    from alerting.review.deps import deps

    use_language(request)
    plain = bound(PlainForm, request, None, deps(request).secret)
    return templates.TemplateResponse(request, name, {"plain": plain, **context}, status_code=status_code)
