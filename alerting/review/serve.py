"""Serving the review app: options for `netra review`, the embedded run's app, a uvicorn config
that never believes X-Forwarded-For on its own (the app's ProxyHeadersMiddleware decides)."""

import argparse
import ipaddress
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from starlette.applications import Starlette

from alerting.accounts.demo import ensure_demo_accounts
from alerting.accounts.repository import DEFAULT_PATH, AccountRepository
from alerting.review.app import create_app
from alerting.review.settings import ReviewSettings
from netra.demo import REGIONS as DEMO_REGIONS
from netra.domain.regions import KEMENDAGRI, Regions, load_regions
from netra.store import workflow
from netra.store.base import CaseStore
from netra.store.deadlines import DEFAULT_DAYS, deadlines


def add_options(parser: argparse.ArgumentParser) -> None:
    """The review app's options on a command that serves it."""
    parser.add_argument("--accounts", type=Path, default=DEFAULT_PATH, help="accounts database (SQLite)")
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="ADDRESS",
                        help="proxy address or network whose X-Forwarded-For is believed; repeatable")
    parser.add_argument("--insecure-cookies", action="store_true",
                        help="session cookie without Secure, for plain http on loopback only")
    parser.add_argument("--regions", action="append", type=Path, default=[], metavar="FILE",
                        help="provinces and their kabupaten/kota (JSON, docs/review.md): the scope of"
                             " province accounts; repeatable; default: the bundled Kemendagri list")
    defaults = ", ".join(f"{status}={days:g}" for status, days in DEFAULT_DAYS.items())
    parser.add_argument("--deadline", action="append", default=[], type=deadline_option,
                        metavar="STATUS=DAYS",
                        help="days after discovery a case may stay in STATUS (DAYS 'off': no deadline);"
                             f" repeatable; default {defaults}")


def regions_from(args: argparse.Namespace) -> Regions:
    """The regions the options name, or the bundled Kemendagri list; RegionsError for a bad file."""
    return load_regions(args.regions or [KEMENDAGRI])


def settings_from(args: argparse.Namespace) -> ReviewSettings:
    """The settings the options ask for."""
    days: dict[str, float | None] = {**DEFAULT_DAYS, **dict(args.deadline)}
    return ReviewSettings(secure_cookies=not args.insecure_cookies, trusted_proxies=tuple(args.trusted_proxy),
                          deadlines=deadlines({k: v for k, v in days.items() if v is not None}))


def deadline_option(value: str) -> tuple[str, float | None]:
    """`STATUS=DAYS` (or `STATUS=off`) as (status, days or None); argparse reports a bad one."""
    status, _, days = value.partition("=")
    if status not in workflow.STATUSES:
        raise argparse.ArgumentTypeError(f"status must be one of {', '.join(workflow.STATUSES)}")
    if days == "off":
        return status, None
    try:
        deadlines({status: float(days)})
    except ValueError:
        raise argparse.ArgumentTypeError(f"DAYS: a number of days or 'off', not {days[:20]!r}") from None
    return status, float(days)


def embedded_app(
    store: CaseStore,
    data_dir: Path,
    host: str,
    out: TextIO,
    health: Callable[[], dict[str, Any]] | None = None,
) -> Starlette:
    """The app of the one-machine run: accounts beside the case store, demo accounts made on first
    start, /healthz reporting the run's stages, Kemendagri's provinces and the demo's fictional one."""
    accounts = AccountRepository(data_dir / "accounts.sqlite")
    ensure_demo_accounts(accounts, out)
    regions = load_regions([KEMENDAGRI, DEMO_REGIONS])
    return create_app(store, accounts, ReviewSettings(secure_cookies=not loopback(host)), health, regions)


def server_config(app: Starlette, host: str, port: int, log_level: str = "info") -> uvicorn.Config:
    """A uvicorn config with uvicorn's own proxy-header trust and server banner off."""
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="off",
                          proxy_headers=False, server_header=False)


def loopback(host: str) -> bool:
    """The address is reachable only from this machine (plain http is then acceptable for a demo)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
