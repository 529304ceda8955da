"""`netra verify BUNDLE`: check a case-file bundle offline (exit 0 valid, 1 invalid, 2 unusable)."""

import argparse
import sys
from pathlib import Path

from alerting.casefile.signing import KeyProblem, trusted_key
from alerting.casefile.verify import Invalid, Unreadable, read_bundle, verify

VALID, INVALID, UNUSABLE = 0, 1, 2


def register(subcommands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `netra verify BUNDLE`."""
    command = subcommands.add_parser(
        "verify", help="check a case-file bundle (JSON): exit 0 valid, 1 invalid, 2 unreadable"
    )
    command.add_argument("bundle", type=Path, help="the .json bundle exported from the review app")
    command.add_argument("--public-key", type=Path,
                         help="PEM of the Ed25519 key the bundle must be signed with (docs/case-file.md)")
    command.set_defaults(handler=verify_bundle)


def verify_bundle(args: argparse.Namespace) -> int:
    """Print what held, every problem and what cannot be checked offline; the exit status says which."""
    try:
        trusted = trusted_key(args.public_key) if args.public_key else None
        bundle = read_bundle(args.bundle)
    except (Unreadable, KeyProblem) as exc:
        print(f"netra verify: {exc}", file=sys.stderr)
        return UNUSABLE
    except Invalid as exc:
        print(f"case file INVALID: {args.bundle}: {exc}")
        return INVALID
    report = verify(bundle, trusted)
    if not report.ok:
        print(f"case file INVALID: case {report.case_id}: {len(report.problems)} problem(s)")
        for problem in report.problems:
            print(f"  {problem}")
        return INVALID
    print(f"case file valid: case {report.case_id}")
    for proved in report.held:
        print(f"  ok: {proved}")
    for unproved in report.unchecked:
        print(f"  not checked offline: {unproved}")
    return VALID
