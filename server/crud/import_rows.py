"""Reading a verification list (crud/imports.py) row by row: an XLSX through openpyxl's read-only sheet, a CSV
through the csv module over the open file — never the whole file in memory, so a district's 1.2 million-row
list costs the import no more memory than a desa's.

`scattered(path, key)` is the first of the import's two passes: the households (rows with the same key) whose
rows are not all next to each other. DTKS/DTSEN lists come sorted by KK, so this is usually empty and the
second pass builds each household as soon as its last row is read; the rows of a scattered household are
kept until the end. The pass remembers a hash per household seen — a clash only keeps a household's rows
until the end, it never splits or merges households.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl

from server.errors import BadRequest

HOUSEHOLD_COLUMNS = {"desa", "no_kk", "kepala_keluarga", "dusun", "rt", "rw", "jalan", "desil"}
MEMBER_COLUMNS = {"nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "hubungan"}


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise BadRequest(
            f"Berkas XLSX tidak bisa dibaca: {err}", f"Cannot read the XLSX file: {err}"
        ) from None
    try:
        yield from book.worksheets[0].iter_rows(values_only=True)
    finally:
        book.close()


def _csv_rows(path: Path) -> Iterator[tuple]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            if not first.strip() and not handle.read(1):
                return
            dialect = csv.Sniffer().sniff(first.rstrip("\r\n"), delimiters=",;\t")
            handle.seek(0)
            if (
                handle.read(1) != "\ufeff"
            ):  # utf-8-sig drops the BOM only on the first read: seek back past it
                handle.seek(0)
            for row in csv.reader(handle, dialect):
                yield tuple(row)
    except UnicodeDecodeError:
        raise BadRequest("Berkas CSV harus UTF-8.", "A CSV file must be UTF-8.") from None
    except csv.Error:
        raise BadRequest("Berkas CSV tidak bisa dibaca: pemisah kolom tidak dikenali.",
                         "Cannot read the CSV file: its column separator was not recognised.") from None  # fmt: skip


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def sheet_rows(path: Path) -> Iterator[tuple]:
    """The raw rows of an XLSX or CSV list, header first, read as they are needed."""
    return _csv_rows(path) if path.suffix.lower() == ".csv" else _xlsx_rows(path)


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The sheet's rows as (row number, {column: text}), read as they are needed; BadRequest for an unreadable
    file or unknown columns. XLSX, or CSV as districts export it (UTF-8, with or without a BOM; comma,
    semicolon or tab separated)."""
    rows = sheet_rows(path)
    first = next(rows, None)
    if first is None:
        return
    header = [cell_text(h).lower() for h in first]
    unknown = [h for h in header if h and h not in HOUSEHOLD_COLUMNS | MEMBER_COLUMNS]
    if unknown or not {"desa", "no_kk", "nama"} <= set(header):
        raise BadRequest(
            f"Kolom tidak dikenal atau kurang: {', '.join(unknown) or 'perlu desa, no_kk, nama'}.",
            f"Unknown or missing columns: {', '.join(unknown) or 'desa, no_kk, nama are needed'}.",
        )
    for number, row in enumerate(rows, start=2):
        item = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        if any(item.values()):
            yield number, item


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Every row of the sheet at once (small lists, tests)."""
    return list(iter_rows(path))


def scattered(path: Path, key: Callable[[dict[str, str]], object]) -> set[int]:
    """Hashes of the households whose rows are not all together (first pass; see the module's docstring)."""
    finished: set[int] = set()
    out: set[int] = set()
    current = None
    for _, row in iter_rows(path):
        k = key(row)
        if k is None:
            continue
        h = hash(k)
        if h != current:
            if current is not None:
                finished.add(current)
            if h in finished:
                out.add(h)
            current = h
    return out
