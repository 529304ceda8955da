"""SASL/SCRAM and per-service ACLs on a real broker laid out like the deployment's, set up by the
deployment's own script (deploy/compose/kafka-setup.sh)."""

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import KafkaError

from netra.bus.kafka import KafkaConfig, KafkaPublisher
from tests.fixtures.kafka import SCRIPT, KafkaBroker
from tests.fixtures.servers import free_port, unavailable

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "deploy" / "compose" / "kafka-setup.sh"
TOOLS = {"kafka-configs.sh": "ConfigCommand", "kafka-topics.sh": "TopicCommand", "kafka-acls.sh": "AclCommand"}
PASSWORDS = {"collector": "c/o?l#lector pass", "worker": "w0rker/?#", "indexer": "ind'exer\"?#"}
pytestmark = pytest.mark.kafka


class ScramBroker(KafkaBroker):
    """The suite's broker launcher with the SCRAM template and an admin listener."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir=data_dir)
        self.admin = f"127.0.0.1:{free_port()}"
        self.env.update(NETRA_KAFKA_TEMPLATE=str(ROOT / "deploy/kafka/server-scram.properties"),
                        NETRA_KAFKA_ADMIN_PORT=self.admin.rpartition(":")[2])


def setup(broker: ScramBroker, tmp: Path) -> subprocess.CompletedProcess[str]:
    """Run kafka-setup.sh with the Kafka tools behind the command names it calls."""
    bin_dir, secrets = tmp / "bin", tmp / "secrets"
    bin_dir.mkdir(exist_ok=True)
    secrets.mkdir(exist_ok=True)
    for name, tool in TOOLS.items():
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{SCRIPT}" tool org.apache.kafka.tools.{tool} "$@"\n')
        (bin_dir / name).chmod(0o755)
    for service, password in PASSWORDS.items():
        (secrets / f"kafka_{service}_password").write_text(password + "\n")
    env = {**broker.env, "KAFKA_BIN": str(bin_dir), "NETRA_SECRETS": str(secrets), "NETRA_KAFKA_ADMIN": broker.admin,
           "NETRA_PARTITIONS": "2", "NETRA_RAW_RETENTION_HOURS": "72", "NETRA_DECISION_RETENTION_HOURS": "168",
           "NETRA_DEADLETTER_RETENTION_HOURS": "336"}
    return subprocess.run([str(SETUP)], env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def scram_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScramBroker]:
    if os.environ.get("NETRA_KAFKA_BOOTSTRAP"):
        unavailable("NETRA_KAFKA_BOOTSTRAP points at an external broker; the SCRAM test starts its own")
    tmp = tmp_path_factory.mktemp("kafka-scram")
    broker = ScramBroker(tmp / "data")
    try:
        broker.start()
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as e:
        unavailable(f"cannot start the SCRAM broker: {e}")
    try:
        result = setup(broker, tmp)
        assert result.returncode == 0, result.stdout + result.stderr
        yield broker
    finally:
        broker.stop()


def sasl(service: str, password: str | None = None) -> dict[str, str]:
    return {"security_protocol": "SASL_PLAINTEXT", "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": f"netra-{service}", "sasl_plain_password": password or PASSWORDS[service]}


async def produce(broker: ScramBroker, service: str, topic: str, password: str | None = None) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=f"netra-{service}-test",
                                enable_idempotence=True, request_timeout_ms=10000, **sasl(service, password))
    await producer.start()
    try:
        async with producer.transaction():
            await producer.send_and_wait(topic, b"{}", key=b"x:1")
    finally:
        await producer.stop()


async def test_each_service_may_do_its_stage_and_nothing_more(scram_broker: ScramBroker) -> None:
    await produce(scram_broker, "collector", "netra.posts.raw")
    await produce(scram_broker, "worker", "netra.decisions")
    with pytest.raises(KafkaError):  # a collector cannot forge decisions
        await produce(scram_broker, "collector", "netra.decisions")
    with pytest.raises(KafkaError):  # an indexer cannot inject posts
        await produce(scram_broker, "indexer", "netra.posts.raw")

    consumer = AIOKafkaConsumer("netra.posts.raw", bootstrap_servers=scram_broker.bootstrap,
                                group_id="netra-processors", auto_offset_reset="earliest", **sasl("worker"))
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=15000)
        assert [m.value for records in batch.values() for m in records] == [b"{}"]
    finally:
        await consumer.stop()


async def test_wrong_password_and_no_authentication_are_refused(scram_broker: ScramBroker) -> None:
    with pytest.raises(KafkaError):
        await produce(scram_broker, "collector", "netra.posts.raw", password="wrong")
    plain = AIOKafkaProducer(bootstrap_servers=scram_broker.bootstrap, request_timeout_ms=5000)
    with pytest.raises(KafkaError):
        await plain.start()
    await plain.stop()


async def test_topics_carry_the_retention_netra_sets(scram_broker: ScramBroker) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=scram_broker.admin)
    await admin.start()
    try:
        described = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, t) for t in ("netra.posts.raw", "netra.deadletter")])
    finally:
        await admin.close()
    values = {resource[3]: {entry[0]: entry[1] for entry in resource[4]}
              for response in described for resource in response.resources}
    assert values["netra.posts.raw"]["retention.ms"] == str(72 * 3600 * 1000)
    assert values["netra.deadletter"]["retention.ms"] == str(336 * 3600 * 1000)


async def test_netra_connects_as_the_user_its_environment_names(
    scram_broker: ScramBroker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deployment's variables (a password file, never a password in the environment) reach
    every Kafka client Netra opens: the collector's publisher writes, a wrong password cannot."""
    secret = tmp_path / "kafka_collector_password"
    secret.write_text(PASSWORDS["collector"] + "\n")
    monkeypatch.setenv("NETRA_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("NETRA_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NETRA_KAFKA_SASL_USERNAME", "netra-collector")
    monkeypatch.setenv("NETRA_KAFKA_SASL_PASSWORD_FILE", str(secret))
    config = KafkaConfig.from_env(scram_broker.bootstrap)
    assert PASSWORDS["collector"] not in repr(config)
    publisher = KafkaPublisher(config, "netra-collector-env")
    try:
        await publisher.publish("netra.posts.raw", b"x:env", b'{"from": "env"}')
        await publisher.flush()
    finally:
        await publisher.close()

    secret.write_text("wrong\n")
    refused = KafkaPublisher(KafkaConfig.from_env(scram_broker.bootstrap), "netra-collector-env")
    try:
        await refused.publish("netra.posts.raw", b"x:env", b"{}")
        with pytest.raises(Exception):  # noqa: B017 (aiokafka's authentication errors vary by version)
            await refused.flush()
    finally:
        await refused.close()
