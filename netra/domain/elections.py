"""The election configuration YAML (CONTRACTS.md §3): races, candidate pairs and their markers."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from netra.domain.accounts import parse_account
from netra.domain.problems import InputError, Problem
from netra.domain.yaml_files import NoAliasLoader


@dataclass(frozen=True, slots=True)
class Candidate:
    """One numbered candidate pair (paslon) of one race."""

    number: int
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    slogans: tuple[str, ...] = ()
    accounts: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Election:
    """One race: a region, its voting day and its candidate pairs."""

    id: str
    region: str
    candidates: tuple[Candidate, ...]
    name: str = ""
    voting_day: date | None = None


def load_elections(path: Path) -> tuple[Election, ...]:
    """Read and validate an election file; raises InputError listing every problem found."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(source, 0, f"cannot read: {exc}")]) from None
    return parse_elections(text, source)


def parse_elections(text: str, source: str = "<elections>") -> tuple[Election, ...]:
    """Validate election YAML text; raises InputError listing every problem found."""
    loader: NoAliasLoader | None = None
    root: yaml.Node | None = None
    try:
        loader = NoAliasLoader(text)
        root = loader.get_single_node()
        if root is None:
            raise InputError([Problem(source, 1, "file is empty")])
        document = loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InputError([Problem(source, line, f"invalid YAML: {exc}")]) from None
    except ValueError as exc:  # a scalar YAML reads but Python refuses, e.g. 2024-02-30
        line = _unbuildable_line(root) if root is not None else 0
        raise InputError([Problem(source, line, f"invalid value: {exc}")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    items = document.get("elections") if isinstance(document, dict) else None
    nodes = _sequence_nodes(root, "elections")
    if not isinstance(items, list) or len(nodes) != len(items):
        raise InputError([Problem(source, 1, "top level must be a mapping with an `elections` list")])
    problems: list[Problem] = []
    elections: list[Election] = []
    seen: set[str] = set()
    for item, node in zip(items, nodes, strict=True):
        line = node.start_mark.line + 1
        election = _election(item, lambda reason, line=line: problems.append(Problem(source, line, reason)))
        if election is None:
            continue
        if election.id in seen:
            problems.append(Problem(source, line, f"election id {election.id!r} appears twice"))
        seen.add(election.id)
        elections.append(election)
    if problems:
        raise InputError(problems)
    return tuple(elections)


def _unbuildable_line(root: yaml.Node) -> int:
    """The line of the first scalar that cannot be built (a date that does not exist), or 0."""
    loader = yaml.SafeLoader("")
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except ValueError:
                return int(node.start_mark.line) + 1
        elif isinstance(node, yaml.MappingNode):
            pending.extend(value for pair in reversed(node.value) for value in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
    return 0


def _sequence_nodes(root: yaml.Node, key: str) -> list[yaml.Node]:
    """The item nodes of `key`'s list in the root mapping, for their line numbers."""
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == key and isinstance(value_node, yaml.SequenceNode):
                return list(value_node.value)
    return []


def _election(item: Any, report: Any) -> Election | None:
    if not isinstance(item, dict):
        report("each election must be a mapping")
        return None
    election_id, region = item.get("id"), item.get("region")
    if not isinstance(election_id, str) or not election_id.strip():
        report("election lacks an `id`")
        return None
    where = f"election {election_id!r}"
    if not isinstance(region, str) or not region.strip():
        report(f"{where} lacks a `region`")
        return None
    voting_day = item.get("voting_day")
    if voting_day is not None and not isinstance(voting_day, date):
        report(f"{where}: voting_day {voting_day!r} is not a date (YYYY-MM-DD)")
        return None
    raw_candidates = item.get("candidates")
    if not isinstance(raw_candidates, list) or not raw_candidates:
        report(f"{where} lacks a `candidates` list")
        return None
    candidates = [_candidate(c, where, report) for c in raw_candidates]
    if any(c is None for c in candidates):
        return None
    numbers = [c.number for c in candidates if c]
    if len(set(numbers)) != len(numbers):
        report(f"{where}: candidate numbers repeat: {numbers}")
        return None
    return Election(
        id=election_id.strip(),
        region=region.strip(),
        candidates=tuple(c for c in candidates if c),
        name=str(item.get("name") or ""),
        voting_day=voting_day,
    )


def _candidate(item: Any, where: str, report: Any) -> Candidate | None:
    if not isinstance(item, dict):
        report(f"{where}: each candidate must be a mapping")
        return None
    number = item.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number < 100:
        report(f"{where}: candidate number {number!r} is not a whole number from 1 to 99")
        return None
    where = f"{where} candidate {number}"
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("names", "aliases", "parties", "hashtags", "slogans", "accounts"):
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            report(f"{where}: `{key}` must be a list of non-empty strings")
            return None
        lists[key] = tuple(v.strip() for v in value)
    if not lists["names"]:
        report(f"{where} lacks `names`")
        return None
    accounts = tuple(parse_account(a) for a in lists["accounts"])
    if None in accounts:
        report(f"{where}: accounts {list(lists['accounts'])} are not all platform:handle")
        return None
    return Candidate(
        number=number,
        names=lists["names"],
        aliases=lists["aliases"],
        parties=lists["parties"],
        hashtags=lists["hashtags"],
        slogans=lists["slogans"],
        accounts=tuple(a for a in accounts if a),
    )
