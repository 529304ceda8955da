"""The `netra` command. It only parses arguments and calls the composition root; each command
comes from a module of an app area that offers `register(subcommands)` (listed in COMMANDS)."""

import argparse
import importlib
import logging
import os
import sys

from netra.domain.problems import InputError

USAGE_ERROR = 2
# A new command: a module with `register(subcommands)` that sets `handler` (args -> exit status).
COMMANDS = (
    "netra.app.scan",
    "netra.app.stream",
    "netra.app.review",
    "netra.app.registry",
    "netra.app.audit",
    "alerting.digest.cli",
    "alerting.alerts.cli",
    "alerting.accounts.cli",
    "alerting.casefile.cli",
)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    os.umask(0o077)  # every file Netra creates (bus, store, logs) is private to its user
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.command == "scan" else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"netra {args.command}: unusable input:\n{exc}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # the reader went away (`netra scan ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def parser() -> argparse.ArgumentParser:
    """The command line with every registered command."""
    parser = argparse.ArgumentParser(prog="netra", description=__doc__)
    subcommands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(name).register(subcommands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
