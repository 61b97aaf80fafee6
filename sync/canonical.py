"""Canonical JSON and the change hash: the bytes both sides agree on (DESIGN.md "Encodings").

Canonical form: keys sorted, no spaces, UTF-8 (not ASCII escapes), and every string — keys too —
normalised to Unicode NFC, so "é" typed as one code point or as e + combining accent hashes the same.
A retry sends the same hash; a change_id reused with another body does not.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from typing import Any


def _nfc(text: str) -> str:
    # ASCII is already NFC, and `isascii` is O(1) on CPython: most keys and answers skip the normaliser.
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _normalise(value: Any) -> Any:
    kind = type(value)  # exact types first (a change holds thousands of values); subclasses below
    if kind is str:
        return _nfc(value)
    if kind is dict:
        return {(_nfc(k) if type(k) is str else _nfc(str(k))): _normalise(v) for k, v in value.items()}
    if kind is int or kind is bool or value is None:
        return value
    if kind is list:
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        return _nfc(value)
    if isinstance(value, dict):
        return {_nfc(str(k)): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer() and math.isfinite(value):
        return int(value)  # 1.0 and 1 are the same answer
    return value


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON-able value."""
    return json.dumps(
        _normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
