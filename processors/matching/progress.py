"""Progress of a long index build on a stream: a bar on a terminal, periodic lines otherwise.

`Progress` is the callback `build_arrays` calls with (phase, done, expected): the phase names
what it counts (rows read, names indexed), and each report shows the count, the rate and the
phase's time left. Nothing is
printed more often than `interval` seconds (a terminal's bar every 0.2 s).
"""

import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

ProgressCallback = Callable[[str, int, int | None], None]
LINE_INTERVAL = 10.0
BAR_INTERVAL = 0.2
BAR_WIDTH = 30


def count_rows(path: Path) -> int | None:
    """The data rows of a CSV file (lines less the header), or None when it is not a file;
    an estimate for the time left (a quoted field with a newline counts twice)."""
    if not path.is_file():
        return None
    lines = 0
    with path.open("rb") as source:
        while block := source.read(1 << 22):
            lines += block.count(b"\n")
    return max(0, lines - 1)


class Progress:
    """Reports (phase, done, total) calls on a stream; a bar when the stream is a terminal."""

    def __init__(self, stream: TextIO, total: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._total = total
        self._clock = clock
        self._tty = stream.isatty()
        self._interval = BAR_INTERVAL if self._tty else LINE_INTERVAL
        self._started = self._phase_started = clock()
        self._phase = ""
        self._shown = float("-inf")

    def __call__(self, phase: str, done: int, total: int | None = None) -> None:
        now = self._clock()
        total = total if total is not None else self._total
        if phase != self._phase:
            if self._tty and self._phase:
                self._stream.write("\n")
            self._phase, self._phase_started, self._shown = phase, now, float("-inf")
        elif now - self._shown < self._interval and not (total and done >= total):
            return
        self._shown = now
        self._stream.write(self.line(phase, done, total, now))
        self._stream.flush()

    def line(self, phase: str, done: int, total: int | None, now: float) -> str:
        """One report: `index build: reading rows 1,200,000 / 4,300,000, 9,800/s, 5m16s left`."""
        spent = max(now - self._phase_started, 1e-9)
        rate = done / spent
        text = f"index build: {phase}"
        if done:
            text += f" {done:,}" + (f" / {total:,}" if total else "") + f", {rate:,.0f}/s"
            if total and rate > 0:
                text += f", {_duration(max(0, total - done) / rate)} left"
        text += f" (elapsed {_duration(now - self._started)})"
        if not self._tty:
            return text + "\n"
        if total and done:
            filled = min(BAR_WIDTH, int(BAR_WIDTH * done / total))
            text = f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {text}"
        return f"\r{text}\x1b[K"

    def close(self) -> None:
        """End the bar's line on a terminal."""
        if self._tty and self._phase:
            self._stream.write("\n")
            self._stream.flush()


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
