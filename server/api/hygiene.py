"""Text a request carries must be text a database can hold: no NUL character, no unpaired UTF-16 surrogate.

PostgreSQL refuses a NUL in any text column (psycopg's `DataError`), and a lone surrogate cannot be written as
UTF-8 at all, so either would fail deep inside a route as a 500 — or, on SQLite, be stored and fail later on
a laptop. They are refused here, once, before any route runs, with a 400 that says why:

- `TextHygiene` (ASGI middleware): the path, the query string and URL-encoded form bodies (the console's
  forms and the login form);
- `refuse_bad_text(body)`: a JSON body after decompression (push, enroll, login) — a regex finds the only
  two ways JSON text can spell such a character (`\\u0000` and a `\\uD8xx`–`\\uDFxx` escape; a raw NUL or
  a raw surrogate is not valid JSON/UTF-8 anyway), and only a body that holds one is parsed and walked;
and an answer nested too deep to hash is a rejected change (crud/push.py, where hashing it fails).
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote_to_bytes

from fastapi.responses import JSONResponse
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.core.text import bad_text, holds_bad_text
from server.errors import ApiError

_SUSPECT = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
MAX_FORM_BYTES = 1024 * 1024  # the console's URL-encoded forms are a few hundred bytes


class InvalidText(ApiError):
    code = "invalid_text"
    status = 400

    PLACES = {"body": "isi permintaan", "path": "alamat halaman", "query string": "parameter alamat",
              "form": "isian formulir"}  # fmt: skip

    def __init__(self, where: str) -> None:
        super().__init__(
            f"Teks pada {self.PLACES.get(where, where)} memuat karakter NUL atau surrogate UTF-16 tunggal; "
            "kirim teks yang sah.",
            f"The text in the {where} holds a NUL character or an unpaired UTF-16 surrogate; send valid text.",
        )


def refuse_bad_text(body: bytes) -> None:
    """InvalidText when the JSON `body` spells a NUL or an unpaired surrogate in any key or text."""
    if b"\\" not in body or _SUSPECT.search(body) is None:
        return  # the usual case: no escape at all (one memchr), else one regex pass in C
    try:
        value = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return  # not JSON: the caller's own parsing says what is wrong with it
    if holds_bad_text(value):
        raise InvalidText("body")


def _query_bad(raw: bytes) -> bool:
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    return b"\x00" in decoded


class TextHygiene:
    """Refuses (400, with the reason) a request whose path, query string or URL-encoded form holds a NUL or
    an unpaired surrogate, before any route or database sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        where = ""
        if bad_text(scope.get("path", "")) or b"%00" in (scope.get("raw_path") or b""):
            where = "path"
        elif _query_bad(scope.get("query_string", b"")):
            where = "query string"
        if not where and _is_form(scope):
            body, receive = await _buffered(receive)
            if body is not None and _query_bad(body):
                where = "form"
        if where:
            await _refusal(scope, InvalidText(where))(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _is_form(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return value.split(b";")[0].strip().lower() == b"application/x-www-form-urlencoded"
    return False


async def _buffered(receive: Receive) -> tuple[bytes | None, Receive]:
    """The whole body (None when it is larger than a console form can be) and a `receive` that replays it."""
    messages: list[Message] = []
    size, more = 0, True
    while more:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
        if size > MAX_FORM_BYTES:
            break
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return (body if not more or size <= MAX_FORM_BYTES else None), replay


def _refusal(scope: Scope, error: ApiError):  # noqa: ANN202 - an ASGI response
    """The API's ErrorBody for /api paths; the console's error page (in the page's language) elsewhere."""
    if scope.get("path", "").startswith("/api/"):
        return JSONResponse({"code": error.code, "id": error.id, "en": error.en}, status_code=error.status)
    from server.web.render import render  # the console imports the API's modules: import it when needed

    request = Request(scope)
    lang = request.query_params.get("lang") or request.cookies.get("lang")
    message = error.en if lang == "en" else error.id
    return render(request, "error.html", status=error.status, page=None, message=message)
