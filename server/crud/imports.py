"""Verification lists (verivali, docs/domain.md#verification-lists): an existing DTKS/DTSEN list becomes
prefilled household records.

The XLSX has a header row and one row per person; rows with the same desa and No. KK form one household.
Columns (case-insensitive; unknown ones are refused by name): desa, no_kk, kepala_keluarga, dusun, rt, rw,
jalan, desil, nik, nama, jenis_kelamin, tempat_lahir, tanggal_lahir, hubungan. Record and member ids are
derived from the desa, No. KK and NIK/name, so importing the same list twice creates nothing twice.
Records are stamped by the server's clock, flagged `imported` for verification in the field, and reach
the village laptops by pull like any other change.

Each member starts with the answers a new member has on a device (`forms.validate.new_answers`: status
`aktif`, so nobody is asked for a date of death or move), and each household is checked by the form's own
validator — the same rules (forms/domain) a device's verification is judged by when it is pushed — so a bad
value is reported now, per row and column, instead of blocking the volunteer later:
- a household whose No. KK is missing or invalid is not imported (the No. KK is the household's identity in
  DTKS/DTSEN and in its record id; a guess would create a household nobody can match), nor a row without a
  name (nobody could verify it);
- an invalid NIK is left out and the member imported as `nik_status = tidak_diketahui`
  (docs/domain.md#people-without-a-nik: people
  without a NIK are registered too, with the reason) — dropping a listed person would lose the very household
  member verification should confirm; the volunteer types the NIK from the KTP or KK;
- any other invalid listed value (sex, birth date, relation, RT/RW, decile) is left out for the volunteer;
- a NIK that disagrees with the listed sex or birth date is imported as listed: only the KTP in the field
  can tell which is wrong, and the volunteer corrects one or overrides with a reason (docs/domain.md#nik).
Households with a left-out or disputed value carry a second review flag naming those fields.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from forms.definition import FormDef
from forms.domain import regions
from forms.domain.idnumber import normalize_digits
from forms.problems import Problem
from forms.projection import project
from forms.validate import new_answers, validate
from server.core.clock import now_ms, utcnow
from server.crud.audit import audit
from server.crud.forms import get_form
from server.crud.import_rows import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, iter_rows, scattered
from server.crud.persons import decile_of, person_rows
from server.crud.revisions import allocate
from server.errors import BadRequest
from server.models import Person, Record
from server.scope import in_scope
from sync.hlc import HybridClock, device_of
from sync.paths import flatten
from sync.protocol import ReviewFlag

ADDRESS_COLUMNS = ("dusun", "rt", "rw", "jalan")
NAMESPACE = uuid.UUID("6a7c2f1e-5d1b-4c1e-9a0e-7b9b1c3d2e10")
SERVER_DEVICE = "server"
CHUNK = 1000  # households per INSERT
NO_NIK_REASON = "tidak_diketahui"  # the form's nik_status for a listed person whose NIK is missing or invalid

# What happened to a row a problem was found in, in both languages.
REFUSED, LEFT_OUT, NO_NIK, TO_CHECK = "refused", "left_out", "imported_without_nik", "imported_to_check"
OUTCOMES = {
    REFUSED: ("baris tidak diimpor", "row not imported"),
    LEFT_OUT: ("nilai dikosongkan, diisi saat verifikasi", "value left out, to be filled in at verification"),
    NO_NIK: ("diimpor tanpa NIK (NIK tidak diketahui), diisi saat verifikasi",
             "imported without NIK (NIK unknown), to be filled in at verification"),
    TO_CHECK: ("diimpor, diperiksa relawan saat verifikasi", "imported, for the volunteer to check at verification"),
}  # fmt: skip


@dataclass(frozen=True)
class RowProblem:
    """One finding about one cell of the list: its row (the header is row 1), column, reason and outcome."""

    row: int
    column: str
    outcome: str  # REFUSED, LEFT_OUT, NO_NIK or TO_CHECK
    code: str  # the rule's machine code (forms/problems.py), e.g. kk_serial_zero
    id: str
    en: str

    def message(self, lang: str = "id") -> str:
        outcome_id, outcome_en = OUTCOMES[self.outcome]
        if lang == "en":
            return f"Row {self.row}, column {self.column}: {self.en} — {outcome_en}."
        return f"Baris {self.row}, kolom {self.column}: {self.id} — {outcome_id}."

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "outcome": self.outcome, "code": self.code, "id": self.id,
                "en": self.en}  # fmt: skip


@dataclass
class ImportReport:
    households: int = 0
    persons: int = 0
    skipped_existing: int = 0
    per_desa: dict[str, int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.outcome == REFUSED})

    def summary(self, lang: str = "id") -> str:
        """How many rows were refused and how many kept with a value left out, in the page's language."""
        refused, kept = len(self.refused_rows), len({p.row for p in self.problems}) - len(self.refused_rows)
        if lang == "en":
            return f"{refused} rows not imported; {kept} rows imported with a value left out or to check."
        return f"{refused} baris tidak diimpor; {kept} baris diimpor dengan nilai dikosongkan atau perlu diperiksa."

    def to_json(self) -> dict:
        return {"households": self.households, "persons": self.persons, "skipped_existing": self.skipped_existing,
                "per_desa": self.per_desa, "refused_rows": self.refused_rows,
                "problems": [p.to_json() for p in self.problems]}  # fmt: skip


