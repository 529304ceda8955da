"""Bahasa Indonesia first, English by a switch: gettext catalogues (Babel) and local times with UTC.

Catalogues are committed as `.po` files and compiled in memory when the app starts, so a fresh
`pip install -e .` needs no build step (`pybabel` keeps them up to date, see docs/review.md).
"""

from contextvars import ContextVar
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
# Indonesia's three zones; a reviewer picks theirs, UTC is always shown beside it.
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT_ZONE = "WIB"
CATALOGUES = Path(__file__).parent / "translations"

_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)
_zone: ContextVar[str] = ContextVar("zone", default=DEFAULT_ZONE)


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of a locale (English is the source language: no catalogue)."""
    po = CATALOGUES / locale / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        catalogue = read_po(source, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def use(locale: str | None, zone: str | None) -> None:
    """Render the rest of this request in `locale` with times in `zone` (unknown values: the defaults)."""
    _locale.set(locale if locale in LOCALES else DEFAULT_LOCALE)
    _zone.set(zone if zone in ZONES else DEFAULT_ZONE)


def current_locale() -> str:
    """The locale this request renders in."""
    return _locale.get()


def gettext(message: str) -> str:
    """`message` in this request's language."""
    return translations(_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in this request's language."""
    return translations(_locale.get()).ngettext(singular, plural, n)


def when(value: str | None) -> str:
    """An ISO 8601 time as local time in the reviewer's zone with the UTC time beside it."""
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    locale, zone = _locale.get(), _zone.get()
    local, utc = moment.astimezone(ZoneInfo(ZONES[zone])), moment.astimezone(UTC)
    clock = f"{local:%H.%M}" if locale == "id" else f"{local:%H:%M}"
    return f"{local.day} {_months(locale)[local.month]} {local.year} {clock} {zone} ({utc:%H:%M} UTC)"


@cache
def _months(locale: str) -> dict[int, str]:
    """Abbreviated month names of a locale (Babel's CLDR data: Mei, Agu, Okt, Des in Indonesian)."""
    return dict(get_month_names("abbreviated", locale=locale))
