"""Open a case store from a URL: SQLite for a path, Elasticsearch for http(s)."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from elasticsearch import Elasticsearch

from netra.store.base import CaseStore
from netra.store.elasticsearch import ElasticsearchCaseStore
from netra.store.sqlite import SqliteCaseStore


def open_store(url: str) -> CaseStore:
    """`sqlite:///var/cases.sqlite` or a plain path; `http(s)://host:port[?prefix=netra&replicas=1]`."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        client = Elasticsearch(f"{parts.scheme}://{parts.netloc}{parts.path}", request_timeout=30)
        return ElasticsearchCaseStore(
            client, prefix=options.get("prefix", "netra"), replicas=int(options.get("replicas", "0"))
        )
    if parts.scheme == "sqlite":
        return SqliteCaseStore(Path(url.removeprefix("sqlite://")))
    if parts.scheme in ("", "file") or len(parts.scheme) == 1:
        return SqliteCaseStore(Path(url.removeprefix("file://")))
    raise ValueError(f"no case store for {url!r}: use a path, sqlite:///path or http(s)://host:port")
