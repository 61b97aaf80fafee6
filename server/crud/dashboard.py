"""The console dashboard's figures for one scope (a TKSK's kecamatan, or "" for the whole district).

Counts per kecamatan and desa, per PPKS category and DTSEN decile, persons without NIK, complaints by
status, what arrived in the last day and which devices have not synced for a long time. PPKS categories
and deciles are kept in columns as households arrive (migration 0009), so every figure is a query.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.ppks import PPKS_CATEGORIES
from server.core.clock import aware, utcnow
from server.crud.figures import (
    StepTime,
    Week,
    by_status,
    figures,
    overdue_and_open,
    overdue_by_desa,
    step_times,
    summed,
    unassigned_open,
    weekly,
)
from server.crud.projections import catch_up as projections_catch_up
from server.crud.worklist import catch_up as worklist_catch_up
from server.models import AreaFigure, ComplaintEventRow, ConflictLog, Device, Record
from server.scope import in_scope
from sync.protocol import Kind

STALE_DAYS = 7  # a device silent this long is listed as not syncing
ARRIVAL_HOURS = 24
TIMED_STEPS = ("diterima", "diverifikasi", "dirujuk", "ditindaklanjuti")


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
    overdue_by_desa: list[tuple[str, int]] = field(default_factory=list)
    step_times: dict[int, list[StepTime]] = field(default_factory=dict)  # 30 | 90 days -> per step
    weeks: list[Week] = field(default_factory=list)
    unassigned: int = 0


def _kecamatan_of(code: str) -> str:
    return ".".join(code.split(".")[:3])


def _name(code: str) -> str:
    region = regions.get(code)
    return region.name if region is not None else ""


def _areas(session: Session, scope: str) -> tuple[list[AreaRow], list[AreaRow], Tally, Tally]:
    """(kecamatan rows, desa rows, persons per PPKS category, households per decile) summed from the desa's
    kept figures (crud/figures.py): a few hundred rows, whatever the district's size."""
    desa, ppks, deciles = {}, Tally(), Tally()
    for f in figures(session, scope):
        desa[f.area] = AreaRow(f.area, _name(f.area), f.households, f.persons, f.without_nik, f.complaints)
        ppks.update(f.ppks or {})
        deciles.update(f.deciles or {})
    kecamatan: dict[str, AreaRow] = {}
    for code, item in desa.items():
        kec = kecamatan.setdefault(
            _kecamatan_of(code), AreaRow(_kecamatan_of(code), _name(_kecamatan_of(code)))
        )
        kec.households += item.households
        kec.persons += item.persons
        kec.without_nik += item.without_nik
        kec.complaints += item.complaints
    return (sorted(kecamatan.values(), key=lambda r: r.code), sorted(desa.values(), key=lambda r: r.code), ppks,
            deciles)  # fmt: skip


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
    """Long because it gathers every figure of the page in one place, each an indexed count or a sum of the
    kept per-desa figures."""
    now = now or utcnow()
    since = now - timedelta(hours=ARRIVAL_HOURS)
    worklist_catch_up(session)
    projections_catch_up(session)
    kecamatan, desa, ppks, deciles = _areas(session, scope)
    overdue, still_open = overdue_and_open(session, scope=scope, now=now)
    events = select(func.count()).select_from(ComplaintEventRow)
    conflicts = (
        select(func.count())
        .select_from(ConflictLog)
        .join(Record, Record.id == ConflictLog.record_id)
        .where(ConflictLog.resolved.is_(False))
    )
    if scope:
        events = events.where(in_scope(ComplaintEventRow.area, scope))
        conflicts = conflicts.where(in_scope(Record.area, scope))
    new_records, updated = {}, 0
    for kind in (
        Kind.HOUSEHOLD.value,
        Kind.COMPLAINT.value,
    ):  # one range of the (kind, deleted, updated_at) index each
        recent = (Record.kind == kind, Record.deleted.is_(False), Record.updated_at >= since,
                  in_scope(Record.area, scope))  # fmt: skip
        if created := session.execute(
            select(func.count()).where(*recent, Record.created_at >= since)
        ).scalar_one():
            new_records[kind] = created
        updated += session.execute(
            select(func.count()).where(*recent, Record.created_at < since)
        ).scalar_one()
    new_events = session.execute(
        events.where(ComplaintEventRow.at >= since.isoformat().replace("+00:00", "Z"))
    ).scalar_one()  # `at` is ISO 8601 UTC text, so text order is time order
    return Dashboard(
        kecamatan=kecamatan,
        desa=desa,
        ppks=[(c.code, c.name_id, c.name_en, ppks[c.code]) for c in PPKS_CATEGORIES if ppks[c.code]],
        deciles=sorted(
            ((k, v) for k, v in deciles.items() if v),
            key=lambda kv: (kv[0] == "", int(kv[0]) if kv[0].isdigit() else 99),
        ),  # fmt: skip
        without_nik=sum(r.without_nik for r in desa),
        complaints_by_status=by_status(session, scope=scope),
        overdue=overdue,
        open_complaints=still_open,
        since=since,
        new_records=new_records,
        updated_records=updated,
        new_events=new_events,
        stale_devices=stale_devices(session, scope=scope, now=now),
        flagged=summed(session, AreaFigure.flags, scope),  # the review list's own count
        open_conflicts=session.execute(conflicts).scalar_one(),
        overdue_by_desa=overdue_by_desa(session, scope=scope, now=now),
        step_times={
            days: step_times(session, scope=scope, days=days, now=now, steps=TIMED_STEPS) for days in (30, 90)
        },
        weeks=weekly(session, scope=scope, now=now),
        unassigned=unassigned_open(session, scope=scope),
    )
