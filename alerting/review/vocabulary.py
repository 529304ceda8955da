"""Words the code hands to templates untranslated (refusal messages; roles, statuses, categories,
history actions and dismissal reasons stored as codes), marked for the gettext catalogues: they are
translated when shown, in the reader's language. A test keeps the list of codes complete."""


def N_(message: str) -> str:
    """Mark a message or code for extraction into the catalogues; it is translated where it is shown."""
    return message


TERMS = (
    N_("admin"),
    N_("supervisor"),
    N_("reviewer"),
    N_("agency"),
    N_("new"),
    N_("in_review"),
    N_("confirmed"),
    N_("dismissed"),
    N_("escalated"),
    N_("endorsement"),
    N_("hate_speech"),
    N_("money_politics"),
    N_("intimidation"),
    N_("disinformation"),
    N_("claim"),
    N_("assign"),
    N_("transition"),
    N_("wrong_person"),
    N_("not_a_violation"),
    N_("duplicate"),
    N_("other"),
    N_("for"),
    N_("against"),
    N_("group"),
    N_("individual"),
    N_("religion"),
    N_("race_ethnicity"),
    N_("gender"),
    N_("disability"),
    N_("escalation_requested"),
    N_("request_escalation"),
    N_("confirm_escalation"),
    N_("refuse_escalation"),
    N_("withdraw_escalation"),
)
