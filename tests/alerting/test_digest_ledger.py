"""The delivery ledger's contract, on SQLite and on the real Elasticsearch node."""

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from alerting.digest.ledger import (
    PENDING,
    SENT,
    AlreadyBegun,
    Delivery,
    DeliveryLedger,
    SqliteDeliveryLedger,
    open_ledger,
)
from alerting.digest.ledger_es import ElasticsearchDeliveryLedger

AGENCY = "Pemerintah Kabupaten Kaliurang Raya"


def delivery(slot: str, items: tuple[str, ...]) -> Delivery:
    return Delivery(AGENCY, slot, ("a@x.example", "b@x.example"), b"Subject: x\r\n\r\nbody\xe2\x80\xa6",
                    items, PENDING, f"{slot}T00:00:00+00:00")


@pytest.fixture(params=["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DeliveryLedger]:
    """Each ledger as `netra digest --ledger` opens it: a SQLite file, or an Elasticsearch URL."""
    if request.param == "sqlite":
        made = open_ledger(str(tmp_path / "ledger.sqlite"))
        assert isinstance(made, SqliteDeliveryLedger)
    else:
        made = open_ledger(f"{request.getfixturevalue('elasticsearch_url')}?prefix=t{uuid.uuid4().hex[:8]}")
        assert isinstance(made, ElasticsearchDeliveryLedger)
    yield made
    made.close()


def test_begin_get_finish_and_reported(ledger: DeliveryLedger) -> None:
    assert ledger.get(AGENCY, "2026-11-30") is None and ledger.reported(AGENCY) == set()
    ledger.begin(delivery("2026-11-30", ("x:1/confirmed", "x:2/escalated")))
    pending = ledger.get(AGENCY, "2026-11-30")
    assert pending == delivery("2026-11-30", ("x:1/confirmed", "x:2/escalated"))
    ledger.finish(AGENCY, "2026-11-30")
    sent = ledger.get(AGENCY, "2026-11-30")
    assert sent is not None and sent.state == SENT and sent.sent_at and sent.message == pending.message
    ledger.begin(delivery("2026-12-01", ("x:3/confirmed",)))
    assert ledger.reported(AGENCY) == {"x:1/confirmed", "x:2/escalated", "x:3/confirmed"}
    assert ledger.reported("Kementerian Agama") == set()


def test_a_slot_is_begun_once(ledger: DeliveryLedger) -> None:
    ledger.begin(delivery("2026-11-30", ("x:1/confirmed",)))
    with pytest.raises(AlreadyBegun):
        ledger.begin(delivery("2026-11-30", ("x:9/confirmed",)))
    assert ledger.reported(AGENCY) == {"x:1/confirmed"}


def test_prune_forgets_old_messages_but_not_what_was_reported(ledger: DeliveryLedger) -> None:
    ledger.begin(delivery("2026-11-30", ("x:1/confirmed",)))
    ledger.finish(AGENCY, "2026-11-30")
    ledger.begin(delivery("2026-12-01", ("x:2/confirmed",)))  # pending: never pruned
    assert ledger.prune(timedelta(days=1)) == 0
    assert ledger.prune(timedelta(seconds=-1)) == 1
    assert ledger.get(AGENCY, "2026-11-30") is None and ledger.get(AGENCY, "2026-12-01") is not None
    assert ledger.reported(AGENCY) == {"x:1/confirmed", "x:2/confirmed"}
