"""Recipients' lists (PKH, BPNT, ASLUT… as the programmes send them) become `service` records at the district
(issue #31). The XLSX or CSV has a header row and one row per recipient; columns (case-insensitive): `nik`,
`nama`, `tanggal_lahir`, `tanggal` (when the service was received), optional `jumlah`, `instansi`, `layanan`
(else the code given for the whole list). Each row is matched to a registered person by NIK, else by name
(spelling-folded, forms/domain/names.py) and birth date; a row that matches nobody, or several persons, is
reported per row as `import-list` reports a household list, and not imported. Record ids are derived from the
programme, the date and the person, so importing a list twice creates nothing twice. The records reach the
village laptops by pull like any other change, with `sumber = impor_daftar`.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from forms.domain.idnumber import normalize_digits
from forms.domain.names import name_key
from forms.validate import validate
from server.core.clock import now_ms, utcnow
from server.crud import care
from server.crud.audit import audit
from server.crud.forms import get_form
from server.crud.import_rows import cell_text, sheet_rows
from server.crud.imports import REFUSED, ImportReport, RowProblem
from server.crud.revisions import allocate
from server.errors import BadRequest
from server.models import CareRow, Person, Record
from sync.hlc import HybridClock
from sync.protocol import Kind

COLUMNS = {"nik", "nama", "tanggal_lahir", "tanggal", "jumlah", "instansi", "layanan"}
NAMESPACE = uuid.UUID("0f3c1a52-9b7e-4d7e-8f0d-2c1b5e6a9d31")
SERVICE_FORM = "service"


def read_recipients(path: Path) -> list[tuple[int, dict[str, str]]]:
    rows = list(sheet_rows(path))  # a recipients' list is matched whole, row by row
    if not rows:
        return []
    header = [cell_text(h).lower() for h in rows[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if (
        unknown
        or "tanggal" not in header
        or not ({"nik"} <= set(header) or {"nama", "tanggal_lahir"} <= set(header))
    ):
        raise BadRequest(
            f"Kolom tidak dikenal atau kurang: {', '.join(unknown) or 'perlu tanggal dan nik (atau nama dan tanggal_lahir)'}.",
            f"Unknown or missing columns: {', '.join(unknown) or 'tanggal and nik (or nama and tanggal_lahir) are needed'}.",
        )  # fmt: skip
    out = []
    for number, row in enumerate(rows[1:], start=2):
        item = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        if any(item.values()):
            out.append((number, item))
    return out


def match(session: Session, row: dict[str, str]) -> tuple[list[tuple[str, str, str]], str]:
    """The persons a row names — (record id, member id, desa) — and how: by NIK, else by name and birth date."""
    nik = normalize_digits(row.get("nik", ""))
    if nik:
        found = session.execute(
            select(Person.record_id, Person.member_id, Person.desa).where(Person.nik == nik)
        ).all()
        if found:
            return [tuple(f) for f in found], "nik"
    key, born = name_key(row.get("nama", "")), row.get("tanggal_lahir", "")
    if key and born:
        found = session.execute(select(Person.record_id, Person.member_id, Person.desa).where(
            Person.name_key == key, Person.birth_date == born)).all()  # fmt: skip
        return [tuple(f) for f in found], "name_birth"
    return [], ""


def _refuse(report: ImportReport, number: int, column: str, code: str, id_: str, en: str) -> None:
    report.problems.append(RowProblem(number, column, REFUSED, code, id_, en))


def import_recipients(session: Session, *, path: Path, service: str, actor: str = "cli") -> ImportReport:
    """One `service` record per matched row; unmatched, ambiguous and invalid rows reported and left out.
    `report.persons` counts services made, `skipped_existing` those imported before."""
    form = get_form(
        session, form_id=SERVICE_FORM, version=1
    )  # the shipped version: its codes are known everywhere
    clock = HybridClock("server", now_ms=now_ms)
    report, records, seen = ImportReport(), [], set()
    for number, row in read_recipients(path):
        persons, _how = match(session, row)
        if len(persons) != 1:
            none = not persons
            _refuse(report, number, "nik" if row.get("nik") else "nama",
                    "no_match" if none else "several_matches",
                    "Tidak ada orang terdaftar dengan NIK ini (atau nama dan tanggal lahir ini)." if none else
                    f"{len(persons)} orang terdaftar cocok; tidak bisa dipilih otomatis.",
                    "No registered person has this NIK (or this name and birth date)." if none else
                    f"{len(persons)} registered persons match; cannot choose one automatically.")  # fmt: skip
            continue
        record_id_, member_id, desa = persons[0]
        code = row.get("layanan") or service
        answers = {"subjek_rumah_tangga": record_id_, "subjek_anggota": member_id, "subjek_nama": row.get("nama", ""),
                   "desa": desa, "layanan": code, "tanggal": row.get("tanggal", ""), "sumber": "impor_daftar"}  # fmt: skip
        if row.get("instansi"):
            answers["instansi"] = row["instansi"]
        if row.get("jumlah"):
            try:
                answers["jumlah"] = float(row["jumlah"].replace(".", "").replace(",", "."))
            except ValueError:
                _refuse(
                    report,
                    number,
                    "jumlah",
                    "not_a_number",
                    "Jumlah bukan angka.",
                    "The amount is not a number.",
                )
                continue
        errors = validate(form, {k: v for k, v in answers.items() if v != ""}).errors
        if errors:
            p = errors[0]
            _refuse(report, number, p.path or "tanggal", p.code, p.id, p.en)
            continue
        record_id = str(uuid.uuid5(NAMESPACE, f"{code}/{answers['tanggal']}/{record_id_}/{member_id}"))
        if record_id in seen or session.get(Record, record_id) is not None:
            report.skipped_existing += 1
            continue
        seen.add(record_id)
        fields = {k: v for k, v in answers.items() if v not in ("", None)}
        records.append(dict(id=record_id, kind=Kind.SERVICE.value, form_id=form.form_id, form_version=form.version,
                            area=desa, fields=fields, clocks={p: clock.tick() for p in fields}, deleted=False,
                            review_flags=[], origin_device="server", created_by=actor, reference="", decile=None))  # fmt: skip
        report.persons += 1
        report.per_desa[desa] = report.per_desa.get(desa, 0) + 1
    if records:
        first_rev, now = allocate(session, count=len(records)), utcnow()
        for offset, record in enumerate(records):
            rev = first_rev + offset
            record.update(
                rev=rev, path_revs={p: rev for p in record["fields"]}, created_at=now, updated_at=now
            )
        session.execute(insert(Record.__table__), records)
        session.execute(insert(CareRow.__table__), [care.row_of(r["id"], r["kind"], r["area"], r["fields"])
                                                    for r in records])  # fmt: skip
    report.problems.sort(key=lambda p: p.row)
    audit(session, actor=actor, action="import_recipients", target=f"file:{path.name[:60]}",
          detail={"service": service, "services": report.persons, "skipped": report.skipped_existing,
                  "refused_rows": len(report.refused_rows)})  # fmt: skip
    return report
