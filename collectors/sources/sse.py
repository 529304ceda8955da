"""Server-sent events (the Mastodon streaming API): (event, data) pairs, only whole events.

An event is dispatched at its blank line, so a connection that drops mid-event yields nothing
of that event.
"""

from collections.abc import AsyncIterator

import httpx

from netra.failures import Rejected

MAX_EVENT_CHARS = 4 * 1024 * 1024


async def sse_events(response: httpx.Response) -> AsyncIterator[tuple[str, str]]:
    """The events of a `text/event-stream` response."""
    event, data, size = "message", list[str](), 0
    async for line in response.aiter_lines():
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data, size = "message", [], 0
            continue
        if line.startswith(":"):
            continue  # comment / keep-alive
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            event = value
        elif field == "data":
            size += len(value)
            if size > MAX_EVENT_CHARS:
                raise Rejected(f"server-sent event over {MAX_EVENT_CHARS} characters")
            data.append(value)
