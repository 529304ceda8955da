"""Setting a record aside: the original bytes go to the dead-letter topic with why and where."""

from netra.bus.base import DEAD_LETTERS, Message, Publisher
from processors.metrics import DEAD_LETTERED

MAX_ERROR_CHARS = 2000


async def dead_letter(
    publisher: Publisher, message: Message, stage: str, error: str, kind: str = "rejected"
) -> None:
    """Publish the record's bytes untouched; headers say what failed, how, at which stage, and where.

    `kind` is `rejected` (the record can never succeed) or `error` (a bug: `error` is its traceback).
    """
    DEAD_LETTERED.labels(stage).inc()
    headers = {
        **message.headers,
        "netra-error": _shortened(error),
        "netra-failure": kind,
        "netra-stage": stage,
        "netra-origin": f"{message.topic}/{message.partition}/{message.offset}",
    }
    await publisher.publish(DEAD_LETTERS, message.key, message.value, headers)


def _shortened(error: str) -> str:
    """At most MAX_ERROR_CHARS: the start (what) and the end (a traceback's innermost frame)."""
    if len(error) <= MAX_ERROR_CHARS:
        return error
    return f"{error[:600]}\n…\n{error[-(MAX_ERROR_CHARS - 603):]}"
