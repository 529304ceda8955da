"""What an agency's digest says: the cases to report (minimised) and the message in both parts.

Data minimisation (UU 27/2022): an agency gets, per case, only what it needs to act on its own
staff: the person's name and NIP, the unit of the violation (category), the review status, the
date, and a link into the review app where access is logged. No post text, no account handles,
no scores, no reviewer names or notes.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from hashlib import sha256
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape

from netra.store.model import CaseSummary
from netra.store.workflow import CONFIRMED, ESCALATED

REPORTED_STATUSES = (CONFIRMED, ESCALATED)
CATEGORY_LABELS = {
    "endorsement": "Dukungan kepada peserta pemilu",
    "hate_speech": "Ujaran kebencian",
    "money_politics": "Politik uang",
    "intimidation": "Intimidasi",
    "disinformation": "Disinformasi",
}
STATUS_LABELS = {CONFIRMED: "Dikonfirmasi", ESCALATED: "Dieskalasi"}
ESCALATION_LABELS = {"agency": "ke instansi (PPK)", "bkn": "ke BKN"}

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One case as the agency sees it."""

    case_id: str
    status: str
    nama: str
    nip: str
    categories: tuple[str, ...]
    escalated_to: str | None
    posted: str
    link: str

    @property
    def key(self) -> str:
        """What the ledger remembers as reported: a case in a status (an escalation is news again)."""
        return f"{self.case_id}/{self.status}"

    @property
    def category_text(self) -> str:
        return ", ".join(CATEGORY_LABELS.get(c, c) for c in self.categories)

    @property
    def status_text(self) -> str:
        label = STATUS_LABELS.get(self.status, self.status)
        return (
            f"{label} {ESCALATION_LABELS[self.escalated_to]}"
            if self.escalated_to in ESCALATION_LABELS
            else label
        )


def item(summary: CaseSummary, review_url: str) -> DigestItem:
    """The minimised view of one case, with its link into the review app."""
    return DigestItem(
        case_id=summary.case_id,
        status=summary.status,
        nama=summary.nama or "(tanpa nama)",
        nip=summary.nip or "-",
        categories=summary.categories,
        escalated_to=summary.escalated_to,
        posted=summary.created_at[:10],
        link=f"{review_url.rstrip('/')}/cases/{quote(summary.case_id, safe='')}",
    )


@dataclass(frozen=True, slots=True)
class Digest:
    """An agency's digest for one schedule slot."""

    agency: str
    slot: str
    items: tuple[DigestItem, ...]
    review_url: str


def compose(digest: Digest, sender: str, recipients: Sequence[str], now_utc: datetime) -> EmailMessage:
    """The message: plain text and HTML alternatives, Bahasa Indonesia, a Message-ID fixed by the
    agency and slot (so a resent copy is recognisably the same message)."""
    context = {"digest": digest, "count": len(digest.items)}
    message = EmailMessage()
    message["Subject"] = f"[Netra] Ringkasan {digest.slot}: {len(digest.items)} kasus ASN"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(now_utc)
    message["Message-ID"] = f"<{_stable_id(digest.agency, digest.slot)}@netra.invalid>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(_templates.get_template("digest.txt").render(context))
    message.add_alternative(_templates.get_template("digest.html").render(context), subtype="html")
    return message


def _stable_id(agency: str, slot: str) -> str:
    return "digest." + sha256(f"{agency}\n{slot}".encode()).hexdigest()[:32]


def new_items(
    summaries: Iterable[CaseSummary], reported: set[str], review_url: str
) -> tuple[DigestItem, ...]:
    """The cases not yet reported to the agency in their current status, oldest first."""
    fresh = [item(s, review_url) for s in summaries if s.status in REPORTED_STATUSES]
    return tuple(sorted((i for i in fresh if i.key not in reported), key=lambda i: (i.posted, i.case_id)))
