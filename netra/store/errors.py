"""What a case store refuses, as exceptions the review app turns into clear pages."""


class StoreError(Exception):
    """Base of every refusal by a case store."""


class CaseNotFound(StoreError):
    """No case has this id."""

    def __init__(self, case_id: str) -> None:
        super().__init__(f"no case {case_id!r}")
        self.case_id = case_id


class StaleCaseError(StoreError):
    """The case changed since the caller read it; the update was refused, nothing was written."""

    def __init__(self, case_id: str, expected: str, actual: str) -> None:
        super().__init__(
            f"case {case_id!r} changed since it was read (revision {expected}, now {actual});"
            " reload it and decide again"
        )
        self.case_id, self.expected, self.actual = case_id, expected, actual


class WorkflowError(StoreError):
    """A change the review workflow does not allow (wrong status, missing reason, not assigned)."""
