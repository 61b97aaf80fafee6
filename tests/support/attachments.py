"""Attachment test data and what the district holds of a file: incompressible photo bytes with a marker to look
for in raw files, and the server's chunks of one file read back in order."""

from __future__ import annotations

import random

from sqlalchemy import text

from server.core.db import get_engine, session_scope

MARKER = b"JARING-FOTO-RUMAH-"  # a pattern to look for in the raw files


def photo(size: int, seed: int = 1) -> bytes:
    """Incompressible bytes with a readable marker every 4 KiB, like the text a scanned document holds."""
    rng = random.Random(seed)
    out = bytearray()
    while len(out) < size:
        out += MARKER + rng.randbytes(4096 - len(MARKER))
    return bytes(out[:size])


def server_attachment(settings, sha: str) -> tuple[bool, bytes, int]:
    """(complete, the bytes the server holds in offset order, how many chunk rows). A file not yet whole is
    read from the uploading device's own partial (`attachment_part`): it is kept apart until it checks out."""
    with session_scope(get_engine(settings.database_url)) as session:
        row = session.execute(
            text("SELECT complete FROM attachment WHERE sha256 = :s"), {"s": sha}
        ).one_or_none()
        table = "attachment_chunk" if row and row[0] else "attachment_part"
        chunks = session.execute(
            text(f'SELECT "offset", data FROM {table} WHERE sha256 = :s ORDER BY "offset"'), {"s": sha}
        ).all()
    return bool(row and row[0]), b"".join(bytes(d) for _, d in chunks), len(chunks)
