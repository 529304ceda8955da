"""The Indonesian catalogue covers every message in the templates and the code, and every shown code."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from alerting.accounts.model import ROLES
from alerting.review import i18n
from alerting.review.forms import DISMISS_REASONS
from alerting.review.vocabulary import TERMS
from netra.domain.decision import CATEGORIES
from netra.store.workflow import STATUSES

HATE_GROUPS = ("religion", "race_ethnicity", "gender", "disability", "other")  # CONTRACTS §4 `target.group`

REVIEW = Path(i18n.__file__).parent
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _catalogue() -> dict[str, object]:
    with (i18n.CATALOGUES / "id" / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(source) if m.id}


def test_every_extracted_message_has_an_indonesian_translation() -> None:
    catalogue = _catalogue()
    extracted = {
        m[2] if isinstance(m[2], str) else m[2][0]
        for m in extract_from_dir(str(REVIEW), METHODS, options_map=OPTIONS)
    }
    assert len(extracted) > 100
    assert sorted(m for m in extracted if not catalogue.get(m)) == []


def test_every_code_shown_to_people_is_in_the_vocabulary() -> None:
    stances_and_targets = {"for", "against", "group", "individual", *HATE_GROUPS}
    shown = {*ROLES, *STATUSES, *CATEGORIES, *DISMISS_REASONS, *stances_and_targets, "claim", "assign", "transition"}
    shown |= {"request_escalation", "confirm_escalation", "refuse_escalation", "withdraw_escalation"}
    assert shown == set(TERMS)


def test_local_time_with_utc_in_each_zone_and_language() -> None:
    i18n.use("id", "WITA")
    assert i18n.when("2024-11-27T00:30:00Z") == "27 Nov 2024 08.30 WITA (00:30 UTC)"
    i18n.use("en", "nonsense")
    assert i18n.when("2024-11-27T07:00:00+07:00") == "27 Nov 2024 07:00 WIB (00:00 UTC)"
    assert i18n.gettext("Evidence") == "Evidence" and i18n.when("not a time") == "not a time"
    i18n.use("id", "WIT")
    assert i18n.gettext("Evidence") == "Bukti"
