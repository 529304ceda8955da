"""Who receives an agency's digest: `email_instansi` from the registry, or an agency contacts file.

The contacts file (YAML) maps an agency's name, exactly as in the registry's `instansi`, to one
address or a list; it replaces the registry's addresses for the agencies it names.
"""

from pathlib import Path

import yaml

from netra.domain.problems import InputError, Problem
from netra.domain.registry import iter_registry


def from_registry(path: Path) -> dict[str, tuple[str, ...]]:
    """Agency → the distinct `email_instansi` addresses of its staff's rows (may be several units)."""
    found: dict[str, set[str]] = {}
    for entry in iter_registry(path, []):
        for address in entry.email_instansi.replace(";", ",").split(","):
            if entry.instansi and "@" in address:
                found.setdefault(entry.instansi, set()).add(address.strip())
    return {agency: tuple(sorted(addresses)) for agency, addresses in found.items()}


def from_contacts(path: Path) -> dict[str, tuple[str, ...]]:
    """Agency → addresses from the contacts YAML; InputError names the bad entries."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), 0, "expected a mapping of agency to addresses")])
    contacts: dict[str, tuple[str, ...]] = {}
    problems = []
    for agency, value in data.items():
        addresses = [value] if isinstance(value, str) else value
        if not isinstance(addresses, list) or not all(isinstance(a, str) and "@" in a for a in addresses):
            problems.append(Problem(str(path), 0, f"{agency!r}: expected an address or a list of addresses"))
            continue
        contacts[str(agency)] = tuple(a.strip() for a in addresses)
    if problems:
        raise InputError(problems)
    return contacts


def recipients(registry: Path | None, contacts: Path | None) -> dict[str, tuple[str, ...]]:
    """The registry's addresses, overridden per agency by the contacts file."""
    found = from_registry(registry) if registry else {}
    return {**found, **(from_contacts(contacts) if contacts else {})}
