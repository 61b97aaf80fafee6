"""The district's monthly DTSEN package (docs/records.md#dtsen-proposals): the month's proposals agreed at the
village meetings, per desa and kecamatan, checked (the same NIK or No. KK proposed twice, a NIK or No. KK that
cannot be right, a household proposed by another desa too); exported for entry into the national system in a
column layout the admin changes in the console (reference data `dtsen_layout`, shipped with the BNBA
columns); the `dikirim` step recorded. A server write to a proposal bumps its revision so the laptops pull it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.kk import check_kk
from forms.domain.nik import check_nik
from server.core.clock import now_ms, utcnow
from server.crud.audit import audit
from server.crud.proposals import month_proposals
from server.crud.reference import publish_reference
from server.crud.revisions import allocate, path_revisions, stored_path_revisions
from server.errors import BadRequest
from server.models import Record, ReferenceDataRow
from sync.hlc import HybridClock

LAYOUT = "dtsen_layout"
AGREED = "disepakati_musdes"
# The shipped layout: the BNBA columns. Each column takes a proposal answer by name, or one of SPECIAL.
DEFAULT_LAYOUT = [
    {"kolom": "NO", "isian": "nomor"}, {"kolom": "NIK", "isian": "nik"}, {"kolom": "NO_KK", "isian": "no_kk"},
    {"kolom": "NAMA", "isian": "nama"}, {"kolom": "ALAMAT", "isian": "alamat"},
    {"kolom": "KECAMATAN", "isian": "kecamatan"}, {"kolom": "DESA", "isian": "desa_nama"},
    {"kolom": "KODE_DESA", "isian": "desa"}, {"kolom": "JENIS_USULAN", "isian": "jenis"},
    {"kolom": "ALASAN_HAPUS", "isian": "alasan_hapus"}, {"kolom": "KETERANGAN", "isian": "alasan"},
    {"kolom": "TGL_MUSDES", "isian": "tanggal_musdes"},
]  # fmt: skip
SPECIAL = {"nomor", "kecamatan", "desa_nama", "id"}
FIELDS = {"subjek_rumah_tangga", "jenis", "nama", "no_kk", "nik", "desa", "alamat", "tanggal", "alasan_hapus",
          "sanggah_atas", "desil", "alasan", "keputusan_musdes", "tanggal_musdes", "tanggal_kirim"}  # fmt: skip
CHECKS = {
    "duplicate": ("Diusulkan lebih dari sekali bulan ini (NIK atau No. KK sama)",
                  "Proposed more than once this month (same NIK or No. KK)"),
    "nik": ("NIK tidak mungkin benar", "The NIK cannot be right"),
    "kk": ("No. KK tidak mungkin benar", "The No. KK cannot be right"),
    "elsewhere": ("Rumah tangga ini juga diusulkan desa lain", "This household is also proposed by another desa"),
}  # fmt: skip


def region_name(code: str) -> str:
    region = regions.get(code) if code else None
    return region.name if region is not None else code


@dataclass
class Line:
    """One agreed proposal in the package, with its findings (CHECKS keys)."""

    record: Record
    findings: list[str] = field(default_factory=list)

    @property
    def kecamatan(self) -> str:
        return ".".join(self.record.area.split(".")[:3])


def package(session: Session, *, scope: str, month: str) -> list[Line]:
    """The month's agreed proposals inside `scope`, by kecamatan, desa and name, each checked."""
    lines = [
        Line(r) for r in month_proposals(session, scope, month) if r.fields.get("keputusan_musdes") == AGREED
    ]
    by_key: dict[tuple[str, str], list[Line]] = {}
    for line in lines:
        f = line.record.fields
        for key in ("nik", "no_kk"):
            if f.get(key):
                by_key.setdefault((key, str(f[key])), []).append(line)
        if f.get("nik") and check_nik(str(f["nik"])).problems:
            line.findings.append("nik")
        if f.get("no_kk") and check_kk(str(f["no_kk"])).problems:
            line.findings.append("kk")
    for same in by_key.values():
        if len(same) > 1:
            for line in same:
                areas = {other.record.area for other in same}
                for finding in ("duplicate", *(["elsewhere"] if len(areas) > 1 else [])):
                    if finding not in line.findings:
                        line.findings.append(finding)
    return sorted(
        lines, key=lambda ln: (ln.kecamatan, ln.record.area, str(ln.record.fields.get("nama") or ""))
    )


