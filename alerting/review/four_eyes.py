"""Four eyes on escalation: while an escalation waits, whoever may confirm it judges blind.

Until a second account has decided, nobody but the reviewer who asked sees who asked or why: the
assignee, every history entry and note of theirs (their claim, confirmation and request with its
reason) are left out of the case page, the API and the queue. The target asked for (PPK or BKN)
stays: it is the question the second reviewer answers. Once decided, the case reads as before.
"""

from dataclasses import replace

from alerting.accounts.model import Account
from netra.store import workflow
from netra.store.model import Case, CaseSummary, HistoryEntry, QueuePage


def waiting_on_others(account: Account, summary: CaseSummary) -> bool:
    """The case waits for a second account's decision, and this account is not the one who asked."""
    return summary.status == workflow.ESCALATION_REQUESTED and summary.assignee != account.username


def blind_summary(account: Account, summary: CaseSummary) -> CaseSummary:
    """A queue row without the requester's name while their escalation waits for another account."""
    return replace(summary, assignee=None) if waiting_on_others(account, summary) else summary


def blind_page(account: Account, page: QueuePage) -> QueuePage:
    """A queue page with `blind_summary` rows."""
    return replace(page, items=tuple(blind_summary(account, item) for item in page.items))


def blind(account: Account, case: Case) -> Case:
    """The case without the requester's identity, reasons and notes while it waits for another account."""
    if not waiting_on_others(account, case.summary):
        return case
    requester = case.summary.assignee
    history = tuple(_unnamed(h, requester) for h in case.history if h.actor != requester)
    return replace(
        case,
        summary=blind_summary(account, case.summary),
        history=history,
        notes=tuple(n for n in case.notes if n.actor != requester),
    )


def _unnamed(entry: HistoryEntry, requester: str | None) -> HistoryEntry:
    """Someone else's entry, without the requester's name where it was the assignee (an assignment)."""
    return replace(entry, assignee=None) if entry.assignee == requester else entry
