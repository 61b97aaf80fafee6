"""Response headers that tell a browser what the console may do: no framing (clickjacking), no sniffing a
download into a page, no referrer carrying a search or a record id elsewhere, and a Content-Security-Policy
that allows only the console's own stylesheet and images — the pages have no script and no inline style.

API answers get `nosniff` only: the OpenAPI page (/api/v1/docs) loads its viewer from a CDN and has no
personal data, and a JSON answer is never rendered as a page."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
API_HEADERS = {"X-Content-Type-Options": "nosniff"}


class SecurityHeaders:
    """Adds PAGE_HEADERS to every console and public page (and their static files), API_HEADERS to the API."""

    def __init__(self, app: ASGIApp, api_prefix: str = "/api/") -> None:
        self.app, self.api_prefix = app, api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = API_HEADERS if scope.get("path", "").startswith(self.api_prefix) else PAGE_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
