"""The collectors' YAML file decoded into typed settings; every problem names its file and line.

Format: docs/collectors.md. Credentials are never written in this file: a `token` says where to
find one, `env:NAME` (an environment variable) or `secret:NAME` (a key of the secrets file).
"""

import os
import re
from pathlib import Path
from typing import Any

import msgspec
import yaml

from netra.domain.problems import InputError, Problem


class Budget(msgspec.Struct, forbid_unknown_fields=True):
    """At most `requests` HTTP requests per `per_seconds`, so one source cannot starve the others."""

    requests: int = 300
    per_seconds: float = 900.0


class Politeness(msgspec.Struct, forbid_unknown_fields=True):
    """Retries and waits of one source's HTTP requests."""

    attempts: int = 5  # tries of one request on 5xx / time-out before the round gives up
    first_backoff: float = 1.0  # seconds; doubles per failure, with full jitter
    longest_wait: float = 900.0  # cap of any back-off or Retry-After / reset wait
    timeout: float = 30.0  # seconds per request


class Common(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Settings every source has."""

    name: str
    poll_seconds: float = 60.0
    once: bool = False  # one round, then stop (imports, tests)
    budget: Budget = msgspec.field(default_factory=Budget)
    politeness: Politeness = msgspec.field(default_factory=Politeness)


class MastodonConfig(Common, tag="mastodon", tag_field="kind"):
    """A Mastodon instance: timelines, account statuses, the streaming API, reactions."""

    base_url: str
    token: str | None = None
    timelines: list[str] = []  # "public", "local", "tag:<hashtag>"
    accounts: list[str] = []  # "user" or "user@domain"
    watch: bool = True  # add the election file's hashtags and the registry's mastodon accounts
    streaming: bool = False  # follow /api/v1/streaming instead of polling the timelines
    reactions: bool = False  # favourited_by / reblogged_by of the candidates' posts
    page_size: int = 40


class XConfig(Common, tag="x", tag_field="kind"):
    """X API v2: recent search by rules from the election file, user timelines, reactions."""

    token: str
    base_url: str = "https://api.x.com"
    queries: list[str] = []
    accounts: list[str] = []
    watch: bool = True
    reactions: bool = False
    max_query_length: int = 512
    page_size: int = 100


class BlueskyConfig(Common, tag="bluesky", tag_field="kind"):
    """Bluesky through the public AppView: author feeds, search, likes and reposts."""

    base_url: str = "https://public.api.bsky.app"
    queries: list[str] = []
    accounts: list[str] = []
    watch: bool = True
    reactions: bool = False
    page_size: int = 100
    max_pages: int = 10


class JetstreamConfig(Common, tag="jetstream", tag_field="kind"):
    """Bluesky's Jetstream firehose, kept to watched accounts and posts that name a watched term."""

    url: str = "wss://jetstream2.us-east.bsky.network/subscribe"
    appview: str = "https://public.api.bsky.app"  # resolves watched handles to DIDs
    accounts: list[str] = []  # DIDs or handles
    watch: bool = True
    batch_size: int = 100
    batch_seconds: float = 2.0


class YoutubeConfig(Common, tag="youtube", tag_field="kind"):
    """YouTube Data API v3: video search and the comment threads of those videos and channels."""

    token: str
    base_url: str = "https://www.googleapis.com/youtube/v3"
    queries: list[str] = []
    channels: list[str] = []
    watch: bool = True
    comments: bool = True
    max_pages: int = 2


class FeedConfig(Common, tag="feed", tag_field="kind"):
    """RSS or Atom news feeds."""

    urls: list[str]


class FileConfig(Common, tag="file", tag_field="kind"):
    """A JSONL file of posts already in the contract format (the demo, a platform export)."""

    path: str
    batch_size: int = 100


class ImportConfig(Common, tag="import", tag_field="kind"):
    """An export of another tool (CSV or JSON/JSONL) mapped to posts by declared columns."""

    path: str
    platform: str
    format: str = "csv"  # csv | jsonl | json
    columns: dict[str, str] = {}  # post field (dotted) -> column (dotted for JSON)
    records: str = ""  # JSON: dotted path of the record list inside the document
    batch_size: int = 500


class WebhookConfig(Common, tag="webhook", tag_field="kind"):
    """An HTTP endpoint accepting pushed posts signed with HMAC-SHA256."""

    secret: str
    host: str = "127.0.0.1"
    port: int = 8091
    max_body_bytes: int = 10 * 1024 * 1024


SourceConfig = (
    MastodonConfig | XConfig | BlueskyConfig | JetstreamConfig | YoutubeConfig | FeedConfig
    | FileConfig | ImportConfig | WebhookConfig
)


class WatchFiles(msgspec.Struct, forbid_unknown_fields=True):
    """The data the watch list comes from; re-read when either file changes."""

    elections: str | None = None
    registry: str | None = None


class CollectorsConfig(msgspec.Struct, forbid_unknown_fields=True):
    """The whole file."""

    sources: list[SourceConfig]
    watch: WatchFiles = msgspec.field(default_factory=WatchFiles)
    secrets_file: str | None = None
    state_dir: str = "var/netra/collectors"  # per-source files (reactions handed on)
    metrics_port: int = 0
    user_agent: str = "Netra/0.1 (election-neutrality monitoring; Bawaslu)"


_CREDENTIAL = re.compile(r"(env|secret):([A-Za-z_][A-Za-z0-9_.-]*)")
_CREDENTIAL_FIELDS = ("token", "secret")


def load_config(path: Path) -> CollectorsConfig:
    """Read, validate and resolve the file (paths relative to it); InputError lists every problem."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(source, 0, f"cannot read: {exc}")]) from None
    root, document = _parse(text, source)
    try:
        config = msgspec.convert(document, CollectorsConfig)
    except msgspec.ValidationError as exc:
        raise InputError([Problem(source, _line_of(root, str(exc)), str(exc))]) from None
    problems = _check(config, root, source)
    if problems:
        raise InputError(problems)
    return _resolved(config, path.parent)


def credential(reference: str, config: CollectorsConfig) -> str:
    """The value a `env:NAME` / `secret:NAME` reference points to; InputError if it is missing."""
    found = _CREDENTIAL.fullmatch(reference)
    if found is None:
        raise InputError([Problem("credentials", 0, "a credential must be env:NAME or secret:NAME")])
    where, name = found.groups()
    value = os.environ.get(name) if where == "env" else _secrets(config.secrets_file).get(name)
    if not value:
        raise InputError([Problem(where, 0, f"credential {reference} is not set")])
    return str(value)


def _secrets(path: str | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError([Problem(path, 0, f"cannot read secrets: {exc}")]) from None
    if not isinstance(document, dict):
        raise InputError([Problem(path, 1, "the secrets file must map names to values")])
    return document


def _parse(text: str, source: str) -> tuple[yaml.Node, Any]:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InputError([Problem(source, 1, "file is empty")])
        return root, loader.construct_document(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError([Problem(source, mark.line + 1 if mark else 0, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _line_of(root: yaml.Node, message: str) -> int:
    """The line of the node a msgspec error path (`... - at `$.sources[0].name``) points to."""
    found = re.search(r"at `\$((?:\.[^.\[`]+|\[\d+\])*)`", message)
    node = root
    steps = re.findall(r"\.([^.\[`]+)|\[(\d+)\]", found.group(1)) if found else []
    unknown = re.search(r"unknown field `([^`]+)`", message)
    for step in steps + ([(unknown.group(1), "")] if unknown else []):
        child = _child(node, step)
        if child is None:
            break
        node = child
    return node.start_mark.line + 1


def _child(node: yaml.Node, step: tuple[str, str]) -> yaml.Node | None:
    key, index = step
    if index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
        return node.value[int(index)]  # type: ignore[no-any-return]
    if key and isinstance(node, yaml.MappingNode):
        return next((value for k, value in node.value if k.value == key), None)
    return None


def _check(config: CollectorsConfig, root: yaml.Node, source: str) -> list[Problem]:
    """What msgspec's types cannot say: unique names, credentials as references only."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, spec in enumerate(config.sources):
        line = _line_of(root, f"at `$.sources[{index}]`")
        if not spec.name.strip() or spec.name in seen:
            problems.append(Problem(source, line, f"source name {spec.name!r} is empty or used twice"))
        seen.add(spec.name)
        for field in _CREDENTIAL_FIELDS:
            value = getattr(spec, field, None)
            if value is not None and not _CREDENTIAL.fullmatch(value):
                problems.append(Problem(
                    source, _line_of(root, f"at `$.sources[{index}].{field}`"),
                    f"`{field}` must be env:NAME or secret:NAME: credentials never go in this file",
                ))
    return problems


def _resolved(config: CollectorsConfig, base: Path) -> CollectorsConfig:
    """Relative paths are relative to the configuration file."""

    def at(path: str | None) -> str | None:
        return None if path is None else str(base / Path(path).expanduser())

    sources = [
        msgspec.structs.replace(s, path=at(s.path)) if isinstance(s, FileConfig | ImportConfig) else s
        for s in config.sources
    ]
    return msgspec.structs.replace(
        config,
        sources=sources,
        watch=WatchFiles(at(config.watch.elections), at(config.watch.registry)),
        secrets_file=at(config.secrets_file),
        state_dir=str(at(config.state_dir)),
    )
