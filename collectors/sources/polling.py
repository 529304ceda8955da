"""What the polling sources share: rounds paced by `poll_seconds`, a context of shared parts."""

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from collectors.config import CollectorsConfig, Common, credential
from collectors.polite import PoliteClient
from collectors.reactions import Ledger
from collectors.watch import WatchFiles, WatchList
from netra.failures import Rejected, Unavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Context:
    """The parts every source gets from the composition root."""

    client: httpx.AsyncClient
    config: CollectorsConfig
    watch: WatchFiles | None = None
    ledgers: dict[str, Ledger] = field(default_factory=dict)

    async def watch_list(self) -> WatchList:
        """The current watch list (empty without watch files)."""
        return await self.watch.current() if self.watch else WatchList()

    def ledger(self, spec: Common) -> Ledger:
        """The source's record of reactions handed on (`state_dir/<name>.reactions.sqlite`),
        opened once; `close` closes them all."""
        if spec.name not in self.ledgers:
            self.ledgers[spec.name] = Ledger(Path(self.config.state_dir) / f"{spec.name}.reactions.sqlite")
        return self.ledgers[spec.name]

    def close(self) -> None:
        """Close the files the sources opened."""
        for ledger in self.ledgers.values():
            ledger.close()

    def polite(self, spec: Common, token: str | None = None, auth: str = "Bearer") -> PoliteClient:
        """A polite client for `spec`, with its credential (resolved now) as the Authorization."""
        headers = {"User-Agent": self.config.user_agent}
        if token is not None:
            headers["Authorization"] = f"{auth} {credential(token, self.config)}"
        return PoliteClient(self.client, spec.name, spec.budget, spec.politeness, headers)


async def logged(source: str, pages: AsyncIterator[list[bytes]]) -> AsyncIterator[list[bytes]]:
    """The pages until the platform fails (`Unavailable`, `Rejected`): the failure is logged and
    the round goes on with its next target, from the same checkpoint next time."""
    try:
        async for page in pages:
            yield page
    except (Unavailable, Rejected) as exc:
        log.warning("%s: %s", source, exc)


async def rounds(spec: Common) -> AsyncIterator[int]:
    """Round numbers, `poll_seconds` apart; only one round when `once`."""
    number = 0
    while True:
        yield number
        if spec.once:
            return
        number += 1
        await asyncio.sleep(spec.poll_seconds)
