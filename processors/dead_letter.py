"""Setting a record aside: the original bytes go to the dead-letter topic with why and where."""

from netra.bus.base import DEAD_LETTERS, Message, Publisher
from processors.metrics import DEAD_LETTERED


async def dead_letter(publisher: Publisher, message: Message, stage: str, error: str) -> None:
    """Publish the record's bytes untouched; headers say what failed, at which stage, and where."""
    DEAD_LETTERED.labels(stage).inc()
    headers = {
        **message.headers,
        "netra-error": error[:2000],
        "netra-stage": stage,
        "netra-origin": f"{message.topic}/{message.partition}/{message.offset}",
    }
    await publisher.publish(DEAD_LETTERS, message.key, message.value, headers)
