"""The catalogue of Netra's Prometheus metrics (docs/operations.md lists them with their meaning).

Every process imports this one module, so names, labels and buckets are defined once. Every
labelled series with a known label set is created at zero on import (`initialise`), so a rate
or an alert sees a flat zero instead of a missing series before the first event.
"""

from prometheus_client import Counter, Gauge, Histogram

from netra.bus.base import DECISIONS, RAW_POSTS
from netra.domain.decision import CATEGORIES

STAGES = ("collector", "processor", "indexer")
CONSUMING_STAGES = ("processor", "indexer")
UNKNOWN_REGION = "unknown"

# Pipeline: throughput, errors, latency, lag.
MESSAGES_IN = Counter("netra_messages_in_total", "Records consumed", ["stage"])
MESSAGES_OUT = Counter("netra_messages_out_total", "Records produced", ["stage", "topic"])
FLAGGED = Counter("netra_posts_flagged_total", "Posts flagged for review", ["category", "wilayah"])
DEAD_LETTERED = Counter("netra_dead_letters_total", "Records set aside as unreadable", ["stage"])
LATENCY = Histogram(
    "netra_processing_seconds",
    "Time to process one batch, per record",
    ["stage"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
CAPTURE_TO_OUTPUT = Histogram(
    "netra_capture_to_output_seconds",
    "From the collector's capture of a post (origin=capture) or, without a readable capture "
    "header, from this stage's fetch (origin=fetch) to the batch being committed by this stage",
    ["stage", "origin"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
LAG = Gauge("netra_consumer_lag", "Records waiting to be consumed", ["stage"])
PAUSED = Gauge("netra_backpressure_paused", "1 while the stage waits for a failing downstream", ["stage"])
RETRIES = Counter("netra_downstream_retries_total", "Failed downstream writes that were retried", ["stage"])

# Collectors: their series (fetched, new, errors, waits, budget, last success) are in collectors/metrics.py.

# Review backlog (served by the review app's /metrics, computed from the case store per scrape).
BACKLOG_NAME = "netra_review_backlog"
OLDEST_NAME = "netra_review_oldest_unreviewed_age_seconds"
AUDIT_HEAD_NAME = "netra_audit_head_seq"

# Digests and alerts.
DIGESTS = Counter(
    "netra_digest_deliveries_total", "Agency digests by outcome (sent, failed, no_recipient)", ["outcome"]
)
DIGEST_RETRIES = Counter("netra_digest_retries_total", "SMTP attempts of digests that were retried")
DIGEST_LAST_SUCCESS = Gauge(
    "netra_digest_last_success_timestamp_seconds", "When the last digest run finished without failures"
)
ALERTS = Counter(
    "netra_alerts_total", "Reviewer alert deliveries by channel and outcome", ["channel", "outcome"]
)
DIGEST_OUTCOMES = ("sent", "failed", "no_recipient")
ALERT_CHANNELS = ("email", "webhook")
ALERT_OUTCOMES = ("sent", "failed", "suppressed")


def initialise() -> None:
    """Create every series whose labels are known in advance, at zero."""
    for stage in STAGES:
        for series in (DEAD_LETTERED, LATENCY, RETRIES, MESSAGES_IN):
            series.labels(stage)
        PAUSED.labels(stage).set(0)
        for origin in ("capture", "fetch"):
            CAPTURE_TO_OUTPUT.labels(stage, origin)
    for stage in CONSUMING_STAGES:
        LAG.labels(stage).set(0)
    for stage, topic in (("collector", RAW_POSTS), ("processor", DECISIONS), ("indexer", "store")):
        MESSAGES_OUT.labels(stage, topic)
    for category in CATEGORIES:
        FLAGGED.labels(category, UNKNOWN_REGION)
    for outcome in DIGEST_OUTCOMES:
        DIGESTS.labels(outcome)
    for channel in ALERT_CHANNELS:
        for outcome in ALERT_OUTCOMES:
            ALERTS.labels(channel, outcome)


initialise()
