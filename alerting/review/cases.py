"""Reading cases on behalf of an account: scope enforced, out of scope answered as missing (404)."""

from typing import Any

import msgspec
from starlette.exceptions import HTTPException
from starlette.requests import Request

from alerting.accounts.model import AGENCY, Account
from alerting.review.access import in_scope, mask_nip
from alerting.review.deps import deps
from alerting.review.four_eyes import blind
from alerting.review.vocabulary import N_
from netra.store.model import Case, CaseSummary


def load_case(request: Request, account: Account) -> Case:
    """The case named in the URL if the account may read it (blind to a waiting escalation's requester
    unless it is theirs); 404 otherwise (the refusal is logged)."""
    found = deps(request)
    case_id = request.path_params["case_id"]
    case = found.store.case(case_id, account.username)
    if case is None or not in_scope(account, case.summary, found.regions):
        if case is not None:
            found.accounts.log(account.username, "refused_out_of_scope", case_id=case_id)
        raise HTTPException(404, N_("no such case"))
    return blind(account, case)


def listed(summary: CaseSummary) -> dict[str, Any]:
    """A queue row for the API: the NIP masked (it encodes birth date and sex)."""
    row: dict[str, Any] = msgspec.to_builtins(summary)
    row["nip"] = mask_nip(summary.nip)
    return row


def case_json(account: Account, case: Case) -> dict[str, Any]:
    """A case for the API: never the platform's `raw` payload; an agency gets only what it acts on."""
    body: dict[str, Any] = msgspec.to_builtins(case)
    for snapshot in body["snapshots"]:
        snapshot["post"].pop("raw", None)
        if account.role == AGENCY:
            for hidden in ("bio", "location"):
                snapshot["post"]["author"].pop(hidden, None)
            if snapshot["decision"].get("asn_match"):
                snapshot["decision"]["asn_match"].pop("reasons", None)
    if account.role == AGENCY:
        body["notes"] = []
        body["summary"]["assignee"] = None
        for entry in body["history"]:
            entry["actor"] = "Bawaslu"
    return body
