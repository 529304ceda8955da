"""An HTTP endpoint that accepts pushed posts (other monitoring tools, partners' scrapers).

POST /posts with a JSONL body (one CONTRACTS §1 post a line) and two headers:
`X-Netra-Timestamp` (Unix seconds) and `X-Netra-Signature: sha256=<hex>`, the HMAC-SHA256 of
`<timestamp>.<body>` with the shared secret. Old timestamps are refused (replays). The answer
(202) comes only once the posts are on the bus: a sender that got no 202 sends again.
"""

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from collectors.base import Batch
from collectors.config import WebhookConfig, credential
from collectors.sources.polling import Context

log = logging.getLogger(__name__)
MAX_SKEW_SECONDS = 300
MAX_POSTS_PER_BATCH = 1000


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The `X-Netra-Signature` value for a body sent at `timestamp`."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


class WebhookSource:
    """Posts pushed to the endpoint, handed on in the order they arrived."""

    def __init__(self, spec: WebhookConfig, context: Context) -> None:
        self.name, self._spec = spec.name, spec
        self._secret = credential(spec.secret, context.config)
        self._queue: asyncio.Queue[tuple[list[bytes], asyncio.Future[None]]] = asyncio.Queue()

    async def batches(self, cursor: str | None) -> AsyncIterator[Batch]:
        """Serve until closed; each batch answers its senders once the runner asks for the next."""
        server = uvicorn.Server(uvicorn.Config(
            Starlette(routes=[Route("/posts", self._receive, methods=["POST"])]),
            host=self._spec.host, port=self._spec.port, log_level="warning", lifespan="off",
        ))
        serving = asyncio.create_task(server.serve())
        waiting: list[asyncio.Future[None]] = []
        try:
            while True:
                posts, done = await self._queue.get()
                waiting = [done]
                while not self._queue.empty() and len(posts) < MAX_POSTS_PER_BATCH:
                    more, done = self._queue.get_nowait()
                    posts, waiting = posts + more, [*waiting, done]
                yield Batch(posts, f"received:{time.time():.6f}")
                for done in waiting:  # the runner came back: the batch is on the bus
                    if not done.done():
                        done.set_result(None)
                waiting = []
        finally:
            for done in waiting:
                if not done.done():
                    done.cancel()
            server.should_exit = True
            with contextlib.suppress(Exception):
                await serving

    async def _receive(self, request: Request) -> Response:
        if int(request.headers.get("content-length") or 0) > self._spec.max_body_bytes:
            return JSONResponse({"error": "body too large"}, 413)
        body = await request.body()
        if len(body) > self._spec.max_body_bytes:
            return JSONResponse({"error": "body too large"}, 413)
        stamp = request.headers.get("x-netra-timestamp", "")
        given = request.headers.get("x-netra-signature", "")
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > MAX_SKEW_SECONDS:
            return JSONResponse({"error": "missing or stale X-Netra-Timestamp"}, 401)
        if not hmac.compare_digest(given, signature(self._secret, stamp, body)):
            log.warning("%s: refused a request with a bad signature from %s", self.name, request.client)
            return JSONResponse({"error": "bad signature"}, 401)
        posts = [line.rstrip(b"\r") for line in body.split(b"\n") if line.strip()]
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._queue.put((posts, done))
        try:
            await done
        except asyncio.CancelledError:
            return JSONResponse({"error": "collector stopping; send again"}, 503)
        return JSONResponse({"accepted": len(posts)}, 202)
