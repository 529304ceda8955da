"""The review actions every store offers, written once over each adapter's guarded `_change`."""

from collections.abc import Callable

from netra.store import workflow
from netra.store.model import CaseSummary


class ReviewActions:
    """Claim, assign and transition, each a workflow rule applied by the adapter's `_change`."""

    def _change(
        self, case_id: str, actor: str, revision: str, decide: Callable[[CaseSummary], workflow.Change]
    ) -> CaseSummary:
        """Apply a workflow change if the case is still at `revision`; else StaleCaseError."""
        raise NotImplementedError

    def claim(self, case_id: str, actor: str, revision: str) -> CaseSummary:
        """Assign the case to `actor` and put it in review."""
        return self._change(case_id, actor, revision, lambda c: workflow.claim(c, actor))

    def assign(
        self, case_id: str, assignee: str | None, actor: str, revision: str, reason: str
    ) -> CaseSummary:
        """Give the case to `assignee` (None: nobody), keeping its status."""
        return self._change(case_id, actor, revision, lambda c: workflow.assign(c, assignee, reason))

    def transition(
        self, case_id: str, status: str, actor: str, revision: str, reason: str,
        escalated_to: str | None = None,
    ) -> CaseSummary:
        """Move the case to `status` (see netra.store.workflow)."""
        return self._change(
            case_id, actor, revision, lambda c: workflow.transition(c, status, actor, reason, escalated_to)
        )
