"""Watch lists from data: the election file's names, aliases, hashtags and slogans become search
terms, its candidates' accounts get their reactions collected, and the registry's `akun_medsos`
accounts become timelines to follow. Re-read when a file changes, without a restart."""

import asyncio
import csv
import logging
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from netra.domain.elections import load_elections
from netra.domain.problems import InputError, Problem
from netra.domain.registry import parse_accounts

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WatchList:
    """What the sources look for; `version` changes whenever the content does."""

    terms: tuple[str, ...] = ()  # names, aliases, slogans: phrases to search for
    hashtags: tuple[str, ...] = ()  # without the leading #
    accounts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # platform -> handles (registry)
    candidates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # platform -> official handles

    def follow(self, platform: str) -> tuple[str, ...]:
        """Handles on `platform` to follow: ASN accounts from the registry and candidates' accounts."""
        return tuple(dict.fromkeys(self.accounts.get(platform, ()) + self.candidates.get(platform, ())))


def read_watch_list(elections: Path | None, registry: Path | None) -> WatchList:
    """Build the watch list; InputError when the election file is unusable."""
    terms: list[str] = []
    hashtags: list[str] = []
    candidates: dict[str, list[str]] = defaultdict(list)
    for election in load_elections(elections) if elections else ():
        for candidate in election.candidates:
            terms += [*candidate.names, *candidate.aliases, *candidate.slogans]
            hashtags += [tag.lstrip("#") for tag in candidate.hashtags]
            for platform, handle in candidate.accounts:
                candidates[platform].append(handle)
    accounts = _registry_accounts(registry) if registry else {}
    return WatchList(
        tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(hashtags)),
        {p: tuple(dict.fromkeys(h)) for p, h in accounts.items()},
        {p: tuple(dict.fromkeys(h)) for p, h in candidates.items()},
    )


def _registry_accounts(path: Path) -> dict[str, list[str]]:
    """platform -> handles listed in `akun_medsos` (one pass, only that column kept)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    accounts: dict[str, list[str]] = defaultdict(list)
    try:
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as rows:
            for row in csv.DictReader(rows):
                for platform, handle in parse_accounts(row.get("akun_medsos") or "")[0]:
                    accounts[platform].append(handle)
    except OSError as exc:
        raise InputError([Problem(str(path), 0, f"cannot read: {exc}")]) from None
    return accounts


class WatchFiles:
    """The current watch list, re-read when the election or registry file changes (by size and
    modification time, checked whenever a source asks); a bad update keeps the old list. Reading
    runs in a thread (a registry has millions of rows), once for all the sources that ask."""

    def __init__(self, elections: Path | None, registry: Path | None) -> None:
        self._paths = (elections, registry)
        self._stamp: tuple[tuple[int, int] | None, ...] | None = None
        self._list = WatchList()
        self._reading = asyncio.Lock()

    async def current(self) -> WatchList:
        """The watch list as of the files now on disk; InputError if the first read fails."""
        async with self._reading:
            stamp = self._stat()
            if stamp == self._stamp:
                return self._list
            first = self._stamp is None
            self._stamp = stamp
            try:
                self._list = await asyncio.to_thread(read_watch_list, *self._paths)
            except InputError as exc:
                if first:
                    raise
                log.error("watch list files changed but cannot be read; keeping the old list: %s", exc)
            else:
                log.info("watch list %s: %d terms, %d hashtags, %d accounts", "read" if first else "reloaded",
                         len(self._list.terms), len(self._list.hashtags),
                         sum(len(h) for h in self._list.accounts.values()))
            return self._list

    def _stat(self) -> tuple[tuple[int, int] | None, ...]:
        stamps: list[tuple[int, int] | None] = []
        for path in self._paths:
            try:
                info = path.stat() if path else None
            except OSError:
                info = None
            stamps.append((info.st_size, info.st_mtime_ns) if info else None)
        return tuple(stamps)
