"""XLSX and CSV of what a console page shows — one helper every list uses — the complaints export and the
export of every person of the user's area.

The rows may be an iterator over the database (a district's 1.2 million persons): they are written to a
temporary file as they come — openpyxl's write-only workbook keeps its sheet on disk too — and the file is
sent in chunks and deleted after, so an export's memory does not grow with its rows.

Every export writes an audit row (who, which list, how many rows, which format; never the search text,
which may be a NIK). Cells that a spreadsheet would run as a formula are written as text.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from openpyxl import Workbook
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask

from server.api.deps import SessionDep
from server.core.clock import utcnow
from server.crud import complaints, person_export
from server.crud.audit import audit
from server.web.access import CurrentPage

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip leading blanks and read full-width signs as formula signs too: " =1+1", "\n=1+1",
# "\u3000＝1+1" all run. Any text whose first non-blank character is one of these is written as text.
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\u2212")

router = APIRouter()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if _formula_like(text) else text


def _formula_like(text: str) -> bool:
    if text.startswith(FORMULA_START):
        return True
    # str.lstrip() drops every Unicode blank (space, newline, NBSP, ideographic space U+3000…); zero-width
    # characters are not blanks to Python but are invisible in a cell, so they go too.
    rest = text.lstrip().lstrip("\u200b\u200c\u200d\u2060\ufeff").lstrip()
    return rest[:1] in FORMULA_SIGNS


def _xlsx(path: Path, headers: list[str], rows: Iterable[list]) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Jaring")
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append([_cell(v) for v in row])
        count += 1
    book.save(path)
    return count


def _csv(path: Path, headers: list[str], rows: Iterable[list]) -> int:
    count = 0
    with path.open(
        "w", encoding="utf-8-sig", newline=""
    ) as handle:  # the BOM makes Excel read UTF-8 names right
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
            count += 1
    return count


def export_response(session: Session, *, actor: str, area: str, what: str, fmt: str, headers: list[str],
                    rows: Iterable[list]) -> Response:  # fmt: skip
    """The rows (a list or an iterator) as an XLSX or CSV download, audited in the request's transaction."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    handle, name = tempfile.mkstemp(prefix="jaring-export-", suffix=f".{fmt}")
    os.close(handle)
    path = Path(name)
    try:
        count = _xlsx(path, headers, rows) if fmt == "xlsx" else _csv(path, headers, rows)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    audit(session, actor=actor, action="export", target=f"list:{what}", area=area,
          detail={"format": fmt, "rows": count})  # fmt: skip
    name = f"jaring-{what}-{utcnow().strftime('%Y%m%d-%H%M')}.{fmt}"
    return FileResponse(path, media_type=FORMATS[fmt], background=BackgroundTask(path.unlink, missing_ok=True),
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def export_format(request: Request) -> str:
    """ "xlsx" or "csv" when the page was asked for a download (`?format=`), else ""."""
    fmt = request.query_params.get("format", "")
    return fmt if fmt in FORMATS else ""


@router.get("/console/complaints/export")
def complaints_export(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    items = complaints.list_complaints(session, scope=page.scope)
    rows = [[c.reference or c.record_id, c.area, c.status, "ya" if c.overdue else "", c.received_at, c.due,
             c.age_days, c.category, c.urgency] for c in items]  # fmt: skip
    headers = ["referensi", "wilayah", "status", "terlambat", "diterima", "tenggat", "umur_hari", "kategori",
               "urgensi"]  # fmt: skip
    return export_response(session, actor=page.actor, area=page.scope, what="complaints",
                           fmt=export_format(request) or "xlsx", headers=headers, rows=rows)  # fmt: skip


@router.get("/console/persons/export")
def persons_export(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    """Every person of the user's area, one row each, streamed from the database."""
    return export_response(session, actor=page.actor, area=page.scope, what="persons",
                           fmt=export_format(request) or "xlsx", headers=person_export.HEADERS,
                           rows=person_export.rows(session, scope=page.scope))  # fmt: skip
