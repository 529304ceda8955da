"""Index build progress: periodic lines in a log, a bar on a terminal."""

import io
from pathlib import Path

from netra.domain.registry import iter_registry
from processors.matching import write_index
from processors.matching.progress import Progress, count_rows


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_show_phase_rows_rate_and_time_left() -> None:
    out, clock = io.StringIO(), Clock()
    progress = Progress(out, total=1000, clock=clock)
    progress("reading rows", 0, None)
    clock.now = 5.0
    progress("reading rows", 100, None)  # within the interval: not shown
    clock.now = 10.0
    progress("reading rows", 200, None)
    clock.now = 12.0
    progress("indexing names", 0, None)
    lines = out.getvalue().splitlines()
    assert lines == [
        "index build: reading rows (elapsed 0s)",
        "index build: reading rows 200 / 1,000, 20/s, 40s left (elapsed 10s)",
        "index build: indexing names (elapsed 12s)",
    ]


def test_a_terminal_gets_a_bar_redrawn_in_place() -> None:
    out, clock = Terminal(), Clock()
    progress = Progress(out, total=100, clock=clock)
    progress("reading rows", 0, None)
    clock.now = 1.0
    progress("reading rows", 50, None)
    progress.close()
    text = out.getvalue()
    assert "\r[###############---------------] index build: reading rows 50 / 100" in text
    assert text.endswith("\n")


def test_write_index_reports_on_a_stream(registry_csv: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    write_index(iter_registry(registry_csv, []), tmp_path / "r.idx", str(registry_csv), out)
    text = out.getvalue()
    assert count_rows(registry_csv) == 38
    assert "index build: reading rows" in text and "indexing names" in text
    assert "written, 38 entries" in text
