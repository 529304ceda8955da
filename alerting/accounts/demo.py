"""Demo accounts for the embedded run: one per role, made on first start, passwords printed once."""

from typing import TextIO

from alerting.accounts.model import ADMIN, AGENCY, NATIONAL, REVIEWER, SUPERVISOR, Account
from alerting.accounts.passwords import hash_password, new_password
from alerting.accounts.repository import AccountRepository

# Scopes match the bundled demo registry (netra/demo/registry.csv).
DEMO_ACCOUNTS = (
    Account("admin", "Admin Netra", ADMIN, NATIONAL),
    Account("supervisor", "Supervisor Bawaslu RI", SUPERVISOR, NATIONAL),
    Account("reviewer", "Peninjau Bawaslu Kab. Kaliurang Raya", REVIEWER, "Kabupaten Kaliurang Raya"),
    Account("agency", "Petugas Pemkab Kaliurang Raya", AGENCY, "Pemerintah Kabupaten Kaliurang Raya"),
    # a province's reviewer reads its kabupaten and kota (netra/demo/regions.json)
    Account("provinsi", "Peninjau Bawaslu Prov. Sulawesi Barat Daya", REVIEWER,
            "Provinsi Sulawesi Barat Daya"),
)


def ensure_demo_accounts(repository: AccountRepository, out: TextIO) -> None:
    """Create the demo accounts that are missing and print their passwords (stored only as hashes)."""
    made = []
    for account in DEMO_ACCOUNTS:
        if repository.get(account.username) is None:
            password = new_password()
            repository.add(account, hash_password(password))
            repository.log("system:demo", "users_add", username=account.username)
            made.append(f"  {account.username:<11} {password}   ({account.role}, {account.scope})")
    if made:
        print("Demo accounts for the review page (passwords shown this once, stored hashed):", file=out)
        print("\n".join(made), file=out)