def layout(session: Session) -> list[dict]:
    """The export's columns: the newest published `dtsen_layout`, else the shipped BNBA layout."""
    rows = session.execute(select(ReferenceDataRow).where(ReferenceDataRow.name == LAYOUT)).scalars().all()
    newest = max(rows, key=lambda r: r.published_at, default=None)
    return list(newest.data) if newest is not None else [dict(c) for c in DEFAULT_LAYOUT]


def parse_layout(text: str) -> list[dict]:
    """A layout as the admin types it: one column a line, `HEADER = field`. BadRequest names each bad line."""
    columns, problems = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        header, sep, name = (part.strip() for part in raw.partition("="))
        if not sep or not header or name not in FIELDS | SPECIAL:
            problems.append(number)
            continue
        columns.append({"kolom": header, "isian": name})
    if problems or not columns:
        lines = ", ".join(str(n) for n in problems) or "-"
        raise BadRequest(f"Susunan kolom tidak valid (baris {lines}): tulis KOLOM = isian, isian salah satu dari "
                         f"{', '.join(sorted(FIELDS | SPECIAL))}.",
                         f"Invalid column layout (lines {lines}): write HEADER = field, the field one of "
                         f"{', '.join(sorted(FIELDS | SPECIAL))}.")  # fmt: skip
    return columns


def layout_text(columns: list[dict]) -> str:
    return "\n".join(f"{c['kolom']} = {c['isian']}" for c in columns)


def save_layout(session: Session, text: str, *, actor: str) -> list[dict]:
    columns = parse_layout(text)
    publish_reference(
        session, name=LAYOUT, version=utcnow().strftime("%Y%m%dT%H%M%S%f"), data=columns, actor=actor
    )
    return columns


def _value(line: Line, name: str, number: int) -> str:
    f = line.record.fields
    special = {"nomor": str(number), "kecamatan": region_name(line.kecamatan), "desa_nama": region_name(line.record.area),
               "id": line.record.id}  # fmt: skip
    return special[name] if name in special else str(f.get(name) if f.get(name) is not None else "")


def export_rows(session: Session, lines: list[Line]) -> tuple[list[str], list[list[str]]]:
    columns = layout(session)
    rows = [[_value(line, c["isian"], n) for c in columns] for n, line in enumerate(lines, start=1)]
    return [c["kolom"] for c in columns], rows


def export_file(session: Session, lines: list[Line], fmt: str) -> bytes:
    """The package for the national system, XLSX or CSV, in the current layout."""
    headers, rows = export_rows(session, lines)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
        return out.getvalue().encode("utf-8-sig")
    book = Workbook()
    sheet = book.active
    sheet.title = "DTSEN"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_fields(session: Session, changes: dict[str, dict]) -> None:
    """Server writes to records (record id → {path: value}): fields, clocks and path revisions as a device's
    change would leave them, and one new revision each, so pull carries them to the laptops."""
    if not changes:
        return
    clock = HybridClock("server", now_ms=now_ms)
    records = [session.get(Record, record_id) for record_id in changes]
    for record in records:
        revs = path_revisions(record.path_revs, record.clocks, record.rev or 0)
        fields, clocks = dict(record.fields), dict(record.clocks)
        for path, value in changes[record.id].items():
            fields[path] = value
            clocks[path] = clock.tick()
            revs[path] = 0
        record.fields, record.clocks, record.path_revs = fields, clocks, stored_path_revisions(revs)
        record.updated_at = utcnow()
    first = allocate(session, count=len(records))
    for offset, record in enumerate(records):
        record.rev = first + offset


def mark_sent(session: Session, lines: list[Line], *, day: date, actor: str) -> int:
    """The `dikirim` step: each line not yet sent gets today's `tanggal_kirim`; returns how many."""
    todo = {
        ln.record.id: {"tanggal_kirim": day.isoformat()}
        for ln in lines
        if not ln.record.fields.get("tanggal_kirim")
    }
    write_fields(session, todo)
    audit(
        session,
        actor=actor,
        action="dtsen.sent",
        target=f"proposals:{len(todo)}",
        detail={"ids": list(todo)[:50]},
    )
    return len(todo)
