"""Prometheus metrics per collector source; every source's series starts at zero."""

from prometheus_client import Counter, Gauge

FETCHED = Counter("netra_collector_fetched_total", "Posts read from the platform", ["source"])
NEW = Counter("netra_collector_new_total", "Posts handed on to the bus (not seen before)", ["source"])
DUPLICATES = Counter("netra_collector_duplicates_total", "Posts dropped as already handed on", ["source"])
ERRORS = Counter("netra_collector_errors_total", "Failed requests and unreadable payloads", ["source"])
RATE_LIMIT_WAITS = Counter(
    "netra_collector_rate_limit_waits_total", "Waits for a 429, Retry-After, rate-limit header or budget",
    ["source"],
)
BUDGET_REMAINING = Gauge(
    "netra_collector_budget_remaining", "Requests left in the source's budget window", ["source"]
)
PLATFORM_REMAINING = Gauge(
    "netra_collector_platform_remaining", "Requests left as the platform's rate-limit header said", ["source"]
)
LAST_SUCCESS = Gauge(
    "netra_collector_last_success_timestamp_seconds", "When the source last handed a batch on", ["source"]
)


def initialise(source: str, budget: int) -> None:
    """Create every series of `source` at zero, so dashboards see a source before its first event."""
    for counter in (FETCHED, NEW, DUPLICATES, ERRORS, RATE_LIMIT_WAITS):
        counter.labels(source)
    BUDGET_REMAINING.labels(source).set(budget)
    PLATFORM_REMAINING.labels(source).set(-1)
    LAST_SUCCESS.labels(source).set(0)
