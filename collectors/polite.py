"""Polite HTTP for one source: its budget, the platform's rate-limit headers, 429s and back-off.

One `PoliteClient` per source over the shared, injected `httpx.AsyncClient`: a source waiting
for its budget or a rate-limit reset waits alone, the others go on.
"""

import asyncio
import logging
import random
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from collectors import metrics
from collectors.config import Budget, Politeness
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)

# (remaining, reset) header pairs: X, Mastodon, Bluesky/IETF draft. Reset: epoch, delta or ISO time.
RATE_HEADERS = (
    ("x-rate-limit-remaining", "x-rate-limit-reset"),
    ("x-ratelimit-remaining", "x-ratelimit-reset"),
    ("ratelimit-remaining", "ratelimit-reset"),
)
EPOCH_AFTER = 1_000_000_000  # a reset number above this is a Unix time, below it a delay


class TokenBucket:
    """`requests` per `per_seconds`, refilled continuously."""

    def __init__(self, source: str, budget: Budget) -> None:
        self._source, self._size = source, float(budget.requests)
        self._rate = budget.requests / budget.per_seconds
        self._tokens, self._at = self._size, time.monotonic()

    async def take(self) -> None:
        """Wait (alone) until a request is allowed, then spend it."""
        self._refill()
        if self._tokens < 1:
            metrics.RATE_LIMIT_WAITS.labels(self._source).inc()
            await asyncio.sleep((1 - self._tokens) / self._rate)
            self._refill()
        self._tokens -= 1
        metrics.BUDGET_REMAINING.labels(self._source).set(int(self._tokens))

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._size, self._tokens + (now - self._at) * self._rate)
        self._at = now


class PoliteClient:
    """GETs that honour the budget, 429 / Retry-After and rate-limit headers, and retry 5xx and
    time-outs with exponential back-off and full jitter; `Unavailable` after the last attempt."""

    def __init__(
        self, client: httpx.AsyncClient, source: str, budget: Budget, politeness: Politeness,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.client, self.source = client, source
        self._bucket = TokenBucket(source, budget)
        self._policy, self.headers = politeness, headers or {}
        self._resume_at = 0.0  # wall clock before which the platform said no more requests

    async def get_json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        """The decoded JSON body of a 2xx answer; `Rejected` when it is not JSON or a 4xx."""
        response = await self.get(url, params)
        try:
            return response.json()
        except ValueError:
            metrics.ERRORS.labels(self.source).inc()
            raise Rejected(f"{url}: answer is not JSON ({response.text[:200]!r})", url) from None

    async def get(
        self, url: str, params: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        """A 2xx or 304 response; `Rejected` for other 4xx (bad request, not found, forbidden)."""
        failures = 0
        while True:
            await self._wait_for_platform()
            await self._bucket.take()
            try:
                response = await self.client.get(
                    url, params=params, headers={**self.headers, **(headers or {})},
                    timeout=self._policy.timeout,
                )
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                failures = await self._back_off(failures, f"{url}: {exc!r}")
                continue
            self._note_limits(response)
            if response.status_code == 429:
                await self._wait_rate_limited(response)
                continue
            if response.status_code >= 500:
                failures = await self._back_off(failures, f"{url}: HTTP {response.status_code}")
                continue
            if response.status_code >= 400:
                metrics.ERRORS.labels(self.source).inc()
                raise Rejected(f"{url}: HTTP {response.status_code}: {response.text[:300]}", url)
            return response

    async def _back_off(self, failures: int, why: str) -> int:
        metrics.ERRORS.labels(self.source).inc()
        failures += 1
        if failures >= self._policy.attempts:
            raise Unavailable(f"{self.source}: gave up after {failures} attempts: {why}")
        ceiling = min(self._policy.longest_wait, self._policy.first_backoff * 2 ** (failures - 1))
        wait = random.uniform(0, ceiling)
        log.warning("%s: %s; retry %d in %.1fs", self.source, why, failures, wait)
        await asyncio.sleep(wait)
        return failures

    async def _wait_rate_limited(self, response: httpx.Response) -> None:
        metrics.RATE_LIMIT_WAITS.labels(self.source).inc()
        wait = _retry_after(response.headers.get("retry-after"))
        if wait is None:
            wait = max(0.0, self._resume_at - time.time()) or self._policy.first_backoff
        wait = min(wait, self._policy.longest_wait)
        log.warning("%s: rate limited (429); waiting %.1fs", self.source, wait)
        await asyncio.sleep(wait)

    def _note_limits(self, response: httpx.Response) -> None:
        for remaining_name, reset_name in RATE_HEADERS:
            remaining = response.headers.get(remaining_name)
            if remaining is None or not remaining.strip().isdigit():
                continue
            metrics.PLATFORM_REMAINING.labels(self.source).set(int(remaining))
            reset = _reset_time(response.headers.get(reset_name))
            self._resume_at = reset if int(remaining) == 0 and reset is not None else 0.0
            return

    async def _wait_for_platform(self) -> None:
        wait = min(self._resume_at - time.time(), self._policy.longest_wait)
        if wait > 0:
            metrics.RATE_LIMIT_WAITS.labels(self.source).inc()
            log.info("%s: platform budget spent; waiting %.1fs for its reset", self.source, wait)
            await asyncio.sleep(wait)
        self._resume_at = 0.0


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delay or HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _reset_time(value: str | None) -> float | None:
    """Wall-clock time of a reset header: Unix time, seconds from now, or an ISO 8601 time."""
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return number if number > EPOCH_AFTER else time.time() + number
