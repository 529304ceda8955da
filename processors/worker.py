"""The processor stage: raw posts in, decisions with evidence out (run by processors.stage).

An unreadable post is rejected (dead-lettered with the reason); a decision that raises is
retried, then dead-lettered with its traceback. Only flagged posts produce a snapshot.
"""

from collections.abc import Sequence
from typing import Any

from netra.bus.base import DECISIONS, Message
from netra.domain.post import PostError, decode_post
from netra.domain.snapshot import MatchedEntry, Snapshot, encode_snapshot, post_sha256
from netra.failures import Rejected
from processors.decide import DecisionCore
from processors.stage import Handled, Output

STAGE = "processor"


class WorkerStage:
    """Decides each raw post with the decision core; publishes the evidence snapshot if flagged."""

    name = STAGE
    sink = ""

    def __init__(self, core: DecisionCore) -> None:
        self._core = core

    def handle(self, message: Message) -> Handled:
        """The snapshot of a flagged post, nothing for the rest; Rejected for an unreadable post."""
        try:
            post = decode_post(message.value)
        except PostError as exc:
            raise Rejected(str(exc), _key(message)) from None
        decision = self._core.decide(post)
        if not decision.flagged:
            return Handled()
        entry = self._core.registry_entry(decision.asn_match.nip) if decision.asn_match else None
        snapshot = Snapshot(
            post=post,
            post_sha256=post_sha256(post),
            captured_at=message.headers.get("netra-captured-at", ""),
            collector=message.headers.get("netra-collector", ""),
            decision=decision,
            registry_entry=MatchedEntry.of(entry) if entry else None,
        )
        output = Output(DECISIONS, message.key, encode_snapshot(snapshot), message.headers)
        region = entry.wilayah if entry else ""
        return Handled(outputs=(output,), flagged=tuple(decision.categories), region=region)

    def write(self, items: Sequence[Any]) -> None:
        """Nothing: the worker's outputs are its published snapshots."""

    def key_of(self, item: Any) -> str:
        """Never asked: the worker writes no items."""
        return ""


def _key(message: Message) -> str:
    return (message.key or b"").decode("utf-8", "replace")
