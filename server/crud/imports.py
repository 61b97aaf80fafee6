"""Verification lists (verivali, DOMAIN.md): an existing DTKS/DTSEN list becomes prefilled household records.

The XLSX has a header row and one row per person; rows with the same desa and No. KK form one household.
Columns (case-insensitive; unknown ones are refused by name): desa, no_kk, kepala_keluarga, dusun, rt, rw,
jalan, desil, nik, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, hubungan. Record and member ids are
derived from the desa, No. KK and NIK/name, so importing the same list twice creates nothing twice.
Records are stamped by the server's clock, flagged `imported` for verification in the field, and reach
the village laptops by pull like any other change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.names import name_key
from server.core.clock import now_ms, utcnow
from server.crud.audit import audit
from server.crud.forms import get_form
from server.crud.revisions import allocate
from server.errors import BadRequest
from server.models import Person, Record
from server.scope import like_pattern
from sync.hlc import HybridClock, device_of
from sync.paths import flatten
from sync.protocol import ReviewFlag

HOUSEHOLD_COLUMNS = {"desa", "no_kk", "kepala_keluarga", "dusun", "rt", "rw", "jalan", "desil"}
MEMBER_COLUMNS = {"nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "hubungan"}
NAMESPACE = uuid.UUID("6a7c2f1e-5d1b-4c1e-9a0e-7b9b1c3d2e10")
SERVER_DEVICE = "server"


@dataclass
class ImportReport:
    households: int = 0
    persons: int = 0
    skipped_existing: int = 0
    per_desa: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def read_rows(path: Path) -> list[dict[str, str]]:
    """The sheet's rows as {column: text}; BadRequest for an unreadable file or unknown columns."""
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise BadRequest(
            f"Berkas XLSX tidak bisa dibaca: {err}", f"Cannot read the XLSX file: {err}"
        ) from None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows:
        return []
    header = [_text(h).lower() for h in rows[0]]
    unknown = [h for h in header if h and h not in HOUSEHOLD_COLUMNS | MEMBER_COLUMNS]
    if unknown or not {"desa", "no_kk", "nama"} <= set(header):
        raise BadRequest(
            f"Kolom tidak dikenal atau kurang: {', '.join(unknown) or 'perlu desa, no_kk, nama'}.",
            f"Unknown or missing columns: {', '.join(unknown) or 'desa, no_kk, nama are needed'}.",
        )
    out = []
    for row in rows[1:]:
        item = {h: _text(v) for h, v in zip(header, row, strict=False) if h}
        if any(item.values()):
            out.append(item)
    return out


