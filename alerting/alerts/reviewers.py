"""Who is alerted for which region: a YAML file of the Bawaslu reviewers' addresses and webhooks.

regions:
  Kabupaten Kaliurang Raya: {email: [ana@bawaslu.example], webhook: https://chat.example/hook}
default: {email: [piket@bawaslu.example]}    # regions without their own entry
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from netra.domain.problems import InputError, Problem


@dataclass(frozen=True, slots=True)
class Route:
    """Where one region's alerts go."""

    emails: tuple[str, ...] = ()
    webhook: str | None = None


@dataclass(frozen=True, slots=True)
class Reviewers:
    """Routes per region, and the default for the rest."""

    regions: dict[str, Route]
    default: Route | None = None

    def route(self, region: str) -> Route | None:
        """Where alerts about `region` go (None: nobody is configured)."""
        return self.regions.get(region, self.default)


def load_reviewers(path: Path) -> Reviewers:
    """Read the reviewers file; InputError names each bad entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    problems: list[Problem] = []
    regions = {
        str(name): _route(path, str(name), entry, problems)
        for name, entry in (data.get("regions") or {}).items()
    }
    default = _route(path, "default", data["default"], problems) if data.get("default") else None
    if problems:
        raise InputError(problems)
    return Reviewers(regions, default)


def _route(path: Path, name: str, entry: object, problems: list[Problem]) -> Route:
    if not isinstance(entry, dict):
        problems.append(Problem(str(path), 0, f"{name}: expected email and/or webhook"))
        return Route()
    emails = entry.get("email") or []
    emails = [emails] if isinstance(emails, str) else emails
    webhook = entry.get("webhook")
    if not all(isinstance(e, str) and "@" in e for e in emails) or (
        webhook is not None and not str(webhook).startswith(("https://", "http://"))
    ):
        problems.append(Problem(str(path), 0, f"{name}: bad email address or webhook URL"))
    return Route(tuple(emails), str(webhook) if webhook else None)
