"""Prometheus metrics of the collectors, processors and the indexer (one registry per process)."""

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
CAPTURE_TO_OUTPUT = Histogram(
    "netra_capture_to_output_seconds",
    "From the collector's capture of a post to its batch being committed by this stage",
    ["stage"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
LAG = Gauge("netra_consumer_lag", "Records waiting to be consumed", ["stage"])
PAUSED = Gauge("netra_backpressure_paused", "1 while the stage waits for a failing downstream", ["stage"])
RETRIES = Counter("netra_downstream_retries_total", "Failed downstream writes that were retried", ["stage"])
