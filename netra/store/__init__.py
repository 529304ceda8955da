"""Where flagged posts become cases for review: Elasticsearch, or SQLite on one machine."""
