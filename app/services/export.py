"""Export of the persons or the households to XLSX or CSV — an audited act (PDP law, docs/domain.md#personal-data).

Headings are the form's questions and values its words ("Jenis kelamin: Perempuan", not "sex: P"), so the file
reads without a codebook. By default NIKs and No. KKs are masked and the disability column is left out;
`full=True` includes them only with a reason, asked before anything is chosen or written, and audited. In the
XLSX, NIK and No. KK are text cells as wide as sixteen digits (a spreadsheet shows 6.20302E+15 for a number),
dates are dates, and no cell is ever taken as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.services import words
from app.store import queries
from app.store.store import Store
from forms.problems import UserError
from sync import files

WHAT = ("persons", "households")
FORMATS = ("xlsx", "csv")
PAGE = 5000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


class ExportReasonRequired(UserError):
    code = "export_reason_required"

    def __init__(self) -> None:
        super().__init__(
            "Ekspor lengkap (NIK dan No. KK utuh, data disabilitas) memerlukan alasan.",
            "A full export (whole NIKs and No. KKs, disability data) needs a reason.",
        )


@dataclass(frozen=True)
class ExportRequest:
    """What the operator chose before the file: which rows, which format, full or masked and why."""

    what: str = "persons"  # "persons" (one row per person) or "households" (one row per household)
    fmt: str = "xlsx"
    full: bool = False
    reason: str = ""
    query: str = ""  # persons: the list's search ("" = everyone)
    lang: str = "id"

    def check(self) -> None:
        if self.full and not self.reason.strip():
            raise ExportReasonRequired()


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[object], object]
    kind: str = "text"  # "id" (sixteen digits kept as text), "date" (ISO in the data), "number", "text"


def mask_nik(nik: str | None) -> str:
    return "" if not nik else nik[:6] + "*" * 6 + nik[-4:]


def _person_columns(store: Store, request: ExportRequest) -> list[Column]:
    def w(column: str) -> words.ColumnWords:
        return words.column_words(store, "person", column, request.lang)

    secret = (lambda v: v or "") if request.full else mask_nik
    no_nik, sex, ppks, status, disability = (
        w(c) for c in ("no_nik_reason", "sex", "ppks", "status", "disability")
    )
    household = {c: words.column_words(store, "household", c, request.lang) for c in ("no_kk", "head_name")}
    columns = [
        Column(w("name").heading, lambda p: p.name),
        Column(w("nik").heading, lambda p: secret(p.nik), "id"),
        Column(no_nik.heading, lambda p: no_nik.text(p.no_nik_reason) if not p.nik else ""),
        Column(sex.heading, lambda p: sex.text(p.sex)),
        Column(w("birth_date").heading, lambda p: p.birth_date, "date"),
        Column(w("desa").heading, lambda p: p.desa_name),
        Column(household["no_kk"].heading, lambda p: secret(p.no_kk), "id"),
        Column(household["head_name"].heading, lambda p: p.head_name),
        Column(status.heading, lambda p: status.text(p.status)),
        Column(ppks.heading, lambda p: ppks.text(p.ppks)),
    ]
    if request.full:
        columns.append(Column(disability.heading, lambda p: disability.text(p.disability)))
    return columns


def _household_columns(store: Store, request: ExportRequest) -> list[Column]:
    w = {c: words.column_words(store, "household", c, request.lang)
         for c in ("no_kk", "head_name", "desa", "address", "decile", "member_count")}  # fmt: skip
    secret = (lambda v: v or "") if request.full else mask_nik
    return [
        Column(w["no_kk"].heading, lambda h: secret(h.no_kk), "id"),
        Column(w["head_name"].heading, lambda h: h.head_name),
        Column(w["desa"].heading, lambda h: h.desa_name),
        Column(w["address"].heading, lambda h: h.address),
        Column(w["decile"].heading, lambda h: w["decile"].text(h.decile)),
        Column(w["member_count"].heading, lambda h: h.member_count, "number"),
    ]


def _persons(store: Store, query: str) -> Iterator[list]:
    offset = 0
    while True:
        page = queries.persons(store.db.reader(), query=query, offset=offset, limit=PAGE)
        if page.rows:
            yield page.rows
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            return


def _households(store: Store) -> Iterator[list]:
    after = None
    while rows := queries.households(store.db.reader(), after=after, limit=PAGE):
        yield rows
        after = (rows[-1].head_name or "", rows[-1].record_id)


def _safe(text: str) -> str:
    """A value a spreadsheet would run ("=HYPERLINK(…)" typed as a name) written as the text it is."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _widths(columns: list[Column], sample: list[list]) -> list[float]:
    """Each column as wide as its heading and the first page's longest value (NIK and No. KK: sixteen digits),
    within reason: a long address wraps in a 60-character column rather than running off the screen."""
    found = []
    for i, column in enumerate(columns):
        longest = max([len(column.heading), *(len(str(row[i] or "")) for row in sample)])
        if column.kind == "id":
            longest = max(longest, 16)
        elif column.kind == "date":
            longest = max(longest, 10)
        found.append(min(longest, 60) + 2)
    return found


