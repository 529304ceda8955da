"""The alert rules load in Prometheus (`promtool check`) and fire exactly as their unit tests say."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.fixtures.servers import unavailable

PROMETHEUS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


@pytest.fixture(scope="module")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        unavailable("promtool is missing (Debian package prometheus; .ci/run installs it)")
    return str(path)


def run(promtool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool, *args], cwd=PROMETHEUS, capture_output=True, text=True, timeout=120)


def test_rules_and_the_deployment_config_are_valid(promtool: str) -> None:
    rules = run(promtool, "check", "rules", "rules/netra.yml")
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert "SUCCESS: 13 rules found" in rules.stdout
    config = run(promtool, "check", "config", "prometheus.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_rule_unit_tests_pass(promtool: str) -> None:
    result = run(promtool, "test", "rules", "tests/netra_test.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_expectation_fails(promtool: str, tmp_path: Path) -> None:
    """The unit tests can fail: the same file with one expected label changed does."""
    broken = (PROMETHEUS / "tests" / "netra_test.yml").read_text().replace("stage: indexer}", "stage: worker}")
    (tmp_path / "broken_test.yml").write_text(broken.replace("../rules/", f"{PROMETHEUS}/rules/"))
    result = run(promtool, "test", "rules", str(tmp_path / "broken_test.yml"))
    assert result.returncode != 0 and "NetraDownstreamFailing" in result.stdout + result.stderr
