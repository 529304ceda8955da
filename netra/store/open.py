"""Open a case store from a URL: SQLite for a path, Elasticsearch or OpenSearch over http(s)."""

import os
from pathlib import Path
from urllib.parse import SplitResult, parse_qs, urlsplit

from netra.store.base import CaseStore
from netra.store.errors import StoreError

BACKENDS = ("elasticsearch", "opensearch")


def search_auth(parts: SplitResult) -> tuple[str, str] | None:
    """The search engine user from the environment when the URL names none: NETRA_ES_USERNAME and
    the file NETRA_ES_PASSWORD_FILE (a secret file: no password in a URL or a command line)."""
    username, password_file = os.environ.get("NETRA_ES_USERNAME"), os.environ.get("NETRA_ES_PASSWORD_FILE")
    if parts.username or not (username and password_file):
        return None
    try:
        return username, Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise StoreError(f"cannot read NETRA_ES_PASSWORD_FILE: {exc.strerror}") from None


def open_store(url: str, create: bool = False) -> CaseStore:
    """Open the store at `url`; `create=True` makes a new SQLite file (never made by a mistyped path).

    `sqlite:///var/cases.sqlite` or a plain path; `http(s)://[user:password@]host:port[?prefix=netra&replicas=1]`
    for Elasticsearch, with `backend=opensearch` (or the scheme `opensearch+https://`) for OpenSearch.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    backend = "elasticsearch"
    if scheme.startswith("opensearch+"):
        backend, scheme = "opensearch", scheme.removeprefix("opensearch+")
    if scheme in ("http", "https"):
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        backend = options.get("backend", backend)
        if backend not in BACKENDS:
            raise StoreError(f"backend must be one of {', '.join(BACKENDS)}, not {backend[:40]!r}")
        try:
            replicas = int(options.get("replicas", "0"))
        except ValueError:
            raise StoreError(f"replicas must be a number in {redact(url)}") from None
        node, auth = f"{scheme}://{parts.netloc}{parts.path}", search_auth(parts)
        prefix = options.get("prefix", "netra")
        try:
            if backend == "opensearch":
                from netra.store.opensearch import OpenSearchCaseStore

                return OpenSearchCaseStore.connect(node, prefix=prefix, replicas=replicas, auth=auth)
            from netra.store.elasticsearch import ElasticsearchCaseStore

            return ElasticsearchCaseStore.connect(node, prefix=prefix, replicas=replicas, auth=auth)
        except ValueError:  # the clients' own messages would repeat the URL, password included
            raise StoreError(f"cannot use {redact(url)!r} as a store URL (host, port?)") from None
    from netra.store.sqlite import SqliteCaseStore

    if scheme == "sqlite":
        return SqliteCaseStore(Path(url.removeprefix("sqlite://")), create=create)
    if scheme in ("", "file") or len(scheme) == 1:
        return SqliteCaseStore(Path(url.removeprefix("file://")), create=create)
    raise StoreError(f"no case store for {redact(url)!r}: use a path, sqlite:///path or http(s)://host:port")


def redact(url: str) -> str:
    """The URL with any password replaced by `***` (for messages and logs)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return parts._replace(netloc=f"{user}:***@{hostport}").geturl()
