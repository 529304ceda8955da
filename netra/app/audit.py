"""`netra audit verify`: check the case store's hash-chained audit log."""

import argparse
import sys

from netra.failures import Unavailable
from netra.store.errors import StoreError
from netra.store.open import open_store, redact

OK, BROKEN, UNUSABLE = 0, 1, 2


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `audit verify --store URL` to the CLI's subcommands (handler returns the exit status)."""
    audit = subparsers.add_parser("audit", help="check the case store's audit log")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser(
        "verify", help="check the audit hash chain: exit 0 if intact, 1 if an entry was edited or removed"
    )
    verify.add_argument("--store", default="var/netra/cases.sqlite",
                        help="case store: a SQLite path or http(s)://host:9200[?backend=opensearch]")
    verify.set_defaults(handler=verify_audit)


def verify_audit(args: argparse.Namespace) -> int:
    """Print what the chain check found; never creates a store, never prints a password."""
    try:
        store = open_store(args.store)
    except (StoreError, Unavailable) as exc:
        print(f"netra audit verify: cannot open {redact(args.store)}: {exc}", file=sys.stderr)
        return UNUSABLE
    try:
        result = store.verify_audit()
    except Unavailable as exc:
        print(f"netra audit verify: store unavailable: {exc}", file=sys.stderr)
        return UNUSABLE
    finally:
        store.close()
    older = f" ({result.unchained} older entries predate the chain)" if result.unchained else ""
    if result.ok:
        print(f"audit log intact: {result.entries} chained entries{older}")
        return OK
    print(f"audit log BROKEN: {len(result.problems)} problem(s) in {result.entries} entries{older}")
    for problem in result.problems:
        print(f"  {problem}")
    return BROKEN
