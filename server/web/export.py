"""XLSX and CSV of what a console page shows — one helper every list uses — and the complaints export.

Every export writes an audit row (who, which list, how many rows, which format; never the search text,
which may be a NIK). Cells that a spreadsheet would run as a formula are written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.timezones import WIB, Zone, zone_of
from server.api.deps import SessionDep
from server.core.clock import utcnow
from server.crud import worklist
from server.crud.audit import audit
from server.web.access import CurrentPage
from server.web.render import language
from server.web.strings import LANGUAGES
from server.web.strings_lists import EXPORT_WORDS

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip leading blanks and read full-width signs as formula signs too: " =1+1", "\n=1+1",
# "\u3000＝1+1" all run. Any text whose first non-blank character is one of these is written as text.
FORMULA_SIGNS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\u2212")

router = APIRouter()
EXPORT_PAGE = 1000


def area_name(code: str) -> str:
    region = regions.get(code) if code else None
    return region.name if region else code


def _cell(value: object, zone: Zone = WIB) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone.tz)
        return local.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
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


def _xlsx_cell(sheet, value: object, zone: Zone) -> object:  # noqa: ANN001 - a write-only sheet
    """Dates and times as spreadsheet dates (local time of the area, the zone in the header), the rest as `_cell`."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone.tz)
                             .replace(tzinfo=None))  # fmt: skip
        cell.number_format = "dd-mm-yyyy hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "dd-mm-yyyy"
        return cell
    return _cell(value, zone)


def workbook(headers: list[str], rows: Iterable[list], zone: Zone = WIB) -> Workbook:
    """One write-only sheet: the header row bold on a tint and frozen, dates as dates (rows written as they come)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Jaring")
    sheet.freeze_panes = "A2"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B5D5B")
    head = []
    for text in headers:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill = bold, fill
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v, zone) for v in row])
    return book


def _xlsx(headers: list[str], rows: list[list], zone: Zone = WIB) -> bytes:
    book = workbook(headers, rows, zone)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(headers: list[str], rows: list[list], zone: Zone = WIB) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows([_cell(v, zone) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8 names right


def export_response(session: Session, *, actor: str, area: str, what: str, fmt: str, headers: list[str],
                    rows: list[list], lang: str = "id", zone_area: str = "") -> Response:  # fmt: skip
    """The rows as an XLSX or CSV download, audited in the request's transaction. Headers are keys of the
    export words (server/web/strings_lists.py EXPORT_*), said in `lang`; times in the zone of `zone_area`
    (else of the first row's `desa_kode`/`wilayah`, else WIB), named in the header."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    zone = zone_of(zone_area or _first_area(headers, rows))
    words = EXPORT_WORDS[lang if lang in EXPORT_WORDS else "id"]
    said = [words.get(h, h).format(zone=zone.name) for h in headers]
    body = _xlsx(said, rows, zone) if fmt == "xlsx" else _csv(said, rows, zone)
    audit(session, actor=actor, action="export", target=f"list:{what}", area=area,
          detail={"format": fmt, "rows": len(rows)})  # fmt: skip
    name = f"jaring-{what}-{utcnow().strftime('%Y%m%d-%H%M')}.{fmt}"
    return Response(body, media_type=FORMATS[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


def _first_area(headers: list[str], rows: list[list]) -> str:
    for key in ("desa_kode", "wilayah_kode", "wilayah"):
        if key in headers and rows:
            return str(rows[0][headers.index(key)] or "")
    return ""


def as_date(text: object) -> object:
    """ "1990-05-14" as a date (a spreadsheet date in the export); anything else as it is."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else text
    except ValueError:
        return text


def export_format(request: Request) -> str:
    """ "xlsx" or "csv" when the page was asked for a download (`?format=`), else ""."""
    fmt = request.query_params.get("format", "")
    return fmt if fmt in FORMATS else ""


@router.get("/console/complaints/export")
def complaints_export(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    """The complaints the work list shows with its filters, every page of them, in words, streamed."""
    from server.web.export_stream import stream_export  # it builds on this module's cells

    lang = language(request)
    t = LANGUAGES[lang]
    filters = worklist.Filters.of(dict(request.query_params), page.scope, me=page.user.username)

    def rows(own: Session):  # noqa: ANN202 - the rows, page by page of the work list
        number = 1
        while True:
            found = worklist.work_page(own, scope=page.scope, filters=replace(filters, page=number), lang=lang,
                                       size=EXPORT_PAGE)  # fmt: skip
            yield from ([c.reference or c.record_id, area_name(c.area), c.area, t.get(f"step_{c.status}", c.status),
                         t["yes"] if c.overdue else "", c.received_at, c.due, c.age_days, c.category, c.urgency]
                        for c in found.rows)  # fmt: skip
            if found.page >= found.pages:
                return
            number += 1

    headers = ["referensi", "wilayah", "wilayah_kode", "status", "terlambat", "diterima", "tenggat", "umur_hari",
               "kategori", "urgensi"]  # fmt: skip
    return stream_export(request, session, actor=page.actor, area=page.scope, what="complaints",
                         fmt=export_format(request) or "xlsx", headers=headers, rows=rows, lang=lang)  # fmt: skip
