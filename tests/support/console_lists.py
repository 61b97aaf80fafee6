"""Seed for the console's work-list tests: many households imported from a DTKS-style list (each flagged
`imported`, its head without a NIK), spread over desa of two kecamatan, some sharing a name and birth date (pairs
by name), through the server's own import."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from forms.samples import kk_for
from server.core.config import Settings
from server.core.db import get_engine, session_scope
from server.crud.imports import import_list

HEADER = ["desa", "no_kk", "nama", "kepala_keluarga", "jenis_kelamin", "tanggal_lahir", "hubungan"]


def import_heads(settings: Settings, rows: list[tuple[str, str, str]], first_serial: int = 100) -> None:
    """One imported household per (desa, name, birth date), its head the only member."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for serial, (desa, name, born) in enumerate(rows, start=first_serial):
        kk = kk_for(desa, date(2012, 1, 5), serial)
        sheet.append([desa, kk, name, name, "P", born, "kepala"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dtks.xlsx"
        book.save(path)
        with session_scope(get_engine(settings.database_url)) as session:
            import_list(session, path=path, actor="user:admin")
