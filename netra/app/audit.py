"""`netra audit verify` checks the case store's hash-chained audit log; `netra audit head` prints
its newest entry for an operator to record elsewhere, so that `verify --expect` catches truncation."""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from netra.failures import Unavailable
from netra.store.audit_chain import Head, parse_head
from netra.store.base import CaseStore
from netra.store.errors import StoreError
from netra.store.open import open_store, redact

OK, BROKEN, UNUSABLE = 0, 1, 2
STORE_DEFAULT = "var/netra/cases.sqlite"
T = TypeVar("T")
STORE_HELP = "case store: a SQLite path or http(s)://host:9200[?backend=opensearch]"


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `audit verify --store URL` to the CLI's subcommands (handler returns the exit status)."""
    audit = subparsers.add_parser("audit", help="check the case store's audit log")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser(
        "verify", help="check the audit hash chain: exit 0 if intact, 1 if an entry was edited or removed"
    )
    verify.add_argument("--store", default=STORE_DEFAULT, help=STORE_HELP)
    verify.add_argument("--expect", action="append", default=[], metavar="SEQ:HASH",
                        help="a head printed earlier by `netra audit head`: the chain must still hold it;"
                             " repeatable")
    verify.add_argument("--expect-file", type=Path, metavar="FILE",
                        help="a file of recorded heads, one SEQ:HASH a line (blank lines and # comments"
                             " ignored): the chain must still hold each")
    verify.set_defaults(handler=verify_audit)
    head = actions.add_parser(
        "head", help="print the newest audit entry as SEQ:HASH, to record outside the store (exit 0)"
    )
    head.add_argument("--store", default=STORE_DEFAULT, help=STORE_HELP)
    head.set_defaults(handler=print_head)


def print_head(args: argparse.Namespace) -> int:
    """Print `SEQ:HASH` of the newest chained entry (nothing printed, exit 1, when the chain is empty)."""
    read = _read_store("head", args.store, lambda store: store.audit_head())
    if read is None:
        return UNUSABLE
    if read[0] is None:
        print("netra audit head: the audit log has no chained entry yet", file=sys.stderr)
        return BROKEN
    print(read[0])
    return OK


def _expected(args: argparse.Namespace) -> list[Head]:
    """The heads to check, from --expect and --expect-file; ValueError or OSError naming the bad one."""
    lines = list(args.expect)
    if args.expect_file is not None:
        lines += [line for line in args.expect_file.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.lstrip().startswith("#")]
    return [parse_head(line) for line in lines]


def verify_audit(args: argparse.Namespace) -> int:
    """Print what the chain check found (exit 0 intact, 1 broken, 2 unusable)."""
    try:
        expect = _expected(args)
    except (ValueError, OSError) as exc:
        print(f"netra audit verify: {exc}", file=sys.stderr)
        return UNUSABLE
    read = _read_store("verify", args.store, lambda store: store.verify_audit(expect))
    if read is None:
        return UNUSABLE
    result = read[0]
    older = f" ({result.unchained} older entries predate the chain)" if result.unchained else ""
    if result.ok:
        heads = f", holding {len(expect)} recorded head(s)" if expect else ""
        print(f"audit log intact: {result.entries} chained entries{older}{heads}")
        return OK
    print(f"audit log BROKEN: {len(result.problems)} problem(s) in {result.entries} entries{older}")
    for problem in result.problems:
        print(f"  {problem}")
    return BROKEN


def _read_store(command: str, url: str, read: Callable[[CaseStore], T]) -> tuple[T] | None:
    """`read` on the store at `url` (closed after), as a 1-tuple; None, with the reason on standard
    error, when the store cannot be opened or is unavailable. Never creates a store or prints a password."""
    try:
        store = open_store(url)
    except (StoreError, Unavailable) as exc:
        print(f"netra audit {command}: cannot open {redact(url)}: {exc}", file=sys.stderr)
        return None
    try:
        return (read(store),)
    except Unavailable as exc:
        print(f"netra audit {command}: store unavailable: {exc}", file=sys.stderr)
        return None
    finally:
        store.close()