class _Xlsx:
    def __init__(self, path: str, columns: list[Column]) -> None:
        self.path, self.columns = path, columns
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Jaring")
        self.sheet.freeze_panes = "A2"
        self.bold = Font(bold=True)

    def start(self, sample: list[list]) -> None:
        for i, width in enumerate(_widths(self.columns, sample), start=1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width
        heads = []
        for column in self.columns:
            cell = WriteOnlyCell(self.sheet, value=column.heading)
            cell.font = self.bold
            heads.append(cell)
        self.sheet.append(heads)

    def _cell(self, column: Column, value: object) -> WriteOnlyCell | object:
        if value in (None, ""):
            return None
        if column.kind == "number" and isinstance(value, (int, float)):
            return value
        if column.kind == "date":
            try:
                cell = WriteOnlyCell(self.sheet, value=dt.date.fromisoformat(str(value)))
                cell.number_format = "DD-MM-YYYY"
                return cell
            except ValueError:
                pass
        cell = WriteOnlyCell(self.sheet, value=str(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if column.kind == "id":
            cell.number_format = "@"  # stays text when edited: no 6.20302E+15, no lost last digits
        return cell

    def rows(self, rows: list[list]) -> None:
        for row in rows:
            self.sheet.append([self._cell(c, v) for c, v in zip(self.columns, row, strict=True)])

    def close(self) -> None:
        self.book.save(self.path)

    def discard(self) -> None:
        pass


class _Csv:
    def __init__(self, path: str, columns: list[Column]) -> None:
        self.columns = columns
        self.fh = open(path, "w", newline="", encoding="utf-8-sig")  # the BOM: Excel reads UTF-8 names right
        self.writer = csv.writer(self.fh)

    def start(self, sample: list[list]) -> None:
        self.writer.writerow([c.heading for c in self.columns])

    def rows(self, rows: list[list]) -> None:
        self.writer.writerows([_safe(str(v)) if v not in (None, "") else "" for v in row] for row in rows)

    def close(self) -> None:
        self.fh.close()

    def discard(self) -> None:
        self.fh.close()  # Windows cannot delete a file still open


def export(store: Store, out: Path, request: ExportRequest) -> int:
    """Write the chosen rows; returns their count. Written atomically: never half a file, nothing on a refusal."""
    request.check()
    if request.what not in WHAT:
        raise ValueError(request.what)
    fmt = request.fmt if request.fmt in FORMATS else "xlsx"
    if request.what == "persons":
        columns, pages = _person_columns(store, request), _persons(store, request.query)
    else:
        columns, pages = _household_columns(store, request), _households(store)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=f".{fmt}")
    os.close(fd)
    count = 0
    writer = _Xlsx(tmp, columns) if fmt == "xlsx" else _Csv(tmp, columns)
    try:
        started = False
        for page in pages:
            values = [[column.value(row) for column in columns] for row in page]
            if not started:
                writer.start(values)
                started = True
            writer.rows(values)
            count += len(values)
        if not started:
            writer.start([])
        writer.close()
        files.replace(tmp, out)
    except BaseException:
        writer.discard()
        Path(tmp).unlink(missing_ok=True)
        raise
    store.audit("export", detail=f"{request.what} {fmt} {count} rows full={request.full} "
                                 f"reason={request.reason.strip()!r}")  # fmt: skip
    return count


def export_persons(store: Store, out: Path, *, fmt: str, full: bool = False, reason: str = "", query: str = "",
                   lang: str = "id") -> int:  # fmt: skip
    """The persons list (its search), masked unless `full` with a reason: `export` with a persons request."""
    return export(store, out, ExportRequest("persons", fmt, full, reason, query, lang))