def import_list(
    session: Session, *, path: Path, form_id: str = "ppks_registration", actor: str = "cli"
) -> ImportReport:
    """Create one prefilled record per household of the list (skipping households already imported)."""
    form = get_form(session, form_id=form_id, version=max(_versions(session, form_id)))
    report = ImportReport()
    households: dict[tuple[str, str], list[dict[str, str]]] = {}
    for number, row in enumerate(read_rows(path), start=2):
        region = regions.get(row.get("desa", ""))
        if region is None or region.level != "desa":
            report.problems.append(f"row {number}: unknown desa code {row.get('desa', '')!r}")
            continue
        households.setdefault((region.code, row.get("no_kk", "")), []).append(row)
    clock = HybridClock(SERVER_DEVICE, now_ms=now_ms)
    flag = ReviewFlag(code="imported", id="Data impor dari daftar DTKS/DTSEN; verifikasi di lapangan.",
                      en="Imported from a DTKS/DTSEN list; verify in the field.").model_dump()  # fmt: skip
    records, persons = [], []
    for (desa, no_kk), rows in households.items():
        record_id = str(uuid.uuid5(NAMESPACE, f"{form.form_id}/{desa}/{no_kk or rows[0].get('nama')}"))
        if session.get(Record, record_id) is not None:
            report.skipped_existing += 1
            continue
        first = rows[0]
        answers: dict = {"no_kk": no_kk, "kepala_keluarga": first.get("kepala_keluarga") or first.get("nama"),
                         "alamat": {"desa": desa, **{k: first[k] for k in ("dusun", "rt", "rw", "jalan") if first.get(k)}},
                         "anggota": {}}  # fmt: skip
        if first.get("desil"):
            answers["desil"] = first["desil"]
        for position, row in enumerate(rows, start=1):
            member_id = str(
                uuid.uuid5(NAMESPACE, f"{record_id}/{row.get('nik') or row.get('nama')}/{position}")
            )
            member = {"_pos": position, **{k: row[k] for k in MEMBER_COLUMNS if row.get(k)}}
            if row.get("nik"):
                member["nik_status"] = "ada"
            answers["anggota"][member_id] = member
            persons.append(dict(record_id=record_id, member_id=member_id, desa=desa,
                                no_kk=no_kk if len(no_kk) == 16 else None,
                                nik=row.get("nik") if len(row.get("nik", "")) == 16 else None,
                                name_key=name_key(row.get("nama", ""))[:200],
                                birth_date=row.get("tanggal_lahir") or None,
                                sex=row.get("jenis_kelamin") if row.get("jenis_kelamin") in ("L", "P") else None,
                                status="aktif"))  # fmt: skip
        fields = {p: v for p, v in flatten(answers).items() if v not in ("", None)}
        clocks = {p: clock.tick() for p in fields}
        records.append(dict(id=record_id, kind=form.kind, form_id=form.form_id, form_version=form.version, area=desa,
                            fields=fields, clocks=clocks, deleted=False, review_flags=[flag],
                            origin_device=SERVER_DEVICE, created_by=actor, reference=""))  # fmt: skip
        report.households += 1
        report.persons += len(rows)
        report.per_desa[desa] = report.per_desa.get(desa, 0) + 1
    if records:
        first_rev, now = allocate(session, count=len(records)), utcnow()
        for offset, record in enumerate(records):
            rev = first_rev + offset
            record.update(
                rev=rev, path_revs={p: rev for p in record["fields"]}, created_at=now, updated_at=now
            )
        session.execute(insert(Record.__table__), records)
        session.execute(insert(Person), persons)
    audit(session, actor=actor, action="import_list", target=f"file:{path.name[:60]}",
          detail={"households": report.households, "persons": report.persons, "skipped": report.skipped_existing})  # fmt: skip
    return report


def _versions(session: Session, form_id: str) -> list[int]:
    from server.crud.forms import process_registry
    from server.models import FormDefinition

    published = session.execute(
        select(FormDefinition.version).where(FormDefinition.form_id == form_id)
    ).scalars()
    versions = set(process_registry(session).versions(form_id)) | set(published)
    if not versions:
        raise BadRequest(f"Formulir '{form_id}' tidak dikenal.", f"Unknown form '{form_id}'.")
    return sorted(versions)


@dataclass(frozen=True)
class DesaProgress:
    desa: str
    name: str
    imported: int  # households the lists created in this desa
    touched: int  # of those, how many a device has verified or edited since


def import_progress(session: Session, *, scope: str = "") -> list[DesaProgress]:
    """Per desa: imported households, and how many carry at least one answer stamped by a device (the
    server stamps imports with its own clock, so any other stamp is a field worker's verification or edit)."""
    query = select(Record.area, Record.clocks).where(
        Record.origin_device == SERVER_DEVICE, Record.deleted.is_(False)
    )
    if scope:
        query = query.where(or_(Record.area == scope, Record.area.like(like_pattern(scope))))
    imported: dict[str, int] = {}
    touched: dict[str, int] = {}
    for area, clocks in session.execute(query.execution_options(yield_per=500)):
        imported[area] = imported.get(area, 0) + 1
        if any(device_of(stamp) != SERVER_DEVICE for stamp in (clocks or {}).values()):
            touched[area] = touched.get(area, 0) + 1
    return [DesaProgress(desa=area, name=(regions.get(area).name if regions.get(area) else ""),
                         imported=count, touched=touched.get(area, 0))
            for area, count in sorted(imported.items())]  # fmt: skip
