"""The review backlog as Prometheus gauges, read from the case store, and the review app's /metrics.

Per region: cases waiting (`new`) or in review, and how old the oldest waiting case is. The
store's `counts` answers per region in one query (audited as `system:metrics`, one entry a call),
so the age is bracketed on a fixed grid of ages (one `counts` per step, `posted_to` = now - age):
the gauge is the largest grid age that still has a waiting case, a lower bound to one step.
Results are cached for `CACHE_SECONDS` so a scrape every few seconds costs one pass at most, and
the audit log gets at most 21 `read_counts` entries per pass (typically 4: about 1,150 a day).
The same pass reads the audit chain's head: its `seq` only grows, so a drop means entries were removed.
"""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from netra.store.base import CaseStore
from netra.store.model import QueueQuery
from netra.store.workflow import IN_REVIEW, NEW
from processors.metrics import AUDIT_HEAD_NAME, BACKLOG_NAME, OLDEST_NAME, UNKNOWN_REGION

HOUR = 3600
AGE_GRID = (
    300,
    900,
    1800,
    HOUR,
    2 * HOUR,
    4 * HOUR,
    8 * HOUR,
    12 * HOUR,
    24 * HOUR,
    48 * HOUR,
    72 * HOUR,
    120 * HOUR,
    168 * HOUR,
    336 * HOUR,
    720 * HOUR,
    1440 * HOUR,
    2160 * HOUR,
    4320 * HOUR,
    8760 * HOUR,
)
CACHE_SECONDS = 300.0  # the backlog moves in hours; each pass's counts are audited (at most 21 entries)
METRICS_ACTOR = "system:metrics"  # who the store's audit log names for these counts


class BacklogCollector(Collector):
    """Collects `netra_review_backlog{wilayah,status}` and the oldest waiting case's age per region."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store
        self._cached: tuple[float, list[GaugeMetricFamily]] | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if self._cached is None or time.monotonic() - self._cached[0] > CACHE_SECONDS:
            self._cached = (time.monotonic(), self._measure())
        yield from self._cached[1]

    def _measure(self) -> list[GaugeMetricFamily]:
        backlog = GaugeMetricFamily(
            BACKLOG_NAME, "Cases not yet decided, per region and status", labels=["wilayah", "status"]
        )
        waiting: dict[str, int] = {}
        for status in (NEW, IN_REVIEW):
            per_region = self._store.counts(QueueQuery(status=status), METRICS_ACTOR).by_wilayah
            for region, count in per_region.items():
                backlog.add_metric([region or UNKNOWN_REGION, status], count)
            if status == NEW:
                waiting = per_region
        oldest = GaugeMetricFamily(
            OLDEST_NAME,
            "Age of the oldest case waiting for review (post time), at least; 0 when none waits",
            labels=["wilayah"],
        )
        for region, age in self._oldest(waiting).items():
            oldest.add_metric([region or UNKNOWN_REGION], age)
        head = self._store.audit_head()
        audit = GaugeMetricFamily(
            AUDIT_HEAD_NAME, "Sequence number of the newest audit log entry; it never goes down unless"
            " entries were removed", value=head.seq if head else 0,
        )
        return [backlog, oldest, audit]

    def _oldest(self, waiting: dict[str, int]) -> dict[str, float]:
        """Per region with waiting cases, the largest grid age that still has one (0 if none):
        from the oldest grid age down, each region settles at the first age it appears at."""
        ages = {region: 0.0 for region, count in waiting.items() if count}
        unsettled, now = set(ages), datetime.now(UTC)
        for age in reversed(AGE_GRID):
            if not unsettled:
                break
            cutoff = (now - timedelta(seconds=age)).isoformat()
            older = self._store.counts(QueueQuery(status=NEW, posted_to=cutoff), METRICS_ACTOR).by_wilayah
            for region in [r for r in unsettled if older.get(r)]:
                ages[region] = float(age)
                unsettled.discard(region)
        return ages


def metrics_route(store: CaseStore | None = None, path: str = "/metrics") -> Route:
    """A Starlette route serving this process's metrics, plus the review backlog of `store`."""
    extra = CollectorRegistry(auto_describe=False)
    if store is not None:
        extra.register(BacklogCollector(store))

    def metrics(request: Request) -> Response:
        return Response(generate_latest(REGISTRY) + generate_latest(extra), media_type=CONTENT_TYPE_LATEST)

    return Route(path, metrics)
