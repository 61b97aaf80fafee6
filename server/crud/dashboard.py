"""The console dashboard's figures for one scope (a TKSK's kecamatan, or "" for the whole district).

Counts per kecamatan and desa, per PPKS category and DTSEN decile, persons without NIK, complaints by
status, what arrived in the last day and which devices have not synced for a long time. PPKS categories
and deciles are kept in columns as households arrive (migration 0009), so every figure is a query.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.ppks import PPKS_CATEGORIES
from server.core.clock import aware, utcnow
from server.crud.complaints import list_complaints
from server.models import ComplaintEventRow, ConflictLog, Device, Person, Record
from server.scope import in_scope
from sync.protocol import Kind

STALE_DAYS = 7  # a device silent this long is listed as not syncing
ARRIVAL_HOURS = 24


@dataclass
class AreaRow:
    code: str
    name: str
    households: int = 0
    persons: int = 0
    without_nik: int = 0
    complaints: int = 0


@dataclass
class Dashboard:
    kecamatan: list[AreaRow]
    desa: list[AreaRow]
    ppks: list[tuple[str, str, str, int]]  # (code, Indonesian name, English name, persons)
    deciles: list[tuple[str, int]]  # ("1".."10" or "" for unknown, households)
    without_nik: int
    complaints_by_status: dict[str, int]
    overdue: int
    open_complaints: int
    since: datetime
    new_records: dict[str, int]  # kind -> records created since `since`
    updated_records: int  # older records changed since `since`
    new_events: int  # complaint steps since `since`
    stale_devices: list[Device] = field(default_factory=list)
    flagged: int = 0
    open_conflicts: int = 0


def _kecamatan_of(code: str) -> str:
    return ".".join(code.split(".")[:3])


def _name(code: str) -> str:
    region = regions.get(code)
    return region.name if region is not None else ""


def _household_answers(session: Session, scope: str) -> tuple[Tally, Tally]:
    """(persons per PPKS category, households per decile): GROUP BYs over the columns push and import fill
    in (`person.ppks`, `record.decile`); a member's categories are stored as one text, so each distinct
    combination is split here (there are few)."""
    ppks, deciles = Tally(), Tally()
    people = select(Person.ppks, func.count()).where(Person.ppks.is_not(None))
    households = select(Record.decile, func.count()).where(
        Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False)
    )
    if scope:
        people = people.where(in_scope(Person.desa, scope))
        households = households.where(in_scope(Record.area, scope))
    for codes, count in session.execute(people.group_by(Person.ppks)):
        for code in codes.split():
            ppks[code] += count
    for decile, count in session.execute(households.group_by(Record.decile)):
        deciles[decile or ""] += count  # "tidak_tahu" and no answer are both unknown
    return ppks, deciles


def _areas(session: Session, scope: str) -> tuple[list[AreaRow], list[AreaRow]]:
    desa: dict[str, AreaRow] = {}

    def row(code: str) -> AreaRow:
        return desa.setdefault(code, AreaRow(code, _name(code)))

    query = select(Record.area, Record.kind, func.count()).where(Record.deleted.is_(False))
    if scope:
        query = query.where(in_scope(Record.area, scope))
    for area, kind, count in session.execute(query.group_by(Record.area, Record.kind)):
        if kind == Kind.HOUSEHOLD.value:
            row(area).households += count
        elif kind == Kind.COMPLAINT.value:
            row(area).complaints += count
    people = select(Person.desa, func.count(), func.count(Person.nik)).join(
        Record, Record.id == Person.record_id
    ).where(Record.deleted.is_(False))  # fmt: skip
    if scope:
        people = people.where(in_scope(Person.desa, scope))
    for area, total, with_nik in session.execute(people.group_by(Person.desa)):
        row(area).persons += total
        row(area).without_nik += total - with_nik
    kecamatan: dict[str, AreaRow] = {}
    for code, item in desa.items():
        kec = kecamatan.setdefault(
            _kecamatan_of(code), AreaRow(_kecamatan_of(code), _name(_kecamatan_of(code)))
        )
        kec.households += item.households
        kec.persons += item.persons
        kec.without_nik += item.without_nik
        kec.complaints += item.complaints
    return sorted(kecamatan.values(), key=lambda r: r.code), sorted(desa.values(), key=lambda r: r.code)


def stale_devices(session: Session, *, scope: str, now: datetime, days: int = STALE_DAYS) -> list[Device]:
    """Devices not revoked whose last sync (push or bundle) is older than `days`, or that never synced."""
    cutoff = now - timedelta(days=days)
    query = select(Device).where(Device.status != "revoked")
    if scope:
        query = query.where(in_scope(Device.area, scope))
    found = [d for d in session.execute(query).scalars()
             if d.last_seen_at is None or aware(d.last_seen_at) < cutoff]  # fmt: skip
    return sorted(found, key=lambda d: (d.last_seen_at is not None, aware(d.last_seen_at or now), d.area))


def dashboard(session: Session, *, scope: str, now: datetime | None = None) -> Dashboard:
    now = now or utcnow()
    since = now - timedelta(hours=ARRIVAL_HOURS)
    kecamatan, desa = _areas(session, scope)
    ppks, deciles = _household_answers(session, scope)
    complaints = list_complaints(session, scope=scope, now=now)
    by_status = Tally(c.status for c in complaints)

    recent = [Record.updated_at >= since, Record.deleted.is_(False)]
    events = select(func.count()).select_from(ComplaintEventRow)
    flagged = (  # review flags are a JSON list, stored as "[]" when empty
        select(func.count())
        .select_from(Record)
        .where(Record.deleted.is_(False), cast(Record.review_flags, String).notin_(["[]", "null"]))
    )
    conflicts = (
        select(func.count())
        .select_from(ConflictLog)
        .join(Record, Record.id == ConflictLog.record_id)
        .where(ConflictLog.resolved.is_(False))
    )
    if scope:
        recent.append(in_scope(Record.area, scope))
        events = events.where(in_scope(ComplaintEventRow.area, scope))
        flagged = flagged.where(in_scope(Record.area, scope))
        conflicts = conflicts.where(in_scope(Record.area, scope))
    new_records = dict(session.execute(
        select(Record.kind, func.count()).where(*recent, Record.created_at >= since).group_by(Record.kind)
    ).all())  # fmt: skip
    updated = session.execute(
        select(func.count()).select_from(Record).where(*recent, Record.created_at < since)
    ).scalar_one()
    new_events = session.execute(
        events.where(ComplaintEventRow.at >= since.isoformat().replace("+00:00", "Z"))
    ).scalar_one()  # `at` is ISO 8601 UTC text, so text order is time order
    return Dashboard(
        kecamatan=kecamatan,
        desa=desa,
        ppks=[(c.code, c.name_id, c.name_en, ppks[c.code]) for c in PPKS_CATEGORIES if ppks[c.code]],
        deciles=sorted(deciles.items(), key=lambda kv: (kv[0] == "", int(kv[0]) if kv[0].isdigit() else 99)),
        without_nik=sum(r.without_nik for r in desa),
        complaints_by_status=dict(by_status),
        overdue=sum(1 for c in complaints if c.overdue),
        open_complaints=sum(1 for c in complaints if c.due is not None),
        since=since,
        new_records=new_records,
        updated_records=updated,
        new_events=new_events,
        stale_devices=stale_devices(session, scope=scope, now=now),
        flagged=session.execute(flagged).scalar_one(),
        open_conflicts=session.execute(conflicts).scalar_one(),
    )
