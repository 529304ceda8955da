"""`netra users add/disable/enable/reset/list`: manage review-app accounts on the command line."""

import argparse
import sys
from pathlib import Path

from alerting.accounts.model import ROLES, AccountError, checked
from alerting.accounts.passwords import hash_password, new_password
from alerting.accounts.repository import DEFAULT_PATH, AccountRepository

OPERATOR = "cli"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add the `users` command to the `netra` command line."""
    users = subparsers.add_parser("users", help="manage review-app accounts (passwords are printed once)")
    users.add_argument("--accounts", type=Path, default=DEFAULT_PATH, help="accounts database (SQLite)")
    actions = users.add_subparsers(dest="users_action", required=True)
    add = actions.add_parser("add", help="create an account with a generated password")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument(
        "--scope",
        default="national",
        help="a wilayah or 'national' (supervisor, reviewer); an instansi (agency)",
    )
    add.add_argument("--name", required=True, help="the person's full name")
    for name, summary in (
        ("disable", "disable an account and end its sessions"),
        ("enable", "enable a disabled account"),
        ("reset", "give an account a new generated password and end its sessions"),
    ):
        actions.add_parser(name, help=summary).add_argument("username")
    actions.add_parser("list", help="list accounts")
    users.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Carry out one `netra users` action; 1 with a message on a refused change."""
    repository = AccountRepository(args.accounts)
    try:
        _act(repository, args)
    except AccountError as exc:
        print(f"netra users {args.users_action}: {exc}", file=sys.stderr)
        return 1
    finally:
        repository.close()
    return 0


def _act(repository: AccountRepository, args: argparse.Namespace) -> None:
    action = args.users_action
    if action == "list":
        for account in repository.all():
            state = " (disabled)" if account.disabled else ""
            print(f"{account.username}\t{account.role}\t{account.scope}\t{account.full_name}{state}")
        return
    if action == "add":
        password = new_password()
        repository.add(checked(args.username, args.name, args.role, args.scope), hash_password(password))
        print(f"{args.username}: password {password} (shown once)")
    elif action == "reset":
        password = new_password()
        repository.set_password(args.username, hash_password(password))
        repository.clear_failures(f"user:{args.username}")
        print(f"{args.username}: new password {password} (shown once; its sessions were ended)")
    else:
        repository.set_disabled(args.username, action == "disable")
        print(f"{args.username}: {action}d")
    repository.log(OPERATOR, f"users_{action}", username=args.username)
