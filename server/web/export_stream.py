"""Exports too large to hold in memory (every person of a district: ~1.2 million rows), streamed: rows are read
in keyset chunks through an index by a session of their own (the request's ends when the route returns), CSV is
sent as it is written, XLSX is written row by row by openpyxl's write-only workbook into a temporary file (its
memory stays flat) and then sent in chunks. The audit row is written in the request's transaction before the
download starts; it says the export was streamed (its row count is not known yet)."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator

from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from forms.domain.timezones import zone_of
from server.core.clock import utcnow
from server.core.db import session_scope
from server.crud.audit import audit
from server.web.export import FORMATS, _cell, workbook
from server.web.strings_lists import EXPORT_WORDS

CHUNK_BYTES = 256 * 1024
Rows = Callable[[Session], Iterable[list]]  # given its own session, yields the export's rows


def _csv_chunks(headers: list[str], rows: Iterable[list], zone) -> Iterator[bytes]:  # noqa: ANN001 - a Zone
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")  # the BOM makes Excel read UTF-8 names right
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(v, zone) for v in row])
        if out.tell() >= CHUNK_BYTES:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _xlsx_chunks(headers: list[str], rows: Iterable[list], zone) -> Iterator[bytes]:  # noqa: ANN001 - a Zone
    book = workbook(headers, rows, zone)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(CHUNK_BYTES):
            yield chunk


def stream_export(request: Request, session: Session, *, actor: str, area: str, what: str, fmt: str,
                  headers: list[str], rows: Rows, lang: str = "id") -> StreamingResponse:  # fmt: skip
    """A download of `rows` (read by their own session, in chunks) as CSV or XLSX, audited now."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    zone = zone_of(area)
    words = EXPORT_WORDS[lang if lang in EXPORT_WORDS else "id"]
    said = [words.get(h, h).format(zone=zone.name) for h in headers]
    audit(session, actor=actor, action="export", target=f"list:{what}", area=area,
          detail={"format": fmt, "streamed": True})  # fmt: skip
    session.commit()  # the audit row kept, and no write lock held while the rows are read (SQLite)
    engine = request.app.state.engine

    def body() -> Iterator[bytes]:
        with session_scope(engine) as own:
            chunks = _csv_chunks if fmt == "csv" else _xlsx_chunks
            yield from chunks(said, rows(own), zone)

    name = f"jaring-{what}-{utcnow().strftime('%Y%m%d-%H%M')}.{fmt}"
    return StreamingResponse(body(), media_type=FORMATS[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
