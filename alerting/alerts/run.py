"""One alert pass: new high-score cases, grouped per region, sent at most once per interval.

A burst does not flood anyone: per region and channel, one message at most every
`min_interval` seconds lists every case not yet alerted on that channel; cases that arrive in
between wait for the next allowed message (counted as `suppressed`). A case is marked alerted
on a channel only after that channel accepted the message, so a failure is retried next pass.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from alerting.alerts.channels import AlertCase, email_alert, post_webhook, webhook_body
from alerting.alerts.reviewers import Reviewers
from alerting.alerts.state import AlertState
from alerting.digest.smtp import SendFailed, SmtpSender
from netra.store.base import CaseStore
from netra.store.model import QueueQuery
from netra.store.workflow import NEW
from processors.metrics import ALERTS, UNKNOWN_REGION

log = logging.getLogger(__name__)
ACTOR = "system:alerts"
EMAIL, WEBHOOK = "email", "webhook"


@dataclass(frozen=True, slots=True)
class AlertJob:
    """Everything a pass needs besides the clock."""

    store: CaseStore
    state: AlertState
    reviewers: Reviewers
    mail: SmtpSender
    webhook_secret: bytes
    review_url: str
    min_score: float = 0.8
    min_interval: float = 900.0
    limit: int = 500  # newest high-score waiting cases looked at per pass


def alert_pass(job: AlertJob, now: Callable[[], float]) -> dict[str, int]:
    """Send what is due; the number of messages sent per channel."""
    page = job.store.queue(
        QueueQuery(status=NEW, min_score=job.min_score, sort="time", limit=job.limit), ACTOR
    )
    by_region: dict[str, list[AlertCase]] = {}
    for s in page.items:
        link = f"{job.review_url.rstrip('/')}/cases/{quote(s.case_id, safe='')}"
        by_region.setdefault(s.wilayah or UNKNOWN_REGION, []).append(
            AlertCase(s.case_id, s.score, s.categories, s.created_at, link)
        )
    sent = {EMAIL: 0, WEBHOOK: 0}
    for channel in (EMAIL, WEBHOOK):
        done = job.state.alerted(channel)
        for region, cases in sorted(by_region.items()):
            fresh = [c for c in cases if c.case_id not in done]
            route = job.reviewers.route(region)
            if not fresh or route is None or not (route.emails if channel == EMAIL else route.webhook):
                continue
            last = job.state.last_sent(region, channel)
            if last is not None and now() - last < job.min_interval:
                ALERTS.labels(channel, "suppressed").inc(len(fresh))
                continue
            if _send(job, channel, region, fresh, route.emails, route.webhook):
                job.state.record(region, channel, [c.case_id for c in fresh], now())
                sent[channel] += 1
    return sent


def _send(
    job: AlertJob,
    channel: str,
    region: str,
    cases: list[AlertCase],
    emails: tuple[str, ...],
    webhook: str | None,
) -> bool:
    try:
        if channel == EMAIL:
            job.mail.send(
                email_alert(region, cases, job.mail.config.sender, emails), job.mail.config.sender, emails
            )
        elif webhook is not None:
            post_webhook(webhook, webhook_body(region, cases), job.webhook_secret)
    except (SendFailed, httpx.HTTPError) as exc:
        log.error("%s alert for %s failed, retried next pass: %r", channel, region, exc)
        ALERTS.labels(channel, "failed").inc()
        return False
    ALERTS.labels(channel, "sent").inc()
    return True
