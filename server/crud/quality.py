"""The console's data-quality lists besides duplicates: review flags and conflicts to resolve, NIK/birth-date
overrides with their reasons, and persons without a NIK (the Dukcapil follow-up list).

Resolving a review flag is a server-owned change of the record: it gets a new revision, so the devices
holding the household drop the flag on their next pull.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.records import EXPORT_LIMIT, desa_name, members_of, text_contains
from server.crud.revisions import allocate, path_revisions
from server.errors import NotFound
from server.models import ConflictLog, Person, Record
from server.scope import covers, in_scope
from sync.protocol import Kind

LIST_LIMIT = 500


@dataclass(frozen=True)
class NoNikRow:
    record_id: str
    member_id: str
    name: str
    sex: str
    birth_date: str
    reason: str
    area: str
    desa_name: str


def persons_without_nik(session: Session, *, scope: str, limit: int | None = None) -> list[NoNikRow]:
    """Members with no NIK, with the reason given (belum_punya, tidak_diketahui, hilang), by desa and name;
    the first `limit` (None: up to EXPORT_LIMIT)."""
    persons = list(session.execute(
        select(Person).where(Person.nik.is_(None), in_scope(Person.desa, scope))
        .order_by(Person.desa, Person.name_key, Person.record_id, Person.member_id)
        .limit(limit or EXPORT_LIMIT)).scalars())  # fmt: skip
    ids = {p.record_id for p in persons}
    fields = (
        dict(session.execute(select(Record.id, Record.fields).where(Record.id.in_(ids))).all()) if ids else {}
    )
    members = {(r, m.member_id): m for r, f in fields.items() for m in members_of(f or {})}
    out = []
    for p in persons:
        m = members.get((p.record_id, p.member_id))
        if m is None:
            continue
        out.append(NoNikRow(record_id=p.record_id, member_id=p.member_id, name=m.name, sex=m.sex,
                            birth_date=m.birth_date, reason=m.nik_status, area=p.desa, desa_name=desa_name(p.desa)))  # fmt: skip
    return out


def count_without_nik(session: Session, *, scope: str) -> int:
    return session.execute(
        select(func.count()).where(Person.nik.is_(None), in_scope(Person.desa, scope))
    ).scalar_one()


@dataclass(frozen=True)
class OverrideRow:
    record_id: str
    member_name: str
    check: str  # "<field>:<problem code>", as forms/plan.py keys it
    reason: str
    area: str


def overrides(session: Session, *, scope: str) -> list[OverrideRow]:
    """Every waived NIK/birth-date check with the volunteer's reason (visible to the district:
    docs/domain.md#nik)."""
    records = session.execute(
        select(Record.id, Record.area, Record.fields).where(
            Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False), in_scope(Record.area, scope),
            text_contains(Record.__table__.c.fields, "_overrides")).limit(LIST_LIMIT))  # fmt: skip
    out = []
    for record_id, area, fields in records:
        for m in members_of(fields or {}):
            out += [OverrideRow(record_id=record_id, member_name=m.name, check=check, reason=reason, area=area)
                    for check, reason in sorted(m.overrides.items())]  # fmt: skip
    return out


@dataclass(frozen=True)
class FlaggedRow:
    record_id: str
    area: str
    desa_name: str
    head: str
    code: str
    message_id: str
    message_en: str


def flagged(session: Session, *, scope: str) -> list[FlaggedRow]:
    """Review flags of the households `scope` may see (merged-record flags, imported lists, …)."""
    rows = session.execute(
        select(Record.id, Record.area, Record.fields, Record.review_flags).where(
            Record.deleted.is_(False), in_scope(Record.area, scope), text_contains(Record.__table__.c.review_flags, "code"))
        .order_by(Record.updated_at.desc()).limit(LIST_LIMIT))  # fmt: skip
    return [FlaggedRow(record_id=rid, area=area, desa_name=desa_name(area), head=str((fields or {}).get("kepala_keluarga") or ""),
                       code=f.get("code", ""), message_id=f.get("id", ""), message_en=f.get("en", ""))
            for rid, area, fields, flags in rows for f in (flags or [])]  # fmt: skip


def clear_flag(session: Session, *, scope: str, record_id: str, code: str, actor: str) -> None:
    """Resolve a review flag: the record gets a new revision, so devices drop the flag on their next pull."""
    record = session.get(Record, record_id, with_for_update=True)
    if (
        record is None
        or not covers(scope, record.area)
        or not any(f.get("code") == code for f in record.review_flags or [])
    ):
        raise NotFound("Tanda tinjauan tidak ditemukan.", "Review flag not found.")
    # Paths stored without a revision mean "the record's rev" (revisions.path_revisions): pin them to the old
    # one, so a new revision for the flag alone does not look like a concurrent edit of every field.
    record.path_revs = path_revisions(record.path_revs, record.clocks, record.rev)
    record.review_flags = [f for f in record.review_flags if f.get("code") != code]
    record.updated_at = utcnow()
    session.flush()
    record.rev = allocate(session, count=1)
    session.flush()
    audit(session, actor=actor, action="review_flag.resolve", target=f"record:{record_id}", area=record.area,
          detail={"code": code[:40]})  # fmt: skip


@dataclass(frozen=True)
class ConflictRow:
    id: int
    record_id: str
    area: str
    path: str
    winner: object
    loser: object
    winner_device: str
    loser_device: str


def open_conflicts(session: Session, *, scope: str) -> list[ConflictRow]:
    """Concurrent edits where one value lost, not yet looked at, in the records `scope` may see."""
    rows = session.execute(
        select(ConflictLog, Record.area).join(Record, Record.id == ConflictLog.record_id)
        .where(ConflictLog.resolved.is_(False), in_scope(Record.area, scope))
        .order_by(ConflictLog.at.desc()).limit(LIST_LIMIT))  # fmt: skip
    return [ConflictRow(id=c.id, record_id=c.record_id, area=area, path=c.path, winner=(c.winner or {}).get("value"),
                        loser=(c.loser or {}).get("value"), winner_device=(c.winner or {}).get("device", ""),
                        loser_device=(c.loser or {}).get("device", "")) for c, area in rows]  # fmt: skip


def resolve_conflict(session: Session, *, scope: str, conflict_id: int, actor: str) -> None:
    """Mark a conflict looked at (the merged value stands; a different value is a new edit on a device)."""
    found = session.execute(select(ConflictLog, Record.area).join(Record, Record.id == ConflictLog.record_id)
                            .where(ConflictLog.id == conflict_id)).first()  # fmt: skip
    if found is None or found[0].resolved or not covers(scope, found[1]):
        raise NotFound("Konflik tidak ditemukan.", "Conflict not found.")
    found[0].resolved = True
    session.flush()
    audit(session, actor=actor, action="conflict.resolve", target=f"record:{found[0].record_id}", area=found[1],
          detail={"conflict": conflict_id})  # fmt: skip
