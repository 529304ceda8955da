"""`netra digest`: send the agency digests the current slot owes, once or on a schedule."""

import argparse
import asyncio
import logging
import os
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from prometheus_client import start_http_server

from alerting.digest.ledger import open_ledger
from alerting.digest.run import DigestJob, RunReport, run_digests
from alerting.digest.schedule import PERIODS, Schedule
from alerting.digest.smtp import SmtpConfig, SmtpSender
from netra.domain.problems import InputError, Problem
from processors.metrics import DIGEST_RETRIES

log = logging.getLogger(__name__)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> argparse.ArgumentParser:
    """Add the `digest` command to the `netra` parser."""
    digest = commands.add_parser(
        "digest", help="send agency digests of confirmed and escalated cases (email)"
    )
    add_service_options(digest)
    digest.add_argument(
        "--ledger",
        default="var/netra/digests.sqlite",
        help="delivery ledger that makes sending idempotent: a SQLite file or http(s)://elasticsearch:9200",
    )
    digest.add_argument(
        "--keep-days",
        type=int,
        default=180,
        help="days a sent digest's copy stays in the ledger (personal data; default 180)",
    )
    digest.add_argument("--registry", type=Path, help="ASN registry CSV: recipients from email_instansi")
    digest.add_argument("--contacts", type=Path, help="agency contacts YAML (agency: [addresses]), overrides")
    digest.add_argument(
        "--period", choices=sorted(PERIODS), default="daily", help="how often (default daily)"
    )
    digest.add_argument("--at", type=time.fromisoformat, default=time(7, 0), help="local time of day (07:00)")
    digest.add_argument("--timezone", default="Asia/Jakarta", help="time zone of --at (default Asia/Jakarta)")
    digest.add_argument("--serve", action="store_true", help="keep running and send at every scheduled time")
    digest.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; send and record nothing"
    )
    digest.set_defaults(handler=handle)
    return digest


def add_service_options(parser: argparse.ArgumentParser) -> None:
    """The options `netra digest` and `netra alerts` share: the store, the review app, /metrics."""
    parser.add_argument(
        "--store",
        default=os.environ.get("NETRA_STORE", "var/netra/cases.sqlite"),
        help="case store: a SQLite path or http(s)://elasticsearch:9200 (default $NETRA_STORE)",
    )
    parser.add_argument(
        "--review-url",
        default=os.environ.get("NETRA_REVIEW_URL", "http://127.0.0.1:8080"),
        help="base URL of the review app, for links (default $NETRA_REVIEW_URL)",
    )
    parser.add_argument("--metrics-host", default="127.0.0.1", help="address of the /metrics endpoint")
    parser.add_argument("--metrics-port", type=int, default=0, help="port of /metrics (0: none)")


def handle(args: argparse.Namespace) -> int:
    """Run the command; 1 if a digest could not be sent (it is retried by the next run)."""
    from netra.store.open import open_store

    for path in (args.registry, args.contacts):
        if path is not None and not path.is_file():
            raise InputError([Problem(str(path), 0, "no such file")])
    from alerting.digest.recipients import recipients

    config = SmtpConfig.from_env()
    schedule = Schedule(args.period, args.at, args.timezone)
    store, ledger = open_store(args.store), open_ledger(args.ledger)
    job = DigestJob(
        store,
        ledger,
        SmtpSender(config, DIGEST_RETRIES.inc),
        recipients(args.registry, args.contacts),
        args.review_url,
        config.sender,
    )
    try:
        ledger.prune(timedelta(days=args.keep_days))
        if args.serve:
            if args.metrics_port:
                start_http_server(args.metrics_port, addr=args.metrics_host)
            asyncio.run(_serve(job, schedule))
            return 0
        report = run_digests(job, schedule.slot(datetime.now(UTC)), dry_run=args.dry_run)
        _print(report, args.dry_run)
        return 1 if report.failed else 0
    finally:
        ledger.close()
        store.close()


async def _serve(job: DigestJob, schedule: Schedule) -> None:
    """Run now (to catch up), then at every scheduled time; failures are retried at the next one."""
    while True:
        now = datetime.now(UTC)
        report = await asyncio.to_thread(run_digests, job, schedule.slot(now))
        log.info(
            "digests %s: sent %d, resent %d, failed %d, without address %d",
            schedule.slot(now),
            len(report.sent),
            len(report.resent),
            len(report.failed),
            len(report.no_recipient),
        )
        await asyncio.sleep(max((schedule.next_run(now) - datetime.now(UTC)).total_seconds(), 1.0))


def _print(report: RunReport, dry_run: bool) -> None:
    if dry_run:
        for message in report.planned:
            print(
                f"--- would send {message['Message-ID']} to {message['To']}\nSubject: {message['Subject']}\n"
            )
            body = message.get_body(preferencelist=("plain",))
            print(body.get_content() if body is not None else "")
        print(f"{len(report.planned)} digest(s) would be sent", file=sys.stderr)
        return
    print(
        f"sent {len(report.sent)}, resent {len(report.resent)}, failed {len(report.failed)}, "
        f"without address {len(report.no_recipient)}",
        file=sys.stderr,
    )
