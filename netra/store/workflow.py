"""The review workflow: which status may follow which, and what each change must carry."""

from dataclasses import dataclass

from netra.store.errors import WorkflowError
from netra.store.limits import MAX_ACTOR
from netra.store.model import CaseSummary

NEW, IN_REVIEW, CONFIRMED, DISMISSED, ESCALATED = "new", "in_review", "confirmed", "dismissed", "escalated"
# Four eyes: an escalation waits here until a second account confirms (or refuses) it.
ESCALATION_REQUESTED = "escalation_requested"
STATUSES = (NEW, IN_REVIEW, CONFIRMED, DISMISSED, ESCALATED, ESCALATION_REQUESTED)
# Escalation forwards a confirmed violation to the employee's agency (its PPK) or to BKN.
ESCALATION_TARGETS = ("agency", "bkn")
DECISIONS = (CONFIRMED, DISMISSED, ESCALATED)


@dataclass(frozen=True, slots=True)
class DismissalReason:
    """Why a case was dismissed; `rejects_match` records the (author, NIP) pair as a wrong match."""

    code: str
    label_id: str
    label_en: str
    rejects_match: bool = False


# The vocabulary the review app offers (Bahasa Indonesia first); a dismissal names one of these codes.
DISMISSAL_REASONS: tuple[DismissalReason, ...] = (
    DismissalReason("wrong_person", "Bukan orang yang sama (salah cocok NIP)",
                    "Wrong person (the match is wrong)", rejects_match=True),
    DismissalReason("not_a_violation", "Bukan pelanggaran netralitas", "Not a neutrality violation"),
    DismissalReason("duplicate", "Duplikat kasus lain", "Duplicate of another case"),
    DismissalReason("other", "Lainnya (lihat alasan)", "Other (see the reason)"),
)
DEFAULT_DISMISSAL = "other"


def dismissal_reason(code: str | None) -> DismissalReason:
    """The vocabulary entry for `code` (None: `other`); WorkflowError for an unknown code."""
    wanted = code or DEFAULT_DISMISSAL
    for reason in DISMISSAL_REASONS:
        if reason.code == wanted:
            return reason
    codes = ", ".join(r.code for r in DISMISSAL_REASONS)
    raise WorkflowError(f"dismissal reason must be one of {codes}, not {wanted[:40]!r}")

# Escalating takes two accounts: the assignee asks (escalation_requested, naming the target), and
# another account confirms (escalated) or refuses (back to in_review, with the assignee); the
# assignee may withdraw the request the same way. The assignee cannot change while it waits, so
# the assignee is always the one who asked.
TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({IN_REVIEW}),
    IN_REVIEW: frozenset({NEW, CONFIRMED, DISMISSED, ESCALATION_REQUESTED}),
    CONFIRMED: frozenset({ESCALATION_REQUESTED, IN_REVIEW}),
    DISMISSED: frozenset({IN_REVIEW}),
    ESCALATED: frozenset({IN_REVIEW}),
    ESCALATION_REQUESTED: frozenset({ESCALATED, IN_REVIEW}),
}
# The history action of each four-eyes step (other status changes are "transition").
REQUEST_ESCALATION, CONFIRM_ESCALATION = "request_escalation", "confirm_escalation"
REFUSE_ESCALATION, WITHDRAW_ESCALATION = "refuse_escalation", "withdraw_escalation"


def check_transition(
    current: str, target: str, actor: str, assignee: str | None, reason: str, escalated_to: str | None
) -> None:
    """Raise WorkflowError unless `actor` may move a case from `current` to `target` now."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise WorkflowError(f"a {current} case cannot become {target}")
    if current == ESCALATION_REQUESTED:
        if target == ESCALATED and actor == assignee:
            raise WorkflowError("four eyes: who asked for the escalation cannot confirm it; another"
                                " reviewer must")
    elif target in (*DECISIONS, ESCALATION_REQUESTED) and assignee != actor:
        raise WorkflowError(f"only the assignee ({assignee or 'nobody'}) may decide; claim the case first")
    if (target != IN_REVIEW or current == ESCALATION_REQUESTED) and not reason.strip():
        raise WorkflowError(f"moving a case to {target} needs a reason")
    if (target == ESCALATION_REQUESTED) != (escalated_to is not None):
        raise WorkflowError("asking for an escalation, and only that, names a target (agency or bkn);"
                            " the second reviewer confirms the target asked for")
    if escalated_to is not None and escalated_to not in ESCALATION_TARGETS:
        raise WorkflowError(f"escalation target must be one of {', '.join(ESCALATION_TARGETS)}")


def check_claim(status: str, assignee: str | None, actor: str) -> None:
    """Raise WorkflowError unless `actor` may claim a case in this state."""
    if status not in (NEW, IN_REVIEW):
        raise WorkflowError(f"a {status} case cannot be claimed; reopen it first")
    if assignee not in (None, actor):
        raise WorkflowError(f"the case is assigned to {assignee}; ask a lead to reassign it")


def check_actor(actor: str) -> str:
    """The actor's name, stripped; every change and every read of personal data names one."""
    name = actor.strip()
    if not name:
        raise WorkflowError("an actor (reviewer name) is required")
    if len(name) > MAX_ACTOR:
        raise WorkflowError(f"an actor name has at most {MAX_ACTOR} characters")
    return name


@dataclass(frozen=True, slots=True)
class Change:
    """What a workflow step sets on a case, and why; adapters write it with the history entry."""

    action: str
    status: str
    assignee: str | None
    escalated_to: str | None
    reason: str
    reason_code: str | None = None


def claim(current: CaseSummary, actor: str) -> Change:
    """The actor takes the case into review."""
    check_claim(current.status, current.assignee, actor)
    return Change("claim", IN_REVIEW, actor, None, "claimed")


def assign(current: CaseSummary, assignee: str | None, reason: str) -> Change:
    """A lead gives the case to someone (None: back to the pool), keeping its status."""
    if current.status not in (NEW, IN_REVIEW):
        raise WorkflowError(f"a {current.status} case cannot be reassigned; reopen it first")
    name = assignee.strip() if assignee else None
    return Change("assign", current.status, name or None, current.escalated_to, reason)


def transition(
    current: CaseSummary, status: str, actor: str, reason: str, escalated_to: str | None,
    dismissal: str | None = None,
) -> Change:
    """Move to `status`; back to new releases the assignee, reopening clears an escalation.

    A dismissal names a code of DISMISSAL_REASONS (`other` when none is given); no other step does.
    """
    check_transition(current.status, status, actor, current.assignee, reason, escalated_to)
    if status != DISMISSED and dismissal is not None:
        raise WorkflowError("only a dismissal names a dismissal reason")
    code = dismissal_reason(dismissal).code if status == DISMISSED else None
    assignee = None if status == NEW else (current.assignee or actor)
    if current.status == ESCALATION_REQUESTED:
        return second_eyes(current, status, actor, reason)
    action = REQUEST_ESCALATION if status == ESCALATION_REQUESTED else "transition"
    return Change(action, status, assignee, escalated_to, reason, code)


def second_eyes(current: CaseSummary, status: str, actor: str, reason: str) -> Change:
    """The step after a request: confirmed (to the target asked for) or refused by another account,
    or withdrawn by the one who asked; the case stays with them."""
    if status == ESCALATED:
        return Change(CONFIRM_ESCALATION, ESCALATED, current.assignee, current.escalated_to, reason)
    action = WITHDRAW_ESCALATION if actor == current.assignee else REFUSE_ESCALATION
    return Change(action, IN_REVIEW, current.assignee, None, reason)
