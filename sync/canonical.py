"""Canonical JSON and the change hash: the bytes both sides agree on (docs/sync-protocol.md#idempotency).

Canonical form: keys sorted, no spaces, UTF-8 (not ASCII escapes), and every string — keys too —
normalised to Unicode NFC, so "é" typed as one code point or as e + combining accent hashes the same.
A retry sends the same hash; a change_id reused with another body does not.

The bytes are those of `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`. When
orjson is installed (the server has it) it writes them ~4× faster: it gives the same bytes for the same
strings, integers and floats written without an exponent, so a value holding anything else — a float
Python would write with an exponent, an integer past 64 bits, NaN, another type — is written by the
standard library, and the hash never depends on which of the two ran (tests/test_sync_canonical.py).
A dict whose orjson bytes are ASCII and hold no number to rewrite is written once: those bytes are canonical.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from typing import Any

try:
    import orjson
except ImportError:  # the desktop app does without it
    orjson = None

# Python writes a float without an exponent exactly when 1e-4 <= |x| < 1e16; there orjson agrees.
_PLAIN_FLOAT_LOW, _PLAIN_FLOAT_HIGH = 1e-4, 1e16


class _StdlibOnly(Exception):
    """A value whose bytes only the standard library is trusted to write."""


def _nfc(text: str) -> str:
    # ASCII is already NFC, and `isascii` is O(1) on CPython: most keys and answers skip the normaliser.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def _strict_ascii_dict(value: dict) -> dict | None:
    """What the general case below gives for a dict whose keys and texts are all ASCII (a change's flat
    fields and clocks, mostly text): those checked in a few C calls, `_strict` called only for the values
    of another type (a float, a list). None when a key is not text or a key or text is not ASCII."""
    try:
        if not "".join(value).isascii():
            return None
    except TypeError:  # a key that is not text
        return None
    if not "".join([v for v in value.values() if type(v) is str]).isascii():
        return None
    others = [k for k, v in value.items() if type(v) not in _PLAIN_TYPES]
    if not others:
        return value
    out = dict(value)
    for key in others:
        out[key] = _strict(value[key])
    return out


def _strict(value: Any) -> Any:
    """The canonical form of plain JSON values, for orjson; _StdlibOnly for anything else."""
    kind = type(value)  # exact types only: a change holds thousands of values
    if kind is str:
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    if kind is dict:
        flat = _strict_ascii_dict(value)
        if flat is not None:
            return flat
        return {(k if type(k) is str and k.isascii() else _nfc(str(k))): _strict(v) for k, v in value.items()}
    if kind is bool or kind is int or value is None:
        return value  # orjson refuses an integer past 64 bits: the standard library writes it then
    if kind is list:
        return [_strict(v) for v in value]
    if kind is float:
        if value.is_integer() and math.isfinite(value):
            return int(value)  # 1.0 and 1 are the same answer
        if _PLAIN_FLOAT_LOW <= abs(value) < _PLAIN_FLOAT_HIGH:
            return value
    elif isinstance(value, str):  # a StrEnum: both writers write its text
        return _nfc(value)
    raise _StdlibOnly  # an exponent, NaN, an infinity, another type or subclass


def _normalise(value: Any) -> Any:
    """NFC strings (keys too), 1.0 as 1, tuples as lists; anything else as it is."""
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, dict):
        return {_nfc(str(k)): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return int(value)
    return value


def _strict_ascii(value: dict) -> dict:
    """`_strict(value)` for a dict every key and text of which, at any depth, is known to be ASCII (so NFC
    already): only the values of another type than text, integer, boolean and None need a look. Gives
    `value` itself when nothing in it needs rewriting — then its own bytes are canonical."""
    others = [key for key, v in value.items() if type(v) not in _PLAIN_TYPES]
    out = value
    for key in others:
        child = value[key]
        kind = type(child)
        if kind is dict:
            strict = _strict_ascii(child)
        elif kind is list and set(map(type, child)) <= _PLAIN_TYPES:
            strict = child  # a select_multiple answer: `_strict` would copy it unchanged
        else:
            strict = _strict(child)  # a float (1.0 becomes 1), a nested list, a StrEnum, or _StdlibOnly
        if strict is not child:
            if out is value:
                out = dict(value)
            out[key] = strict
    return out


def _orjson_canonical(value: Any) -> bytes:
    """`orjson.dumps(_strict(value))`, sorted. A dict is first written as it is (~10 µs for a change):
    when those bytes are ASCII, every key and text inside is ASCII (orjson escapes no other character), so
    NFC has nothing to do, and when moreover `_strict_ascii` leaves every value as it is, they are the
    canonical bytes. Otherwise, or when orjson refuses the value as it is (a key that is not text, an
    integer past 64 bits), the general path decides."""
    if type(value) is dict:
        try:
            raw = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            raw = None
        if raw is not None and raw.isascii():
            strict = _strict_ascii(value)
            return raw if strict is value else orjson.dumps(strict, option=orjson.OPT_SORT_KEYS)
    return orjson.dumps(_strict(value), option=orjson.OPT_SORT_KEYS)


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON-able value."""
    if orjson is not None:
        try:
            return _orjson_canonical(value)
        except (_StdlibOnly, orjson.JSONEncodeError):
            pass
    return json.dumps(
        _normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
