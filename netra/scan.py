"""`netra scan`: posts in (JSONL), one decision line out per input line, in the same order.

Streams with constant memory: one line in hand at a time; a line longer than the post limit is
read through in chunks and reported, never held whole.
"""

import logging
from collections.abc import Iterator
from typing import BinaryIO

from netra.domain.decision import Decision, LineError, encode_decision
from netra.domain.post import MAX_LINE_BYTES, PostError, decode_post
from processors.decide import DecisionCore

log = logging.getLogger(__name__)


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
