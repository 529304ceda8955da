"""Accounts: `netra users` on the command line, demo accounts printed once, nothing secret stored in clear."""

import argparse
import io
from pathlib import Path

import pytest

from alerting.accounts import cli
from alerting.accounts.demo import DEMO_ACCOUNTS, ensure_demo_accounts
from alerting.accounts.model import AccountError, checked
from alerting.accounts.passwords import verify_password
from alerting.accounts.repository import AccountRepository
from alerting.review.serve import add_options, embedded_app, loopback, settings_from
from netra.store.sqlite import SqliteCaseStore
from tests.alerting.review_world import World


def _users(path: Path, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="netra")
    cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", "--accounts", str(path), *argv])
    return int(args.handler(args))


def test_users_add_disable_enable_reset_and_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "accounts.sqlite"
    assert _users(path, "add", "siti", "--role", "reviewer", "--scope", "Kota Pelabuhan Baru", "--name", "Siti") == 0
    password = capsys.readouterr().out.split("password ")[1].split()[0]
    repository = AccountRepository(path)
    assert verify_password(repository.password_hash("siti"), password)
    assert password.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("accounts.sqlite*"))
    assert _users(path, "add", "siti", "--role", "reviewer", "--name", "Lagi") == 1
    assert "exists already" in capsys.readouterr().err
    assert _users(path, "disable", "siti") == 0 and repository.password_hash("siti") is None
    assert _users(path, "enable", "siti") == 0
    assert _users(path, "reset", "siti") == 0
    assert not verify_password(repository.password_hash("siti"), password)
    capsys.readouterr()
    assert _users(path, "list") == 0 and "siti\treviewer\tKota Pelabuhan Baru\tSiti" in capsys.readouterr().out
    assert _users(path, "disable", "nobody") == 1
    assert [e.action for e in repository.events(4)] == ["users_reset", "users_enable", "users_disable", "users_add"]


@pytest.mark.parametrize(("username", "role", "scope"), [
    ("system:indexer", "reviewer", "national"), ("Ana", "reviewer", "national"), ("ana", "root", "national"),
    ("ana", "agency", "national"), ("ana", "reviewer", ""),
])
def test_invalid_accounts_are_refused(username: str, role: str, scope: str) -> None:
    with pytest.raises(AccountError):
        checked(username, "Ana", role, scope)


def test_demo_accounts_are_made_once_with_passwords_printed_once(tmp_path: Path) -> None:
    repository = AccountRepository(tmp_path / "accounts.sqlite")
    first, second = io.StringIO(), io.StringIO()
    ensure_demo_accounts(repository, first)
    ensure_demo_accounts(repository, second)
    assert second.getvalue() == "" and [a.username for a in repository.all()] == sorted(a.username for a in DEMO_ACCOUNTS)
    lines = [line.split() for line in first.getvalue().splitlines()[1:]]
    assert all(verify_password(repository.password_hash(user), password) for user, password, *_ in lines)


def test_the_embedded_app_uses_demo_accounts_and_plain_http_cookies_only_on_loopback(tmp_path: Path) -> None:
    out = io.StringIO()
    app = embedded_app(SqliteCaseStore(tmp_path / "cases.sqlite"), tmp_path, "127.0.0.1", out)
    assert "reviewer" in out.getvalue() and app.state.deps.settings.secure_cookies is False
    assert loopback("::1") and loopback("localhost") and not loopback("0.0.0.0") and not loopback("review.example")
    parser = argparse.ArgumentParser()
    add_options(parser)
    settings = settings_from(parser.parse_args(["--trusted-proxy", "10.0.0.5"]))
    assert settings.secure_cookies and settings.trusted_proxies == ("10.0.0.5",)


def test_session_ids_are_stored_only_as_hashes(tmp_path: Path) -> None:
    world = World(tmp_path)
    cookie = world.client("rev-a", fresh=True).cookies["netra_session"]
    assert cookie.encode() not in b"".join(p.read_bytes() for p in tmp_path.glob("accounts.sqlite*"))
    assert world.accounts.read_session(cookie) != b""
