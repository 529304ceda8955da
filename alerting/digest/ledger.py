"""The delivery ledger: what was about to be sent, and what was sent, so a rerun neither repeats nor skips.

A digest is identified by (agency, slot): the agency's name and the schedule slot it belongs to
(`2026-11-30` for a daily run). `begin` records the exact message before the SMTP call; `finish`
marks it sent after the server accepted it. A run that finds a digest begun but not finished
(a crash in between) sends the stored bytes again, with the same Message-ID, instead of
composing a new one: the recipient gets the same message, never a second different one.
"""

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from netra.bus.sqlite import connect

PENDING, SENT = "pending", "sent"


class AlreadyBegun(Exception):
    """This agency's digest for this slot was begun before (by this or another run)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """One digest in the ledger: its message, the cases (case_id/status) it reports, its state."""

    agency: str
    slot: str
    recipients: tuple[str, ...]
    message: bytes
    items: tuple[str, ...]
    state: str
    begun_at: str
    sent_at: str | None = None


class DeliveryLedger(Protocol):
    """Durable record of digest deliveries (SQLite here; the store seam may host it later)."""

    def get(self, agency: str, slot: str) -> Delivery | None:
        """The delivery of this agency's digest for this slot, if it was begun."""
        ...

    def reported(self, agency: str) -> set[str]:
        """Every `case_id/status` item already put in a begun or sent digest of this agency."""
        ...

    def begin(self, delivery: Delivery) -> None:
        """Record the message about to be sent (state pending), durably, before sending;
        AlreadyBegun if this (agency, slot) was begun before."""
        ...

    def finish(self, agency: str, slot: str) -> None:
        """Mark the delivery sent, durably, once the mail server accepted it."""
        ...

    def prune(self, older_than: timedelta) -> int:
        """Drop sent deliveries older than this (they hold personal data); how many were dropped."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


SCHEMA = """
CREATE TABLE IF NOT EXISTS digest_delivery (
    agency TEXT NOT NULL, slot TEXT NOT NULL, recipients TEXT NOT NULL, message BLOB NOT NULL,
    state TEXT NOT NULL, begun_at TEXT NOT NULL, sent_at TEXT, PRIMARY KEY (agency, slot));
CREATE TABLE IF NOT EXISTS digest_item (
    agency TEXT NOT NULL, item TEXT NOT NULL, slot TEXT NOT NULL, PRIMARY KEY (agency, item));
"""


class SqliteDeliveryLedger:
    """The ledger in one SQLite file (created private: it holds the messages, personal data)."""

    def __init__(self, path: Path) -> None:
        self._db = private_connection(path)
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def get(self, agency: str, slot: str) -> Delivery | None:
        with self._lock:
            row = self._db.execute(
                "SELECT recipients, message, state, begun_at, sent_at FROM digest_delivery"
                " WHERE agency = ? AND slot = ?",
                (agency, slot),
            ).fetchone()
            if row is None:
                return None
            items = self._db.execute(
                "SELECT item FROM digest_item WHERE agency = ? AND slot = ? ORDER BY item", (agency, slot)
            ).fetchall()
        return Delivery(
            agency,
            slot,
            tuple(row[0].split("\n")),
            row[1],
            tuple(i for (i,) in items),
            row[2],
            row[3],
            row[4],
        )

    def reported(self, agency: str) -> set[str]:
        with self._lock:
            return {
                item
                for (item,) in self._db.execute("SELECT item FROM digest_item WHERE agency = ?", (agency,))
            }

    def begin(self, delivery: Delivery) -> None:
        try:
            with self._lock, transaction(self._db):
                self._db.execute(
                    "INSERT INTO digest_delivery VALUES (?, ?, ?, ?, ?, ?, NULL)",
                    (
                        delivery.agency,
                        delivery.slot,
                        "\n".join(delivery.recipients),
                        delivery.message,
                        PENDING,
                        delivery.begun_at,
                    ),
                )
                self._db.executemany(
                    "INSERT INTO digest_item VALUES (?, ?, ?)",
                    _rows(delivery.agency, delivery.items, delivery.slot),
                )
        except sqlite3.IntegrityError as exc:
            raise AlreadyBegun(f"{delivery.agency} / {delivery.slot}") from exc

    def finish(self, agency: str, slot: str) -> None:
        with self._lock, transaction(self._db):
            self._db.execute(
                "UPDATE digest_delivery SET state = ?, sent_at = ? WHERE agency = ? AND slot = ?",
                (SENT, datetime.now(UTC).isoformat(), agency, slot),
            )

    def prune(self, older_than: timedelta) -> int:
        cutoff = (datetime.now(UTC) - older_than).isoformat()
        with self._lock, transaction(self._db):
            gone = self._db.execute(
                "DELETE FROM digest_delivery WHERE state = ? AND sent_at < ?", (SENT, cutoff)
            ).rowcount
        return int(gone)

    def close(self) -> None:
        self._db.close()


def _rows(agency: str, items: Iterable[str], slot: str) -> list[tuple[str, str, str]]:
    return [(agency, item, slot) for item in items]


def private_connection(path: Path) -> sqlite3.Connection:
    """The bus's durable SQLite set-up on a file only this user may read (it holds personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    os.chmod(path, 0o600)
    return connect(path)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (the connection is in autocommit mode)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def open_ledger(target: str) -> DeliveryLedger:
    """The ledger at `target`: a SQLite file, or the deployment's Elasticsearch as
    `http(s)://host:9200[?prefix=netra]` (user from NETRA_ES_USERNAME and NETRA_ES_PASSWORD_FILE)."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return SqliteDeliveryLedger(Path(target))
    prefix = parse_qs(parts.query).get("prefix", ["netra"])[-1]
    from elasticsearch import Elasticsearch

    from alerting.digest.ledger_es import ElasticsearchDeliveryLedger
    from netra.store.open import search_auth

    es = Elasticsearch(f"{parts.scheme}://{parts.netloc}{parts.path}", basic_auth=search_auth(parts),
                       request_timeout=30)
    return ElasticsearchDeliveryLedger(es, prefix)
