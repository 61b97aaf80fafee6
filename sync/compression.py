"""zstd and gzip with a size limit, shared by bundles and the server's request bodies.

A (de)compressor object is made per call: one shared across threads corrupted data
(docs/development.md#postgresql). Reading
stops one byte past the limit, so a decompression bomb costs at most `limit` bytes of memory.
"""

from __future__ import annotations

import gzip
import io
import zlib

import zstandard


class TooLarge(ValueError):
    """The data decompresses past the allowed size."""


class BadCompression(ValueError):
    """The data is not valid for its declared encoding."""


def compress_zstd(data: bytes, level: int = 6) -> bytes:
    return zstandard.ZstdCompressor(level=level).compress(data)


def _read_limited(stream, limit: int) -> bytes:
    out = bytearray()
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - len(out)))
        if not chunk:
            return bytes(out)
        out += chunk
        if len(out) > limit:
            raise TooLarge(f"decompresses past {limit} bytes")


def decompress(data: bytes, encoding: str, limit: int) -> bytes:
    """Decode a body sent with Content-Encoding `encoding` (zstd, gzip or identity), at most `limit` bytes."""
    encoding = (encoding or "identity").strip().lower()
    try:
        if encoding in ("", "identity"):
            if len(data) > limit:
                raise TooLarge(f"body larger than {limit} bytes")
            return data
        if encoding == "zstd":
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)) as reader:
                return _read_limited(reader, limit)
        if encoding == "gzip":
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as reader:
                return _read_limited(reader, limit)
    except TooLarge:
        raise
    except (zstandard.ZstdError, OSError, EOFError, zlib.error) as err:
        raise BadCompression(f"{encoding}: {err}") from None
    raise BadCompression(f"unsupported Content-Encoding {encoding!r}")
