"""One digest run: for every agency with new confirmed or escalated cases, send its digest once.

Order per agency, which makes a crash anywhere safe: (1) a digest of this slot already sent:
nothing to do; (2) begun but not marked sent (a crash around the SMTP call): send the stored
message again, same bytes and Message-ID; (3) otherwise collect the cases not yet reported,
record the message in the ledger, send, mark it sent. A failed send stays pending and is
retried by the next run; it is never recomposed, so no case is skipped or reported twice.
"""

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Protocol, cast

from alerting.digest.content import REPORTED_STATUSES, Digest, compose, new_items
from alerting.digest.ledger import SENT, Delivery, DeliveryLedger
from alerting.digest.smtp import SendFailed
from netra.store.base import CaseStore
from netra.store.model import CaseSummary, QueueQuery
from processors.metrics import DIGEST_LAST_SUCCESS, DIGESTS

log = logging.getLogger(__name__)
ACTOR = "system:digest"
PAGE = 500


class Sender(Protocol):
    """What a run sends with (SmtpSender, or a test's)."""

    def send(self, data: bytes, mail_from: str, recipients: tuple[str, ...]) -> None: ...


@dataclass
class RunReport:
    """What one run did, per agency."""

    sent: list[str] = field(default_factory=list)
    resent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    no_recipient: list[str] = field(default_factory=list)
    planned: list[EmailMessage] = field(default_factory=list)  # dry run: what would be sent


@dataclass(frozen=True, slots=True)
class DigestJob:
    """Everything a run needs besides the clock."""

    store: CaseStore
    ledger: DeliveryLedger
    sender: Sender
    recipients: Mapping[str, tuple[str, ...]]
    review_url: str
    from_address: str


def run_digests(job: DigestJob, slot: str, dry_run: bool = False) -> RunReport:
    """Send (or, dry, only compose) every digest the slot still owes."""
    report = RunReport()
    by_agency = _reported_cases(job.store)
    for agency in sorted(set(by_agency) | set(job.recipients)):
        delivery = job.ledger.get(agency, slot)
        if delivery is not None and delivery.state == SENT:
            continue
        if delivery is not None:
            _deliver(job, delivery, report.resent, report, dry_run)
            continue
        items = new_items(by_agency.get(agency, []), job.ledger.reported(agency), job.review_url)
        if not items:
            continue
        if not job.recipients.get(agency):
            log.warning(
                "%d case(s) for %r but no address (registry email_instansi or contacts file)",
                len(items),
                agency,
            )
            report.no_recipient.append(agency)
            DIGESTS.labels("no_recipient").inc()
            continue
        to = job.recipients[agency]
        message = compose(
            Digest(agency, slot, items, job.review_url), job.from_address, to, datetime.now(UTC)
        )
        delivery = Delivery(
            agency,
            slot,
            to,
            message.as_bytes(policy=policy.SMTP),
            tuple(i.key for i in items),
            "pending",
            datetime.now(UTC).isoformat(),
        )
        if not dry_run:
            job.ledger.begin(delivery)
        _deliver(job, delivery, report.sent, report, dry_run)
    if not report.failed and not dry_run:
        DIGEST_LAST_SUCCESS.set_to_current_time()
    return report


def _deliver(job: DigestJob, delivery: Delivery, done: list[str], report: RunReport, dry_run: bool) -> None:
    if dry_run:
        report.planned.append(cast(EmailMessage, message_from_bytes(delivery.message, policy=policy.default)))
        return
    try:
        job.sender.send(delivery.message, job.from_address, delivery.recipients)
    except SendFailed as exc:
        log.error("digest for %r (%s) not sent, will retry next run: %s", delivery.agency, delivery.slot, exc)
        report.failed.append(delivery.agency)
        DIGESTS.labels("failed").inc()
        return
    job.ledger.finish(delivery.agency, delivery.slot)
    done.append(delivery.agency)
    DIGESTS.labels("sent").inc()


def _reported_cases(store: CaseStore) -> dict[str, list[CaseSummary]]:
    """Confirmed and escalated cases, by agency (a read of personal data: audited as system:digest)."""
    by_agency: dict[str, list[CaseSummary]] = {}
    for status in REPORTED_STATUSES:
        for summary in _all(store, QueueQuery(status=status, sort="time", limit=PAGE)):
            if summary.instansi:
                by_agency.setdefault(summary.instansi, []).append(summary)
    return by_agency


def _all(store: CaseStore, query: QueueQuery) -> Iterator[CaseSummary]:
    cursor: str | None = None
    while True:
        page = store.queue(query, ACTOR, cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor
