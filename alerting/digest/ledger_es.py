"""The delivery ledger in Elasticsearch: one document per (agency, slot) in `<prefix>-digest-deliveries`.

A delivery and the cases it reports are one document, so `begin` is one atomic write (`create`
refuses a second one); `reported` reads the items back from the agency's deliveries. Pruning
removes the message copy and the recipients of old sent deliveries and keeps their items, so
nothing is reported twice (`recipients` marks an unpruned delivery: binary fields are not
searchable). Writes wait for a refresh: the next run sees them.
"""

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from elasticsearch import BadRequestError, ConflictError, Elasticsearch, NotFoundError, helpers

from alerting.digest.ledger import PENDING, SENT, AlreadyBegun, Delivery

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "agency": {"type": "keyword"},
        "slot": {"type": "keyword"},
        "recipients": {"type": "keyword"},
        "message": {"type": "binary"},
        "items": {"type": "keyword"},
        "state": {"type": "keyword"},
        "begun_at": {"type": "keyword"},
        "sent_at": {"type": "keyword"},
    },
}
MAX_DELIVERIES = 10_000  # per agency: one a day for 27 years


class ElasticsearchDeliveryLedger:
    """`DeliveryLedger` over an Elasticsearch index."""

    def __init__(self, es: Elasticsearch, prefix: str = "netra") -> None:
        self._es, self._index = es, f"{prefix}-digest-deliveries"
        try:
            es.indices.create(index=self._index, mappings=MAPPING, settings={"number_of_replicas": 0})
        except BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise

    def get(self, agency: str, slot: str) -> Delivery | None:
        try:
            source = self._es.get(index=self._index, id=_id(agency, slot))["_source"]
        except NotFoundError:
            return None
        if "message" not in source:  # pruned
            return None
        return Delivery(
            agency,
            slot,
            tuple(source["recipients"]),
            base64.b64decode(source["message"]),
            tuple(source["items"]),
            source["state"],
            source["begun_at"],
            source.get("sent_at"),
        )

    def reported(self, agency: str) -> set[str]:
        hits = self._es.search(
            index=self._index,
            query={"term": {"agency": agency}},
            source_includes=["items"],
            size=MAX_DELIVERIES,
        )["hits"]["hits"]
        return {item for hit in hits for item in hit["_source"].get("items", [])}

    def begin(self, delivery: Delivery) -> None:
        document = {
            "agency": delivery.agency,
            "slot": delivery.slot,
            "recipients": list(delivery.recipients),
            "message": base64.b64encode(delivery.message).decode(),
            "items": list(delivery.items),
            "state": PENDING,
            "begun_at": delivery.begun_at,
        }
        try:
            self._es.create(
                index=self._index,
                id=_id(delivery.agency, delivery.slot),
                refresh="wait_for",
                document=document,
            )
        except ConflictError as exc:
            raise AlreadyBegun(f"{delivery.agency} / {delivery.slot}") from exc

    def finish(self, agency: str, slot: str) -> None:
        self._es.update(
            index=self._index,
            id=_id(agency, slot),
            refresh="wait_for",
            doc={"state": SENT, "sent_at": datetime.now(UTC).isoformat()},
        )

    def prune(self, older_than: timedelta) -> int:
        cutoff = (datetime.now(UTC) - older_than).isoformat()
        query = {
            "bool": {
                "filter": [
                    {"term": {"state": SENT}},
                    {"range": {"sent_at": {"lt": cutoff}}},
                    {"exists": {"field": "recipients"}},
                ]
            }
        }
        hits = helpers.scan(
            self._es,
            index=self._index,
            query={"query": query},
            _source=["agency", "slot", "items", "state", "begun_at", "sent_at"],
        )
        actions = [
            {
                "_op_type": "index",
                "_index": self._index,
                "_id": hit["_id"],
                "_source": {**hit["_source"], "recipients": []},
            }
            for hit in hits
        ]
        done, _ = helpers.bulk(self._es, actions, refresh="wait_for")
        return int(done)

    def close(self) -> None:
        """The client belongs to the caller."""


def _id(agency: str, slot: str) -> str:
    return hashlib.sha256(f"{agency}\n{slot}".encode()).hexdigest()