@dataclass
class _Household:
    """One household of the list being built: its answers and, per member id, the sheet row it came from."""

    record_id: str
    desa: str
    rows: list[tuple[int, dict[str, str]]]
    answers: dict = field(default_factory=dict)
    member_rows: dict[str, int] = field(default_factory=dict)
    flagged_paths: list[str] = field(default_factory=list)


def _build(form: FormDef, household: _Household, no_kk: str) -> None:
    first = household.rows[0][1]
    answers = new_answers(form)
    answers.update(no_kk=no_kk, kepala_keluarga=first.get("kepala_keluarga") or first.get("nama"), anggota={})
    answers["alamat"] = {**answers.get("alamat", {}), "desa": household.desa,
                         **{k: first[k] for k in ADDRESS_COLUMNS if first.get(k)}}  # fmt: skip
    if first.get("desil"):
        answers["desil"] = first["desil"]
    starting = new_answers(form, "anggota")  # status_anggota 'aktif', nik_status 'ada' (the form's defaults)
    for position, (number, row) in enumerate(household.rows, start=1):
        member_id = str(
            uuid.uuid5(NAMESPACE, f"{household.record_id}/{row.get('nik') or row.get('nama')}/{position}")
        )
        member = {**starting, "_pos": position, **{k: row[k] for k in MEMBER_COLUMNS if row.get(k)}}
        if row.get("nik"):
            member["nik"] = normalize_digits(row["nik"])
        else:
            member["nik_status"] = NO_NIK_REASON
        answers["anggota"][member_id] = member
        household.member_rows[member_id] = number
    household.answers = answers


def _cell(path: str) -> tuple[str | None, str] | None:
    """The (member id or None, column) of the list a validator path points at; None for a field the list
    does not fill (consent, housing, …: the volunteer answers those at verification)."""
    parts = path.split("/")
    if len(parts) == 3 and parts[0] == "anggota" and parts[2] in MEMBER_COLUMNS:
        return parts[1], parts[2]
    if len(parts) == 2 and parts[0] == "alamat" and parts[1] in ADDRESS_COLUMNS:
        return None, parts[1]
    if len(parts) == 1 and parts[0] in HOUSEHOLD_COLUMNS:
        return None, parts[0]
    return None


def _check(form: FormDef, household: _Household, report: ImportReport) -> bool:
    """Validate the built household and act on each error in a listed value (see the module's docstring);
    False when the household is not imported at all."""
    found: list[tuple[str | None, str, Problem]] = []
    for problem in validate(form, household.answers).problems:
        cell = _cell(problem.path) if problem.is_error else None
        if cell is not None and (problem.code != "required" or cell[1] in ("no_kk", "nama")):
            found.append((*cell, problem))
    if any(column == "no_kk" for _, column, _ in found):
        problem = next(p for _, column, p in found if column == "no_kk")
        for number, _ in household.rows:
            report.problems.append(RowProblem(number, "no_kk", REFUSED, problem.code, problem.id, problem.en))
        return False
    members, first_row = household.answers["anggota"], household.rows[0][0]
    found.sort(key=lambda item: item[2].overridable)  # an unreadable NIK first: then nothing is left to check
    for member_id, column, problem in found:
        number = household.member_rows[member_id] if member_id else first_row
        if member_id is not None and member_id not in members:
            continue  # the row is refused already
        if column == "nama":
            members.pop(member_id)
            outcome = REFUSED
        elif column == "nik" and problem.overridable:
            if "nik" not in members[member_id]:
                continue  # left out already for an error of its own
            outcome = TO_CHECK
        elif column == "nik":
            members[member_id].pop("nik", None)
            members[member_id]["nik_status"] = NO_NIK_REASON
            outcome = NO_NIK
        else:
            container = members[member_id] if member_id else household.answers
            container = household.answers["alamat"] if column in ADDRESS_COLUMNS else container
            container.pop(column, None)
            outcome = LEFT_OUT
        if outcome != REFUSED:
            household.flagged_paths.append(problem.path)
        report.problems.append(RowProblem(number, column, outcome, problem.code, problem.id, problem.en))
    return bool(members)


