"""The composition root opens edges from URLs and refuses unusable ones with a clear message."""

import subprocess
import sys
from pathlib import Path

import pytest

from collectors.jsonl import JsonlSource
from netra.app.root import open_bus, open_source
from netra.bus.kafka_admin import KafkaBus
from netra.bus.sqlite import SqliteBus
from netra.domain.problems import InputError

NETRA = [sys.executable, "-m", "netra.app.cli"]


def test_bus_urls(tmp_path: Path) -> None:
    assert isinstance(open_bus("kafka://127.0.0.1:9092,127.0.0.1:9093"), KafkaBus)
    assert isinstance(open_bus(f"sqlite://{tmp_path}/bus.sqlite"), SqliteBus)
    assert isinstance(open_bus(str(tmp_path / "bus.sqlite")), SqliteBus)
    with pytest.raises(ValueError, match="no bus for 'amqp://x'"):
        open_bus("amqp://x")


def test_source_urls(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text("{}\n")
    assert open_source(str(posts)).name == open_source(f"jsonl:{posts}").name == "jsonl:posts.jsonl"
    assert isinstance(open_source(str(posts)), JsonlSource)
    with pytest.raises(InputError, match="not a file"):
        open_source(str(tmp_path))
    with pytest.raises(InputError, match="no source for this URL"):
        open_source("mastodon:https://example")


@pytest.mark.parametrize("command", ["run", "collect"])
def test_a_directory_of_posts_is_a_usage_error(command: str, tmp_path: Path) -> None:
    result = subprocess.run([*NETRA, command, "--posts", str(tmp_path), "--data-dir", str(tmp_path / "d")]
                            if command == "run" else [*NETRA, command, "--posts", str(tmp_path)],
                            capture_output=True, timeout=120)
    assert result.returncode == 2
    assert b"not a file" in result.stderr and b"Traceback" not in result.stderr
