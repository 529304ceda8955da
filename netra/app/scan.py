"""`netra scan`: posts in (JSONL), one decision line out per input line, in the same order.

Streams with constant memory: one line in hand at a time; a line longer than the post limit is
read through in chunks and reported, never held whole.
"""

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import BinaryIO, cast

from netra.app.options import build_core, decision_options, must_be_file
from netra.domain.decision import Decision, LineError, encode_decision
from netra.domain.post import MAX_LINE_BYTES, PostError, decode_post
from processors.decide import DecisionCore

log = logging.getLogger(__name__)


def register(subcommands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `netra scan`."""
    scan = subcommands.add_parser("scan", help="decide a JSONL file of posts, one decision line per post")
    decision_options(scan, demo_defaults=False)
    scan.add_argument("--input", type=Path, help="posts JSONL (default: standard input)")
    scan.add_argument("--output", type=Path, help="decisions JSONL (default: standard output)")
    scan.set_defaults(handler=_scan)


def _scan(args: argparse.Namespace) -> int:
    if args.input is not None:
        must_be_file(args.input)
    core = build_core(args)
    with _open(args.input, "rb", sys.stdin.buffer) as source, \
         _open(args.output, "wb", sys.stdout.buffer) as sink:
        bad = scan(source, sink, core)
    return 1 if bad else 0


def _open(path: Path | None, mode: str, default: BinaryIO) -> AbstractContextManager[BinaryIO]:
    """The file at `path`, or the standard stream (left open on exit)."""
    return nullcontext(default) if path is None else cast(BinaryIO, path.open(mode))


def read_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[bytes | int]:
    """Each line without its newline, or the byte length of a line over `limit` (not kept)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line.rstrip(b"\r\n")
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            size += len(line)
        yield size


def scan(source: BinaryIO, sink: BinaryIO, core: DecisionCore) -> int:
    """Write one decision (or error) line per input line; the number of bad lines."""
    bad = 0
    for number, line in enumerate(read_lines(source), start=1):
        result = _decide_line(line, number, core)
        bad += isinstance(result, LineError)
        sink.write(encode_decision(result) + b"\n")
    sink.flush()
    return bad


def _decide_line(line: bytes | int, number: int, core: DecisionCore) -> Decision | LineError:
    if isinstance(line, int):
        return LineError(number, f"line is {line} bytes, over the {MAX_LINE_BYTES} byte limit")
    if not line.strip():
        return LineError(number, "empty line")
    try:
        return core.decide(decode_post(line))
    except PostError as exc:
        return LineError(number, str(exc))
    except Exception as exc:  # one post must not end the scan; the error is in the output line
        log.exception("line %d: deciding failed", number)
        return LineError(number, f"internal error: {exc!r}")
