"""Prometheus metrics of the processors and the indexer (one registry per process)."""

from prometheus_client import Counter, Gauge, Histogram

MESSAGES_IN = Counter("netra_messages_in_total", "Records consumed", ["stage"])
MESSAGES_OUT = Counter("netra_messages_out_total", "Records produced", ["stage", "topic"])
FLAGGED = Counter("netra_posts_flagged_total", "Posts flagged for review", ["category"])
DEAD_LETTERED = Counter("netra_dead_letters_total", "Records set aside as unreadable", ["stage"])
LATENCY = Histogram(
    "netra_processing_seconds",
    "Time to process one batch, per record",
    ["stage"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
LAG = Gauge("netra_consumer_lag", "Records waiting to be consumed", ["stage"])
