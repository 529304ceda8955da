"""Shared pytest set-up: the real servers (Kafka, Elasticsearch) live in tests/fixtures."""

pytest_plugins = [
    "tests.fixtures.kafka", "tests.fixtures.elasticsearch", "tests.fixtures.opensearch", "tests.fixtures.smtp",
]
