"""Export of the persons list to XLSX or CSV — an audited act (PDP law, DOMAIN.md).

By default NIKs are masked and health and disability columns are left out; `full=True` includes them
only with a reason, which goes to the audit trail.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from app.store import queries
from app.store.store import Store
from forms.problems import UserError
from sync import files

BASE_COLUMNS = [
    "nama",
    "nik",
    "jenis_kelamin",
    "tanggal_lahir",
    "desa",
    "no_kk",
    "kepala_keluarga",
    "status",
    "ppks",
]
SENSITIVE_COLUMNS = ["disabilitas"]


class ExportReasonRequired(UserError):
    code = "export_reason_required"

    def __init__(self) -> None:
        super().__init__(
            "Ekspor lengkap (NIK utuh, data disabilitas) memerlukan alasan.",
            "A full export (whole NIKs, disability data) needs a reason.",
        )


def mask_nik(nik: str | None) -> str:
    return "" if not nik else nik[:6] + "*" * 6 + nik[-4:]


def export_persons(store: Store, out: Path, *, fmt: str, full: bool = False, reason: str = "",
                   query: str = "") -> int:  # fmt: skip
    """Write the (searched) persons list; returns the row count. Written atomically: never half a file."""
    if full and not reason.strip():
        raise ExportReasonRequired()
    columns = BASE_COLUMNS + (SENSITIVE_COLUMNS if full else [])
    rows, offset = [], 0
    while True:
        page = queries.persons(store.db.reader(), query=query, offset=offset, limit=5000)
        for p in page.rows:
            row = [p.name, p.nik if full else mask_nik(p.nik), p.sex, p.birth_date, p.desa_name, p.no_kk,
                   p.head_name, p.status, " ".join(p.ppks)]  # fmt: skip
            if full:
                row.append(" ".join(p.disability))
            rows.append(row)
        offset += len(page.rows)
        if not page.rows or offset >= page.total:
            break
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=f".{fmt}")
    os.close(fd)
    try:
        if fmt == "csv":
            with open(tmp, "w", newline="", encoding="utf-8-sig") as fh:
                writer = csv.writer(fh)
                writer.writerow(columns)
                writer.writerows(rows)
        else:
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("PPKS")
            sheet.append(columns)
            for row in rows:
                sheet.append(row)
            workbook.save(tmp)
        files.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    store.audit("export", detail=f"{fmt} {len(rows)} rows full={full} reason={reason.strip()!r}")
    return len(rows)
