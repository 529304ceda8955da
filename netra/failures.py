"""How an edge (bus, store, source, mailer) says a record failed, so a stage knows what to do.

`Unavailable`: the edge is down or overloaded; pause, back off and retry the same batch.
`Rejected`: this record can never succeed here; dead-letter it with the reason and go on.
Anything else raised while handling one record is a bug: retried a bounded number of times,
then dead-lettered with its traceback.
"""


class Unavailable(Exception):
    """The edge cannot take work now; the same batch may succeed later."""


class Rejected(Exception):
    """The edge refuses this record for good; `key` names it (post key, case id, message id)."""

    def __init__(self, reason: str, key: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = key
