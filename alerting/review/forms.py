"""Every form the app reads (WTForms): CSRF tokens on posts, choices and size limits on every field."""

import math
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from starlette.datastructures import ImmutableMultiDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from wtforms import (
    BooleanField,
    FloatField,
    Form,
    HiddenField,
    IntegerField,
    PasswordField,
    StringField,
    ValidationError,
)
from wtforms.csrf.session import SessionCSRF
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from alerting.review.i18n import LOCALES, ZONES
from netra.domain.decision import CATEGORIES
from netra.store import workflow
from netra.store.deadlines import shifted
from netra.store.fields import now, words
from netra.store.model import SORTS, QueueQuery

MAX_QUERY_TEXT = 200
MAX_REASON = 1000
MAX_NOTE = 4000
MAX_BULK = 100
# Why a case was dismissed: the store's vocabulary (`wrong_person` rejects the author-NIP pair).
DISMISS_REASONS = tuple(reason.code for reason in workflow.DISMISSAL_REASONS)
PAGE_SIZE = 50
MAX_DUE_WITHIN = 366  # days


def _iso_time(form: Form, field: Any) -> None:
    if field.data:
        try:
            datetime.fromisoformat(field.data.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("not an ISO 8601 date or time") from None


def _has_words(form: Form, field: Any) -> None:
    if field.data and not words(field.data):
        raise ValidationError("the text filter has no words")


def _finite(form: Form, field: Any) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("not a finite number")


def _one_of(values: tuple[str, ...]) -> list[Any]:
    return [Optional(), AnyOf(values)]


class FilterForm(Form):
    """The queue's filters, from the query string; any invalid value is a 400, never a crash."""

    status = StringField(validators=_one_of(workflow.STATUSES))
    category = StringField(validators=_one_of(CATEGORIES))
    election = StringField(validators=[Optional(), Length(max=100)])
    wilayah = StringField(validators=[Optional(), Length(max=200)])
    instansi = StringField(validators=[Optional(), Length(max=200)])
    assignee = StringField(validators=[Optional(), Length(max=40)])
    posted_from = StringField(validators=[Optional(), Length(max=40), _iso_time])
    posted_to = StringField(validators=[Optional(), Length(max=40), _iso_time])
    min_score = FloatField(validators=[Optional(), _finite, NumberRange(0, 1)])
    max_score = FloatField(validators=[Optional(), _finite, NumberRange(0, 1)])
    text = StringField(validators=[Optional(), Length(max=MAX_QUERY_TEXT), _has_words])
    sort = StringField(validators=_one_of(SORTS))
    grouped = BooleanField()
    cursor = StringField(validators=[Optional(), Length(max=500)])
    author = StringField(validators=[Optional(), Length(max=200)])  # an author key (case page link)
    due = StringField(validators=_one_of(("overdue",)))
    due_within = IntegerField(validators=[Optional(), NumberRange(0, MAX_DUE_WITHIN)])

    def query(self) -> QueueQuery:
        """The store query these filters ask for (empty fields are no filter)."""
        text: dict[str, Any] = {
            name: (getattr(self, name).data or "").strip() or None
            for name in (
                "status",
                "category",
                "election",
                "wilayah",
                "instansi",
                "assignee",
                "posted_from",
                "posted_to",
                "text",
                "author",
            )
        }
        return QueueQuery(
            **text,
            min_score=self.min_score.data,
            max_score=self.max_score.data,
            sort=self.sort.data or "score",
            limit=PAGE_SIZE,
            grouped=bool(self.grouped.data),
        )


class SecureForm(Form):
    """A posted form: its CSRF token is an HMAC tied to the server-side session."""

    class Meta:
        csrf = True
        csrf_class = SessionCSRF
        csrf_time_limit = timedelta(hours=12)


class LoginForm(SecureForm):
    username = StringField(validators=[DataRequired(), Length(max=40)])
    password = PasswordField(validators=[DataRequired(), Length(max=256)])


class PlainForm(SecureForm):
    """A post that carries nothing but its CSRF token (logout, claim next)."""


class LanguageForm(SecureForm):
    lang = StringField(validators=[DataRequired(), AnyOf(LOCALES)])
    zone = StringField(validators=[DataRequired(), AnyOf(tuple(ZONES))])


class ActionForm(SecureForm):
    """One review action on one case; `revision` is what the reviewer saw."""

    action = StringField(validators=[DataRequired(), AnyOf(("claim", "transition", "assign", "note"))])
    revision = HiddenField(validators=[Optional(), Length(max=40)])
    status = StringField(validators=_one_of(workflow.STATUSES))
    escalated_to = StringField(validators=_one_of(workflow.ESCALATION_TARGETS))
    dismiss_reason = StringField(validators=_one_of(DISMISS_REASONS))
    reason = StringField(validators=[Optional(), Length(max=MAX_REASON)])
    assignee = StringField(validators=[Optional(), Length(max=40)])
    text = StringField(validators=[Optional(), Length(max=MAX_NOTE)])


class BulkForm(SecureForm):
    """Assign or dismiss-as-duplicate many cases; each `case` value is `revision:case_id`."""

    bulk = StringField(validators=[DataRequired(), AnyOf(("assign", "dismiss_duplicate"))])
    assignee = StringField(validators=[Optional(), Length(max=40)])
    reason = StringField(validators=[Optional(), Length(max=MAX_REASON)])


class SavedFilterForm(SecureForm):
    name = StringField(validators=[DataRequired(), Length(max=60)])
    query = StringField(validators=[Optional(), Length(max=2000)])


async def posted(request: Request) -> ImmutableMultiDict[str, str]:
    """The posted urlencoded fields (the guard already refused other content types and huge bodies)."""
    body = (await request.body()).decode("utf-8", "replace")
    try:
        return ImmutableMultiDict(parse_qsl(body, keep_blank_values=True, max_num_fields=MAX_BULK + 20))
    except ValueError:
        raise HTTPException(400, "too many form fields") from None


def bound(
    form_class: type[SecureForm], request: Request, data: ImmutableMultiDict[str, str] | None, secret: bytes
) -> Any:
    """A posted form bound to this session's CSRF context (data None: a fresh form to render)."""
    request.session.setdefault("csrf", secrets.token_hex(20))
    return form_class(formdata=data, meta={"csrf_context": request.session, "csrf_secret": secret})


def due_before(form: FilterForm) -> str | None:
    """The due bound the deadline filters ask for: now (overdue) or now + N days (due within N days)."""
    if form.due.data == "overdue":
        return now()
    if form.due_within.data is not None:
        return shifted(now(), form.due_within.data * 86_400)
    return None