class _Writer:
    """Builds, checks and inserts households as the list yields them, CHUNK records per INSERT, so memory holds
    one chunk whatever the list's length."""

    def __init__(self, session: Session, form: FormDef, report: ImportReport, actor: str) -> None:
        self.session, self.form, self.report, self.actor = session, form, report, actor
        self.clock = HybridClock(SERVER_DEVICE, now_ms=now_ms)
        self.flag = ReviewFlag(code="imported", id="Data impor dari daftar DTKS/DTSEN; verifikasi di lapangan.",
                               en="Imported from a DTKS/DTSEN list; verify in the field.").model_dump()  # fmt: skip
        self.records: list[dict] = []
        self.persons: list[dict] = []

    def add(self, desa: str, no_kk: str, rows: list[tuple[int, dict[str, str]]]) -> None:
        form, report = self.form, self.report
        record_id = str(uuid.uuid5(NAMESPACE, f"{form.form_id}/{desa}/{no_kk or rows[0][1].get('nama')}"))
        if self.session.get(Record, record_id) is not None:
            report.skipped_existing += 1
            return
        household = _Household(record_id, desa, rows)
        _build(form, household, no_kk)
        if not _check(form, household, report):
            return
        answers = household.answers
        flags = [self.flag]
        if household.flagged_paths:
            flags.append(ReviewFlag(code="import_values_checked", paths=sorted(set(household.flagged_paths)),
                                    id="Nilai dari daftar yang tidak sah dikosongkan atau perlu diperiksa.",
                                    en="Invalid values of the list were left out or need checking.").model_dump())  # fmt: skip
        fields = {p: v for p, v in flatten(answers).items() if v not in ("", None)}
        clocks = {p: self.clock.tick() for p in fields}
        self.records.append(dict(id=record_id, kind=form.kind, form_id=form.form_id, form_version=form.version,
                                 area=desa, fields=fields, clocks=clocks, deleted=False, review_flags=flags,
                                 origin_device=SERVER_DEVICE, created_by=self.actor, reference="",
                                 decile=decile_of(answers.get("desil"))))  # fmt: skip
        self.persons += person_rows(record_id, desa, answers.get("no_kk"), project(form, answers).persons)
        report.households += 1
        report.persons += len(answers["anggota"])
        report.per_desa[desa] = report.per_desa.get(desa, 0) + 1
        if len(self.records) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.records:
            return
        first_rev, now = allocate(self.session, count=len(self.records)), utcnow()
        for offset, record in enumerate(self.records):
            rev = first_rev + offset
            record.update(
                rev=rev, path_revs={p: rev for p in record["fields"]}, created_at=now, updated_at=now
            )
        self.session.execute(insert(Record.__table__), self.records)
        self.session.execute(insert(Person), self.persons)
        self.records, self.persons = [], []


def _household_key(row: dict[str, str]) -> tuple[str, str] | None:
    region = regions.get(row.get("desa", ""))
    if region is None or region.level != "desa":
        return None
    return region.code, normalize_digits(row.get("no_kk", ""))


def import_list(
    session: Session, *, path: Path, form_id: str = "ppks_registration", actor: str = "cli"
) -> ImportReport:
    """Create one prefilled record per household of the list (skipping households already imported); every
    value the form refuses is reported per row and column, and left out or its household refused. The list
    is read twice, row by row (crud/import_rows.py): memory holds a chunk of households, not the list."""
    form = get_form(session, form_id=form_id, version=max(_versions(session, form_id)))
    report = ImportReport()
    writer = _Writer(session, form, report, actor)
    apart = scattered(path, _household_key)
    later: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    key, rows = None, []
    for number, row in iter_rows(path):
        row_key = _household_key(row)
        if row_key is None:
            report.problems.append(RowProblem(number, "desa", REFUSED, "unknown_desa",
                                              f"Kode desa '{row.get('desa', '')}' tidak dikenal.",
                                              f"Unknown desa code '{row.get('desa', '')}'."))  # fmt: skip
        elif hash(row_key) in apart:
            later.setdefault(row_key, []).append((number, row))
        elif row_key == key:
            rows.append((number, row))
        else:
            if key is not None:
                writer.add(*key, rows)
            key, rows = row_key, [(number, row)]
    if key is not None:
        writer.add(*key, rows)
    for (desa, no_kk), scattered_rows in later.items():
        writer.add(desa, no_kk, scattered_rows)
    writer.flush()
    report.problems.sort(key=lambda p: p.row)
    audit(session, actor=actor, action="import_list", target=f"file:{path.name[:60]}",
          detail={"households": report.households, "persons": report.persons, "skipped": report.skipped_existing,
                  "refused_rows": len(report.refused_rows), "problems": len(report.problems)})  # fmt: skip
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
        query = query.where(in_scope(Record.area, scope))
    imported: dict[str, int] = {}
    touched: dict[str, int] = {}
    for area, clocks in session.execute(query.execution_options(yield_per=500)):
        imported[area] = imported.get(area, 0) + 1
        if any(device_of(stamp) != SERVER_DEVICE for stamp in (clocks or {}).values()):
            touched[area] = touched.get(area, 0) + 1
    return [DesaProgress(desa=area, name=(regions.get(area).name if regions.get(area) else ""),
                         imported=count, touched=touched.get(area, 0))
            for area, count in sorted(imported.items())]  # fmt: skip
