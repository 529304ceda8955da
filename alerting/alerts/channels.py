"""The two ways an alert leaves: an email to the region's reviewers and a signed webhook.

Reviewer alerts carry no name or NIP: only the region, categories, score and a link into the
review app, where the reviewer reads the evidence (and the read is logged).

Webhook signature: `X-Netra-Signature: sha256=<hex>` is HMAC-SHA256 with the shared secret over
`<X-Netra-Timestamp>.<body>`; receivers recompute it and reject stale timestamps (replays).
"""

import hashlib
import hmac
import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

import httpx

from alerting.digest.content import CATEGORY_LABELS

SIGNATURE, TIMESTAMP = "X-Netra-Signature", "X-Netra-Timestamp"
SHOWN = 20  # cases listed in one message; the rest are counted


@dataclass(frozen=True, slots=True)
class AlertCase:
    """One high-score case as the alert shows it."""

    case_id: str
    score: float
    categories: tuple[str, ...]
    created_at: str
    link: str


def email_alert(region: str, cases: list[AlertCase], sender: str, recipients: tuple[str, ...]) -> bytes:
    """One message for a group of cases in a region (Bahasa Indonesia, plain text)."""
    lines = [f"{len(cases)} kasus baru dengan skor tinggi di {region} menunggu peninjauan:", ""]
    for case in cases[:SHOWN]:
        kinds = ", ".join(CATEGORY_LABELS.get(c, c) for c in case.categories)
        lines.append(f"- skor {case.score:.2f} · {kinds} · {case.created_at[:16]}\n  {case.link}")
    if len(cases) > SHOWN:
        lines.append(f"… dan {len(cases) - SHOWN} kasus lainnya di antrean peninjauan.")
    lines += ["", "Surel otomatis dari Netra; pemberitahuan berikutnya untuk wilayah ini dikelompokkan."]
    message = EmailMessage(policy=SMTP)
    message["Subject"] = f"[Netra] {len(cases)} kasus baru skor tinggi: {region}"
    message["From"], message["To"] = sender, ", ".join(recipients)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="netra.invalid")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content("\n".join(lines))
    return message.as_bytes()


def webhook_body(region: str, cases: list[AlertCase]) -> bytes:
    """The JSON the webhook receives."""
    return json.dumps(
        {
            "event": "netra.high_score_cases",
            "region": region,
            "count": len(cases),
            "cases": [asdict(c) for c in cases[:SHOWN]],
        },
        ensure_ascii=False,
    ).encode()


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    """The signature header's value for this body at this time."""
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def post_webhook(url: str, body: bytes, secret: bytes, timeout: float = 10.0) -> None:
    """POST the signed body; raises httpx.HTTPError unless the receiver answers 2xx."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP: timestamp,
        SIGNATURE: sign(secret, timestamp, body),
    }
    httpx.post(url, content=body, headers=headers, timeout=timeout).raise_for_status()
