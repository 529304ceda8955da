"""`netra alerts`: alert the region's reviewers about new high-score cases (email, signed webhook)."""

import argparse
import logging
import os
import time
from pathlib import Path

from prometheus_client import start_http_server

from alerting.alerts.reviewers import load_reviewers
from alerting.alerts.run import AlertJob, alert_pass
from alerting.alerts.state import AlertState
from alerting.digest.cli import add_service_options
from alerting.digest.smtp import SmtpConfig, SmtpSender
from netra.domain.problems import InputError, Problem

log = logging.getLogger(__name__)


def register(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> argparse.ArgumentParser:
    """Add the `alerts` command to the `netra` parser."""
    alerts = commands.add_parser("alerts", help="alert regional reviewers about new high-score cases")
    add_service_options(alerts)
    alerts.add_argument(
        "--state",
        type=Path,
        default=Path("var/netra/alerts.sqlite"),
        help="SQLite file of what was alerted when",
    )
    alerts.add_argument(
        "--reviewers", type=Path, required=True, help="reviewers YAML (region → email, webhook)"
    )
    alerts.add_argument("--min-score", type=float, default=0.8, help="alert on cases at or above this score")
    alerts.add_argument(
        "--min-interval",
        type=float,
        default=900.0,
        help="seconds between two alerts to one region on one channel (grouping)",
    )
    alerts.add_argument("--poll", type=float, default=60.0, help="seconds between passes with --serve")
    alerts.add_argument("--serve", action="store_true", help="keep polling (otherwise one pass)")
    alerts.set_defaults(handler=handle)
    return alerts


def handle(args: argparse.Namespace) -> int:
    """Run one pass, or keep polling with --serve."""
    from netra.store.open import open_store

    if not args.reviewers.is_file():
        raise InputError([Problem(str(args.reviewers), 0, "no such file")])
    secret_file = os.environ.get("NETRA_WEBHOOK_SECRET_FILE")
    secret = Path(secret_file).read_bytes().strip() if secret_file else b""
    reviewers = load_reviewers(args.reviewers)
    routes = [*reviewers.regions.values(), *([reviewers.default] if reviewers.default else [])]
    if not secret and any(route.webhook for route in routes):
        raise InputError([Problem(str(args.reviewers), 0, "webhooks need NETRA_WEBHOOK_SECRET_FILE to sign")])
    store, state = open_store(args.store), AlertState(args.state)
    job = AlertJob(
        store,
        state,
        reviewers,
        SmtpSender(SmtpConfig.from_env()),
        secret,
        args.review_url,
        args.min_score,
        args.min_interval,
    )
    try:
        if args.metrics_port:
            start_http_server(args.metrics_port, addr=args.metrics_host)
        while True:
            sent = alert_pass(job, time.time)
            log.info("alerts sent: %s", sent)
            if not args.serve:
                return 0
            time.sleep(args.poll)
    finally:
        state.close()
        store.close()
