"""`netra index-registry`: the matcher's index file from a registry CSV, built once."""

import argparse
import sys
from pathlib import Path

from netra.app.options import must_be_file, report
from netra.domain.problems import Problem


def register(subcommands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `netra index-registry`."""
    registry = subcommands.add_parser("index-registry",
                                      help="build the matcher index file from a registry CSV")
    registry.add_argument("registry", type=Path, help="ASN registry CSV")
    registry.add_argument("--output", type=Path, required=True, help="index file to write")
    registry.set_defaults(handler=_index_registry)


def _index_registry(args: argparse.Namespace) -> int:
    from netra.domain.registry import iter_registry
    from processors.matching.indexfile import write_index

    must_be_file(args.registry)
    problems: list[Problem] = []
    write_index(iter_registry(args.registry, problems), args.output, str(args.registry), sys.stderr)
    report(problems, args.registry)
    print(f"{args.output}: index written", file=sys.stderr)
    return 0
