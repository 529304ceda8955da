"""ASGI middleware every response passes: security headers, and the checks a POST must pass first."""

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
    "referrer-policy": "same-origin",  # "no-referrer" makes browsers send `Origin: null` on own forms
    "cross-origin-opener-policy": "same-origin",
}
FORM_TYPE = "application/x-www-form-urlencoded"


class SecurityHeaders:
    """Strict CSP, no framing, no sniffing, nothing cached (pages carry personal data)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


class PostGuard:
    """A POST must be a same-origin form of bounded size: cross-site, `text/plain`, huge bodies refused."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(headers)
        if refusal:
            await PlainTextResponse(refusal[1], status_code=refusal[0])(scope, receive, send)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, bounded_receive, send)
        except BodyTooLarge:
            await PlainTextResponse("request body too large", status_code=413)(scope, receive, send)

    def _refusal(self, headers: Headers) -> tuple[int, str] | None:
        if headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
            return 415, f"only {FORM_TYPE} form posts are accepted"
        length = headers.get("content-length") or "0"
        if not length.isdigit() or int(length) > self.max_body_bytes:
            return 413, "request body too large"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "cross-site request refused"
        origin, host = headers.get("origin"), headers.get("host", "")
        if origin is not None and origin.split("://", 1)[-1] != host:
            return 403, "cross-site request refused"
        return None


class BodyTooLarge(Exception):
    """The client sent more than the limit without saying so in Content-Length."""
