"""The indexer stage: decisions from the bus into the case store (run by processors.stage).

The store is idempotent (snapshots are keyed by their hash), so a replayed batch changes
nothing. An unreadable snapshot is rejected; a snapshot the store refuses (Rejected naming its
case id) is dead-lettered; a store outage (Unavailable) pauses the stage and retries the batch.
"""

from collections.abc import Sequence
from typing import Any

import msgspec

from netra.bus.base import Message
from netra.domain.snapshot import Snapshot, decode_snapshot
from netra.failures import Rejected
from netra.store.base import CaseStore
from processors.stage import Handled

STAGE = "indexer"


class IndexerStage:
    """Reads snapshots and records them in the case store in bulk."""

    name = STAGE
    sink = "store"

    def __init__(self, store: CaseStore) -> None:
        self._store = store

    def handle(self, message: Message) -> Handled:
        """The decoded snapshot, for the batch's bulk write."""
        try:
            return Handled(item=decode_snapshot(message.value))
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise Rejected(f"unreadable snapshot: {exc}") from None

    def write(self, items: Sequence[Any]) -> None:
        """Record the snapshots (a replay records nothing new)."""
        self._store.record_many(items)

    def key_of(self, item: Any) -> str:
        """A snapshot is named by its case id in the store's rejections."""
        return str(item.case_id) if isinstance(item, Snapshot) else ""
