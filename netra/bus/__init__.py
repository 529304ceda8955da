"""The message bus between collectors, processors and the indexer: Kafka, or SQLite on one machine."""
