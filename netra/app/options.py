"""Options several commands share: the files the decision core is built from, and problem reports."""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from netra import demo
from netra.domain.problems import InputError, Problem

if TYPE_CHECKING:
    from netra.store.base import CaseStore
    from processors.decide import DecisionCore

SHOWN_PROBLEMS = 20


def decision_options(parser: argparse.ArgumentParser, demo_defaults: bool) -> None:
    """The files the decision core is built from; the embedded run defaults to the demo's."""
    parser.add_argument("--registry", type=Path, required=not demo_defaults,
                        default=demo.REGISTRY if demo_defaults else None,
                        help="ASN registry CSV, or an index file built from one")
    parser.add_argument("--elections", type=Path, required=not demo_defaults,
                        default=demo.ELECTIONS if demo_defaults else None, help="election configuration YAML")
    parser.add_argument("--claims", type=Path, default=demo.CLAIMS if demo_defaults else None,
                        help="debunked claims YAML (without it, disinformation is not checked)")
    parser.add_argument("--no-hate-speech", dest="hate_speech", action="store_false",
                        help="run without the hate-speech model (a missing or corrupt model stops Netra)")


def build_core(args: argparse.Namespace, store: "CaseStore | None" = None) -> "DecisionCore":
    """The decision core over the command's files; registry row problems go to standard error.
    With a case store, the matcher honours its reviewer judgements and keeps author facts there."""
    from processors.assemble import assemble_core

    for path in (args.registry, args.elections, args.claims):
        if path is not None:
            must_be_file(path)
    problems: list[Problem] = []
    try:
        core = assemble_core(args.registry, args.elections, problems, args.claims,
                             hate_speech=args.hate_speech, judgements=store.judgements if store else None,
                             author_facts=store)
    except InputError:
        raise
    except (OSError, ValueError, KeyError) as exc:  # a model or lexicon file missing or corrupt
        raise InputError([Problem("configuration", 0, f"cannot start: {exc!r}")]) from None
    report(problems, args.registry)
    return core


def must_be_file(path: Path) -> Path:
    """`path`, if it is a readable file; else InputError (a clear message, exit status 2)."""
    if not path.exists():
        raise InputError([Problem(str(path), 0, "no such file")])
    if not path.is_file():
        raise InputError([Problem(str(path), 0, "not a file")])
    return path


def report(problems: list[Problem], source: Path) -> None:
    """Tell the operator which registry rows were skipped or mended, and why."""
    if not problems:
        return
    print(f"{source}: {len(problems)} row problem(s); rows skipped or mended:", file=sys.stderr)
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)
