"""An account of the review app: its role and the one region or agency its scope names."""

import re
from dataclasses import dataclass

ADMIN, SUPERVISOR, REVIEWER, AGENCY = "admin", "supervisor", "reviewer", "agency"
ROLES = (ADMIN, SUPERVISOR, REVIEWER, AGENCY)
NATIONAL = "national"
# Usernames become audit actors: no ':' so nobody can pose as `system:indexer`.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True, slots=True)
class Account:
    """One login. `scope`: a `wilayah` or `national` (Bawaslu roles), an `instansi` (agency role)."""

    username: str
    full_name: str
    role: str
    scope: str
    disabled: bool = False

    @property
    def national(self) -> bool:
        """Sees every region (admins, and Bawaslu accounts scoped to the whole country)."""
        return self.role == ADMIN or (self.role != AGENCY and self.scope == NATIONAL)


def checked(username: str, full_name: str, role: str, scope: str) -> Account:
    """A valid new account, or AccountError naming what is wrong."""
    if not USERNAME.fullmatch(username):
        raise AccountError(
            "username: 2-40 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
        )
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    scope = NATIONAL if role == ADMIN else scope.strip()
    if not scope or len(scope) > 200:
        raise AccountError("scope: a wilayah or 'national' (Bawaslu roles), an instansi (agency role)")
    if role == AGENCY and scope == NATIONAL:
        raise AccountError("an agency account is scoped to one instansi, not the whole country")
    if not full_name.strip() or len(full_name) > 200:
        raise AccountError("full name: 1-200 characters")
    return Account(username, full_name.strip(), role, scope)
