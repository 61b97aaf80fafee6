"""Reading a request body safely: a size cap before and after decompression, JSON that must be an
object, and the protocol version checked before anything else (426 for an app too old to talk to us)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from server.api.hygiene import refuse_bad_text
from server.errors import (
    BadCompression,
    InvalidMessage,
    MalformedJson,
    ProtocolTooNew,
    ProtocolTooOld,
    TooLarge,
)
from sync import compression
from sync.protocol import MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION

M = TypeVar("M", bound=BaseModel)


async def read_raw(request: Request, limit: int) -> bytes:
    """The body as sent, refused (413) as soon as it passes `limit` bytes — even without a Content-Length."""
    declared = request.headers.get("content-length", "")
    # A declared length longer than 18 digits is past any limit (and past what int() reads quickly).
    if declared.isascii() and declared.isdigit() and (len(declared) > 18 or int(declared) > limit):
        raise TooLarge(limit)
    out = bytearray()
    async for chunk in request.stream():
        out += chunk
        if len(out) > limit:
            raise TooLarge(limit)
    return bytes(out)


def decode_body(raw: bytes, encoding: str | None, limit: int) -> bytes:
    """The JSON text of a body: decompressed within `limit`, refused when it spells a NUL or a lone surrogate."""
    try:
        data = compression.decompress(raw, encoding or "identity", limit)
    except compression.TooLarge:
        raise TooLarge(limit) from None
    except compression.BadCompression as err:
        raise BadCompression(str(err)[:200]) from None
    refuse_bad_text(data)
    return data


def parse_json_object(data: bytes) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise MalformedJson("(UTF-8)") from None
    except RecursionError:
        raise MalformedJson("(too deeply nested)") from None
    except json.JSONDecodeError as err:
        raise MalformedJson(f"({err.msg}, line {err.lineno} column {err.colno})") from None
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        raise MalformedJson("(a number has too many digits)") from None
    if not isinstance(value, dict):
        raise InvalidMessage("the body must be a JSON object")
    return value


MAX_PROTOCOL_DIGITS = 9


def check_protocol(value: object) -> int:
    """The protocol version a request declares; 426 below the minimum, 400 when unreadable or too new.
    Text must be ASCII digits ("²" and "٣" are digits to Python), and at most 9 of them."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= MAX_PROTOCOL_DIGITS):
            raise InvalidMessage("the protocol version must be a whole number")
        value = int(text)
    if value is None:
        raise InvalidMessage(
            f"the protocol version is missing (body field 'protocol' or header {PROTOCOL_HEADER})"
        )
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidMessage("the protocol version must be a whole number")
    if value < MIN_PROTOCOL_VERSION:
        raise ProtocolTooOld(value, MIN_PROTOCOL_VERSION)
    if value > PROTOCOL_VERSION:
        raise ProtocolTooNew(min(value, 10**MAX_PROTOCOL_DIGITS), PROTOCOL_VERSION)
    return value


def validation_reason(err: ValidationError) -> str:
    """The first few problems of a pydantic error, as `where: what` (no input values: they may hold a NIK)."""
    parts = []
    for item in err.errors(include_input=False)[:5]:
        where = ".".join(str(p) for p in item.get("loc", ())) or "body"
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def parse_strict(model: type[M], data: bytes) -> M | None:
    """`data` read straight into `model` by pydantic's JSON parser (no dict in between, ~3× cheaper), or None.

    Strict mode takes only values that the lenient path (`parse_json_object`, `check_protocol`,
    `to_message`) takes as they are, to the same model: no "1" for 1, no 1.0 or true for an int. Anything
    else — malformed JSON, a type to coerce, a missing field with a default, an error of any kind — is None,
    and the caller reads the body the lenient way, which gives every answer, good or bad, as before."""
    try:
        return model.model_validate_json(data, strict=True)
    except (ValidationError, RecursionError, ValueError):
        return None


def to_message(model: type[M], data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise InvalidMessage(validation_reason(err)) from None
    except RecursionError:
        raise InvalidMessage("too deeply nested") from None
