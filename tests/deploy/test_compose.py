"""docker-compose.yml and the Dockerfile, checked without a Docker engine: every command parses
with the CLI, scrape targets match metrics ports, nothing is published beyond loopback, no
secret is in the file, every secret and volume is declared, image versions match the tests'."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from netra.app.cli import parser as netra_parser

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
NETRA = {name: s for name, s in SERVICES.items() if s.get("image") == "netra:latest"}
ONE_SHOTS = {"es-init", "registry-index"}
SECRET_WORDS = re.compile(r"password|secret|token|passwd", re.I)


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_every_netra_command_parses_with_the_cli() -> None:
    parser = netra_parser()
    for name, service in NETRA.items():
        command = [re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", part) for part in service["command"]]
        args = parser.parse_args(command)
        assert args.command == command[0], name
    kinds = {service["command"][0] for service in NETRA.values()}
    assert kinds == {"index-registry", "collect", "worker", "indexer", "review", "digest", "alerts"}


def test_prometheus_scrapes_each_netra_process_on_its_metrics_port() -> None:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    targets = {t for job in config["scrape_configs"] if job["job_name"].startswith("netra-")
               for group in job["static_configs"] for t in group["targets"]}
    expected = set()
    for name, service in NETRA.items():
        command = service["command"]
        if "--metrics-port" in command:
            assert option(command, "--metrics-host") == "0.0.0.0", name
            expected.add(f"{name}:{option(command, '--metrics-port')}")
        elif command[0] == "review":
            expected.add(f"{name}:{option(command, '--port')}")
    assert targets == expected
    assert "rules/*.yml" in config["rule_files"]


def test_nothing_is_published_beyond_loopback() -> None:
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)
    assert {n for n, s in SERVICES.items() if s.get("ports")} == {"review", "grafana", "prometheus", "mailcatcher"}


def test_no_secret_in_the_file_and_every_secret_file_is_declared() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    assert not re.search(r"://[^/\s\"']*:[^/\s\"']*@", text), "credentials in a URL"
    declared = set(COMPOSE["secrets"])
    for spec in COMPOSE["secrets"].values():
        assert spec["file"].startswith("./secrets/")
    for name, service in SERVICES.items():
        given = set(service.get("secrets", []))
        assert given <= declared, name
        for key, value in (service.get("environment") or {}).items():
            if SECRET_WORDS.search(key):
                assert key.endswith("_FILE") and str(value).startswith("/run/secrets/"), (name, key)
                assert str(value).removeprefix("/run/secrets/") in given, (name, key)
            assert not SECRET_WORDS.search(str(value)) or str(value).startswith("/run/secrets/"), (name, key)
        for part in service.get("command", []) or []:
            assert not SECRET_WORDS.search(str(part)) or "/run/secrets" in str(part), (name, part)
    needs = {"kafka-setup.sh": {f"kafka_{s}_password" for s in ("collector", "worker", "indexer")},
             "es-init.sh": {"elastic_password"} | {f"es_{s}_password" for s in ("indexer", "review", "digest", "alerts")}}
    for script, secrets in needs.items():
        text = (ROOT / "deploy" / "compose" / script).read_text()
        assert all(secret.split("_")[1] in text or secret in text for secret in secrets)
        runner = next(s for s in SERVICES.values() if any(script in str(v) for v in s.get("volumes", [])))
        assert secrets <= set(runner["secrets"]), script


def test_services_use_their_own_users_never_the_superuser() -> None:
    for name, service in NETRA.items():
        env = service.get("environment") or {}
        if "--store" in service["command"]:
            assert env.get("NETRA_ES_USERNAME", "").startswith("netra_"), name
        if service["command"][0] in ("collect", "worker", "indexer"):
            assert env["NETRA_KAFKA_SASL_USERNAME"].startswith("netra-"), name
            assert env["NETRA_KAFKA_SECURITY_PROTOCOL"] == "SASL_PLAINTEXT"
    assert "elastic:" not in (ROOT / "docker-compose.yml").read_text()


def test_dependencies_volumes_health_and_users() -> None:
    named = set(COMPOSE["volumes"])
    for name, service in SERVICES.items():
        for dependency, condition in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES, (name, dependency)
            if condition["condition"] == "service_completed_successfully":
                assert dependency in ONE_SHOTS
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dependency], dependency
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert source == "./config" or (ROOT / source).exists(), (name, volume)
            else:
                assert source in named, (name, volume)
        assert service.get("user") and not str(service["user"]).startswith("0"), name  # never root
        if name in ONE_SHOTS:
            assert service["restart"] == "no", name
        else:
            assert "healthcheck" in service, name
    assert SERVICES["collector"]["restart"] == "on-failure"  # a collector that ran dry stays down
    workers = [s for s in NETRA.values() if s["command"][0] == "worker"]
    assert all(option(s["command"], "--registry") == "/index/registry.idx" for s in workers)
    assert all(s["depends_on"]["registry-index"]["condition"] == "service_completed_successfully" for s in workers)
    ids = [option(s["command"], "--id") for s in NETRA.values() if "--id" in s["command"]]
    assert len(ids) == len(set(ids))  # transactional ids must be unique


def test_image_versions_are_the_ones_the_tests_run() -> None:
    kafka = re.search(r"<kafka.version>(.+)</kafka.version>", (ROOT / "deploy/kafka/pom.xml").read_text())
    es = re.search(r"<es.version>(.+)</es.version>", (ROOT / "deploy/elasticsearch/pom.xml").read_text())
    assert kafka and SERVICES["kafka"]["image"] == f"apache/kafka:{kafka.group(1)}"
    assert es and SERVICES["elasticsearch"]["image"].endswith(f":{es.group(1)}")
    assert SERVICES["es-init"]["image"] == SERVICES["elasticsearch"]["image"]
    if shutil.which("prometheus"):
        version = subprocess.run(["prometheus", "--version"], capture_output=True, text=True).stdout
        tested = re.search(r"version (\d+\.\d+\.\d+)", version)
        assert tested and SERVICES["prometheus"]["image"] == f"prom/prometheus:v{tested.group(1)}"


def test_kafka_retention_is_set_per_topic_by_netra() -> None:
    env = SERVICES["kafka"]["environment"]
    script = (ROOT / "deploy/compose/kafka-setup.sh").read_text()
    for topic, variable in (("netra.posts.raw", "NETRA_RAW_RETENTION_HOURS"),
                            ("netra.decisions", "NETRA_DECISION_RETENTION_HOURS"),
                            ("netra.deadletter", "NETRA_DEADLETTER_RETENTION_HOURS")):
        assert re.search(rf"topic {re.escape(topic)} .*retention\.ms=\$\(hours \"\${variable}\"\)", script)
        assert variable in env
    assert "KAFKA_LOG_RETENTION_HOURS" in env


@pytest.mark.parametrize("script", ["kafka-start.sh", "kafka-setup.sh", "es-init.sh"])
def test_scripts_are_executable_valid_bash(script: str) -> None:
    path = ROOT / "deploy" / "compose" / script
    assert path.stat().st_mode & 0o111
    assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0


def test_dockerfile_builds_every_package_as_an_unprivileged_user() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    copied = {line.split()[1] for line in lines if line.startswith("COPY ")}
    packages = re.search(r"include = \[(.*)\]", (ROOT / "pyproject.toml").read_text())
    assert packages
    assert {p.strip(' "*') for p in packages.group(1).split(",")} <= copied
    assert all((ROOT / source).exists() for source in copied)
    assert next(line for line in lines if line.startswith("FROM")).startswith("FROM python:3.11")
    user = next(line for line in lines if line.startswith("USER "))
    assert user.split()[1].split(":")[0] not in ("0", "root")
    assert any(line == 'ENTRYPOINT ["netra"]' for line in lines)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".env", "config", "secrets", ".git", ".venv"} <= set(ignored)
    git_ignored = (ROOT / ".gitignore").read_text().split()
    assert {".env", "/config/", "/secrets/"} <= set(git_ignored)
