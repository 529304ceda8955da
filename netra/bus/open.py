"""Open a bus from a URL: `kafka://host:9092[,host:9092]` or an SQLite file (`sqlite:///path`, a path)."""

from pathlib import Path
from urllib.parse import urlsplit

from netra.bus.base import DEFAULT_RETENTION, Bus, Retention
from netra.bus.kafka import KafkaConfig
from netra.bus.kafka_admin import KafkaBus
from netra.bus.sqlite import SqliteBus


def open_bus(
    url: str, partitions: int = 6, replication: int = 1, retention: Retention = DEFAULT_RETENTION
) -> Bus:
    """The bus at `url`; partitions, replication and retention apply to Kafka topics it creates."""
    parts = urlsplit(url)
    if parts.scheme == "kafka":
        return KafkaBus(KafkaConfig.from_env(parts.netloc), partitions, replication, retention)
    if parts.scheme == "sqlite":
        return SqliteBus(Path(url.removeprefix("sqlite://")))
    if parts.scheme in ("", "file") or len(parts.scheme) == 1:
        return SqliteBus(Path(url.removeprefix("file://")))
    raise ValueError(f"no bus for {url!r}: use kafka://host:9092, sqlite:///path or a path")
