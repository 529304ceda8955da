"""The `netra` command: `scan` (batch decisions, CONTRACTS.md §4) and `run` (the embedded product)."""

import argparse
import asyncio
import logging
import sys
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import BinaryIO

from netra import demo
from netra.domain.problems import InputError, Problem

USAGE_ERROR = 2
SHOWN_PROBLEMS = 20


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.command == "run" else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"netra {args.command}: unusable input:\n{exc}", file=sys.stderr)
        return USAGE_ERROR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netra", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    scan = commands.add_parser("scan", help="decide a JSONL file of posts, one decision line per post")
    scan.add_argument("--registry", type=Path, required=True, help="ASN registry CSV")
    scan.add_argument("--elections", type=Path, required=True, help="election configuration YAML")
    scan.add_argument("--input", type=Path, help="posts JSONL (default: standard input)")
    scan.add_argument("--output", type=Path, help="decisions JSONL (default: standard output)")
    scan.set_defaults(handler=_scan)

    run = commands.add_parser("run", help="run the whole product on this machine (demo data by default)")
    run.add_argument("--data-dir", type=Path, default=Path("var/netra"), help="where the run keeps its files")
    run.add_argument("--registry", type=Path, default=demo.REGISTRY, help="ASN registry CSV")
    run.add_argument("--elections", type=Path, default=demo.ELECTIONS, help="election configuration YAML")
    run.add_argument("--posts", type=Path, default=demo.POSTS, help="JSONL file the collector reads")
    run.add_argument("--delay", type=float, default=0.5, help="seconds between collected batches")
    run.add_argument("--batch-size", type=int, default=5, help="posts per collected batch")
    run.add_argument("--host", default="127.0.0.1", help="review page address")
    run.add_argument("--port", type=int, default=8080, help="review page port")
    run.add_argument("--exit-when-idle", action="store_true", help="stop once every post is processed")
    run.set_defaults(handler=_run)
    return parser


def _scan(args: argparse.Namespace) -> int:
    from netra.scan import scan
    from processors.assemble import assemble_core

    for path in (args.registry, args.elections, args.input):
        if path is not None and not path.exists():
            raise InputError([Problem(str(path), 0, "no such file")])
    problems: list[Problem] = []
    core = assemble_core(args.registry, args.elections, problems)
    _report(problems, args.registry)
    with _open(args.input, "rb", sys.stdin.buffer) as source, \
         _open(args.output, "wb", sys.stdout.buffer) as sink:
        bad = scan(source, sink, core)
    return 1 if bad else 0


def _run(args: argparse.Namespace) -> int:
    from collectors.jsonl import JsonlSource
    from netra.embedded import EmbeddedConfig, run_embedded
    from processors.assemble import assemble_core

    problems: list[Problem] = []
    core = assemble_core(args.registry, args.elections, problems)
    _report(problems, args.registry)
    config = EmbeddedConfig(args.data_dir, args.host, args.port, args.exit_when_idle)
    source = JsonlSource(args.posts, batch_size=args.batch_size, delay=args.delay)
    print(f"Netra is running: review page at http://{args.host}:{args.port}/ (Ctrl-C stops)",
          file=sys.stderr)
    asyncio.run(run_embedded(config, source, core))
    return 0


def _report(problems: list[Problem], source: Path) -> None:
    """Tell the operator which registry rows were skipped or mended, and why."""
    if not problems:
        return
    print(f"{source}: {len(problems)} row problem(s); rows skipped or mended:", file=sys.stderr)
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"  … and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)


def _open(path: Path | None, mode: str, default: BinaryIO) -> AbstractContextManager[BinaryIO]:
    """The file at `path`, or the standard stream (left open on exit)."""
    return nullcontext(default) if path is None else path.open(mode)


if __name__ == "__main__":
    sys.exit(main())
