"""Reviewer alerts: a burst becomes one grouped email and one signed webhook per region, then waits."""

import argparse
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from alerting.alerts.channels import SIGNATURE, TIMESTAMP, sign
from alerting.alerts.cli import register
from alerting.alerts.reviewers import load_reviewers
from alerting.alerts.run import AlertJob, alert_pass
from alerting.alerts.state import AlertState
from alerting.digest.smtp import SmtpConfig, SmtpSender
from netra.domain.problems import InputError
from netra.store.sqlite import SqliteCaseStore
from processors.metrics import ALERTS
from tests.factories import flagged
from tests.fixtures.smtp import SmtpServer

SECRET = b"s3cret/with?url#chars"


class Receiver(BaseHTTPRequestHandler):
    """Keeps each POST (headers, body); answers with the status the test sets."""

    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    status = 200

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers.items()), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[str]:
    Receiver.received, Receiver.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


@pytest.fixture
def job(tmp_path: Path, smtp_server: SmtpServer, webhook: str) -> AlertJob:
    (tmp_path / "reviewers.yaml").write_text(
        "regions:\n"
        f"  Kab. A: {{email: [ana@bawaslu.example], webhook: '{webhook}'}}\n"
        "default: {email: piket@bawaslu.example}\n", encoding="utf-8")
    store = SqliteCaseStore(tmp_path / "cases.sqlite")
    mail = SmtpSender(SmtpConfig(port=smtp_server.port, starttls=False, attempts=1, sender="netra@bawaslu.example"))
    return AlertJob(store, AlertState(tmp_path / "alerts.sqlite"), load_reviewers(tmp_path / "reviewers.yaml"),
                    mail, SECRET, "https://review.example", min_score=0.8, min_interval=900)


def test_a_burst_is_one_grouped_message_per_region_and_channel_then_held(
    job: AlertJob, smtp_server: SmtpServer
) -> None:
    job.store.record_many([flagged(str(n), score=0.95, wilayah="Kab. A", nip=f"1987021420110110{n:02d}")
                           for n in range(30)]
                          + [flagged("b1", score=0.9, wilayah="Kab. B"), flagged("low", score=0.5, wilayah="Kab. A")])
    clock = [1000.0]
    assert alert_pass(job, lambda: clock[0]) == {"email": 2, "webhook": 1}
    by_rcpt = {m.rcpt_tos[0]: m.message for m in smtp_server.messages}
    text = by_rcpt["ana@bawaslu.example"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "30 kasus baru" in text and "dan 10 kasus lainnya" in text and "https://review.example/cases/x%3A1" in text
    assert "198702142011011" not in text and "ASN" not in text  # no NIP, no names in reviewer alerts
    assert "piket@bawaslu.example" in by_rcpt  # Kab. B falls back to the default route
    (headers, body), = Receiver.received
    assert headers[SIGNATURE] == sign(SECRET, headers[TIMESTAMP], body)
    payload = json.loads(body)
    assert payload["region"] == "Kab. A" and payload["count"] == 30 and "x:low" not in body.decode()

    job.store.record_many([flagged("31", score=0.99, wilayah="Kab. A")])
    suppressed = ALERTS.labels("email", "suppressed")._value.get()
    clock[0] += 60
    assert alert_pass(job, lambda: clock[0]) == {"email": 0, "webhook": 0}  # held: within the interval
    assert ALERTS.labels("email", "suppressed")._value.get() == suppressed + 1
    clock[0] += 900
    assert alert_pass(job, lambda: clock[0]) == {"email": 1, "webhook": 1}
    assert "1 kasus baru" in smtp_server.messages[-1].message["Subject"]


def test_a_failing_webhook_is_retried_and_email_is_not_held_up(job: AlertJob, smtp_server: SmtpServer) -> None:
    job.store.record_many([flagged("1", score=0.95, wilayah="Kab. A")])
    Receiver.status = 503
    assert alert_pass(job, lambda: 0.0) == {"email": 1, "webhook": 0}
    Receiver.status = 200
    assert alert_pass(job, lambda: 1.0) == {"email": 0, "webhook": 1}
    assert len(Receiver.received) == 2 and len(smtp_server.messages) == 1


def test_bad_reviewers_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text("regions:\n  Kab. A: {email: not-an-address, webhook: ftp://x}\n")
    with pytest.raises(InputError, match=r"Kab\. A"):
        load_reviewers(tmp_path / "r.yaml")


def test_cli_refuses_webhooks_without_a_secret_and_runs_one_pass(
    tmp_path: Path, smtp_server: SmtpServer, webhook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    SqliteCaseStore(tmp_path / "cases.sqlite").record_many([flagged("1", score=0.95, wilayah="Kab. A")])
    reviewers = tmp_path / "reviewers.yaml"
    reviewers.write_text(f"regions:\n  Kab. A: {{email: ana@bawaslu.example, webhook: '{webhook}'}}\n")
    parser = argparse.ArgumentParser(prog="netra")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["alerts", "--store", str(tmp_path / "cases.sqlite"), "--reviewers", str(reviewers),
                              "--state", str(tmp_path / "alerts.sqlite")])
    monkeypatch.setenv("NETRA_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("NETRA_SMTP_STARTTLS", "false")
    monkeypatch.delenv("NETRA_WEBHOOK_SECRET_FILE", raising=False)
    with pytest.raises(InputError, match="NETRA_WEBHOOK_SECRET_FILE"):
        args.handler(args)
    (tmp_path / "secret").write_bytes(SECRET + b"\n")
    monkeypatch.setenv("NETRA_WEBHOOK_SECRET_FILE", str(tmp_path / "secret"))
    assert args.handler(args) == 0
    (headers, body), = Receiver.received
    assert headers[SIGNATURE] == sign(SECRET, headers[TIMESTAMP], body) and len(smtp_server.messages) == 1
