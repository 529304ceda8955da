"""What each role may see and do: scope of the queue, of one case, and of each review action.

Checked on the server for every request; a case outside the account's scope is answered as
missing (404), so its existence is not revealed.
"""

from dataclasses import replace

from alerting.accounts.model import ADMIN, AGENCY, SUPERVISOR, Account
from netra.domain.regions import Regions
from netra.store import workflow
from netra.store.model import CaseSummary, QueueQuery

# An agency officer acts on decided cases about their own staff, never on open ones.
AGENCY_STATUSES = (workflow.CONFIRMED, workflow.ESCALATED)
REVIEWING = ("claim", "transition", "note", "claim_next", "bulk_dismiss")
SUPERVISING = ("assign", "reopen", "bulk_assign")


def scoped_query(account: Account, query: QueueQuery, regions: Regions) -> QueueQuery | None:
    """The query narrowed to the account's scope (a province: with its kabupaten/kota); None when
    what it asks for is all outside it."""
    if account.role == AGENCY:
        status = query.status or workflow.CONFIRMED
        if status not in AGENCY_STATUSES or query.instansi not in (None, account.scope):
            return None
        return replace(query, status=status, instansi=account.scope)
    if account.national:
        return query
    covered = regions.covered(account.scope)
    if query.wilayah is not None:
        return replace(query, wilayah_in=covered) if query.wilayah in covered else None
    if len(covered) == 1:
        return replace(query, wilayah=account.scope)
    return replace(query, wilayah_in=covered)


def in_scope(account: Account, case: CaseSummary, regions: Regions) -> bool:
    """The account may read this case."""
    if account.role == AGENCY:
        return case.instansi == account.scope and case.status in AGENCY_STATUSES
    return account.national or case.wilayah in regions.covered(account.scope)


def may(account: Account, action: str) -> bool:
    """The role allows this kind of action (scope is checked separately, per case)."""
    if account.role == AGENCY:
        return False
    if action in SUPERVISING:
        return account.role in (ADMIN, SUPERVISOR)
    return action in REVIEWING


def mask_nip(nip: str | None) -> str:
    """A NIP for lists: only the serial shows (the rest encodes birth date and sex)."""
    if not nip:
        return ""
    return "•" * max(len(nip) - 3, 0) + nip[-3:]
