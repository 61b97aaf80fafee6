"""JSON stored packed: orjson bytes compressed with zstd, in a binary column.

A household's clock stamps and path revisions are ~12 KB of JSON that nothing queries inside the database:
they are read back whole (pull, merge, the console's "who wrote what"). Stored as JSON text, PostgreSQL
parsed, compressed and TOASTed them on every pushed household — about half of its CPU per push. Packed here,
they are ~1 KB (stamps repeat their time and device; zstd finds that) and the database only copies bytes.

A (de)compressor is kept per thread: one shared across threads corrupts data (docs/development.md#postgresql).
"""

from __future__ import annotations

import json
import threading
from typing import Any

import orjson
import zstandard
from sqlalchemy import LargeBinary
from sqlalchemy.types import TypeDecorator

LEVEL = 1  # the stamps compress ~12:1 at level 1 already; higher levels only cost time
_local = threading.local()


def _codecs() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    codecs = getattr(_local, "codecs", None)
    if codecs is None:
        codecs = _local.codecs = (zstandard.ZstdCompressor(level=LEVEL), zstandard.ZstdDecompressor())
    return codecs


STDLIB = b"\x00"  # marks JSON the standard library wrote (no JSON text starts with a NUL)


def pack(value: Any) -> bytes:
    """The stored bytes of a JSON value. orjson writes it; what orjson refuses (an integer past 64 bits, a
    non-text key) the standard library writes, marked, because orjson would read such an integer back as a
    float. Either way `unpack` gives the value back."""
    try:
        data = orjson.dumps(value)
    except orjson.JSONEncodeError:
        data = STDLIB + json.dumps(value, separators=(",", ":")).encode()
    return _codecs()[0].compress(data)


def unpack(data: bytes) -> Any:
    """The JSON value `pack` stored (every frame it writes records its size)."""
    text = _codecs()[1].decompress(bytes(data))
    if text[:1] == STDLIB:
        return json.loads(text[1:])
    return orjson.loads(text)


class PackedJSON(TypeDecorator):
    """A JSON value in a binary column (see the module docstring); None stays SQL NULL."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> bytes | None:
        return None if value is None else pack(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else unpack(value)
