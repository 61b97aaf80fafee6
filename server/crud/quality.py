"""The console's data-quality lists besides duplicates: review flags and conflicts to resolve, NIK/birth-date
overrides with their reasons, and persons without a NIK (the Dukcapil follow-up list).

Resolving a review flag is a server-owned change of the record: it gets a new revision, so the devices
holding the household drop the flag on their next pull.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, func, literal, select, tuple_
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.figures import summed
from server.crud.lists import ListFilters, Paged, area_clause, paged
from server.crud.projections import catch_up
from server.crud.records import _labeller, _readable, desa_name, members_of
from server.crud.revisions import allocate, path_revisions
from server.errors import NotFound
from server.models import AreaFigure, ConflictLog, Device, Person, PersonOverride, Record, ReviewFlagRow
from server.scope import covers, in_scope

LIST_LIMIT = 500
MAX_BULK = 200  # flags resolved in one bulk action (a page is 50)


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
    relation: str = ""


NO_NIK_REASONS = ("belum_punya", "tidak_diketahui", "hilang")
NO_NIK_SORTS = ("desa", "name")


def _no_nik_query(scope: str, f: ListFilters):  # noqa: ANN202 - a select
    query = select(Person.record_id, Person.member_id, Person.desa, Person.no_nik_reason).where(
        Person.nik.is_(None), *area_clause(Person.desa, scope, f.area)
    )
    return query.where(Person.no_nik_reason == f.kind) if f.kind else query  # fmt: skip


def _no_nik_rows(session: Session, found: list) -> list[NoNikRow]:
    ids = {r[0] for r in found}
    fields = (
        dict(session.execute(select(Record.id, Record.fields).where(Record.id.in_(ids))).all()) if ids else {}
    )
    members = {(r, m.member_id): m for r, f in fields.items() for m in members_of(f or {})}
    out = []
    for record_id, member_id, desa, reason, *_ in found:
        m = members.get((record_id, member_id))
        if m is not None:
            out.append(NoNikRow(record_id=record_id, member_id=member_id, name=m.name, sex=m.sex,
                                birth_date=m.birth_date, reason=reason or m.nik_status, area=desa,
                                desa_name=desa_name(desa), relation=m.relation))  # fmt: skip
    return out


def no_nik_page(session: Session, *, scope: str, filters: ListFilters) -> Paged:
    """One page of the members without a NIK (the Dukcapil list) `scope` may see, by desa then name (or by
    name), through the partial index on persons without a NIK; the true count of all of them."""
    order = [Person.desa, Person.name_key] if filters.sort != "name" else [Person.name_key, Person.desa]
    known = None
    if not filters.kind:  # the kept per-desa figures say how many, without counting the persons
        catch_up(session)
        known = summed(session, AreaFigure.without_nik, scope, filters.area)
    found, total, page, pages = paged(session, _no_nik_query(scope, filters),
                                      order + [Person.record_id, Person.member_id], filters.page, total=known)  # fmt: skip
    return Paged(rows=_no_nik_rows(session, found), total=total, page=page, pages=pages)


def persons_without_nik(
    session: Session, *, scope: str, filters: ListFilters | None = None, chunk: int = 1000
) -> Iterator[NoNikRow]:
    """Every member of the list (what an export writes), by desa and name, read 1,000 at a time through the same
    partial index (keyset on the index's order): a district's list in flat memory."""
    key = (Person.desa, Person.name_key, Person.record_id, Person.member_id)
    query = _no_nik_query(scope, filters or ListFilters()).add_columns(Person.name_key)
    last = None
    while True:
        page = query.where(tuple_(*key) > tuple_(*(literal(v) for v in last))) if last is not None else query
        found = session.execute(page.order_by(*key).limit(chunk)).all()
        if not found:
            return
        yield from _no_nik_rows(session, found)
        row = found[-1]
        last = (row.desa, row.name_key, row.record_id, row.member_id)
        session.expunge_all()


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
    """The waived NIK/birth-date checks with the volunteer's reasons (visible to the district:
    docs/domain.md#nik), by area, the first LIST_LIMIT, from the kept `person_override` rows."""
    catch_up(session)
    rows = session.execute(select(PersonOverride).where(in_scope(PersonOverride.area, scope))
                           .order_by(PersonOverride.area, PersonOverride.record_id, PersonOverride.member_id,
                                     PersonOverride.check).limit(LIST_LIMIT)).scalars()  # fmt: skip
    return [
        OverrideRow(record_id=o.record_id, member_name=o.name, check=o.check, reason=o.reason, area=o.area)
        for o in rows
    ]


@dataclass(frozen=True)
class FlaggedRow:
    record_id: str
    area: str
    desa_name: str
    head: str
    code: str
    message_id: str
    message_en: str


FLAG_CODES = ("imported", "import_values_checked", "merged_invalid")
FLAG_SORTS = ("new", "old", "desa")


def _flag_query(scope: str, f: ListFilters):  # noqa: ANN202 - a select
    query = select(ReviewFlagRow.record_id, ReviewFlagRow.code).where(
        *area_clause(ReviewFlagRow.area, scope, f.area)
    )
    return query.where(ReviewFlagRow.code == f.kind) if f.kind else query


def flag_page(session: Session, *, scope: str, filters: ListFilters) -> Paged:
    """One page of the review flags `scope` may see (newest first, oldest first or by desa), filtered by
    area and flag code, from `review_flag`; and the true count."""
    catch_up(session)
    r = ReviewFlagRow
    order = {"old": [r.at.asc()], "desa": [r.area, r.at.desc()]}.get(filters.sort, [r.at.desc()])
    known = summed(session, AreaFigure.flags, scope, filters.area) if not filters.kind else None
    found, total, page, pages = paged(session, _flag_query(scope, filters), order + [r.record_id, r.code],
                                      filters.page, total=known)  # fmt: skip
    ids = {rid for rid, _ in found}
    records = (
        {rec.id: rec for rec in session.execute(select(Record).where(Record.id.in_(ids))).scalars()}
        if ids
        else {}
    )
    rows = []
    for record_id, code in found:
        record = records.get(record_id)
        flag = next((f for f in (record.review_flags or []) if f.get("code") == code), {}) if record else {}
        fields = record.fields or {} if record else {}
        rows.append(FlaggedRow(record_id=record_id, area=record.area if record else "",
                               desa_name=desa_name(record.area) if record else "",
                               head=str(fields.get("kepala_keluarga") or ""), code=code,
                               message_id=flag.get("id", ""), message_en=flag.get("en", "")))  # fmt: skip
    return Paged(rows=rows, total=total, page=page, pages=pages)


def flagged(session: Session, *, scope: str) -> list[FlaggedRow]:
    """The first page of review flags (the dashboard and older callers)."""
    return flag_page(session, scope=scope, filters=ListFilters()).rows


def clear_flags(session: Session, *, scope: str, items: list[tuple[str, str]], actor: str) -> int:
    """Resolve many review flags at once (each as `clear_flag`); the ones not found or out of scope are
    skipped. How many were resolved."""
    done = 0
    for record_id, code in items[:MAX_BULK]:
        try:
            clear_flag(session, scope=scope, record_id=record_id, code=code, actor=actor)
        except NotFound:
            continue
        done += 1
    return done


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
    session.execute(
        delete(ReviewFlagRow).where(ReviewFlagRow.record_id == record_id, ReviewFlagRow.code == code)
    )
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


def open_conflicts(session: Session, *, scope: str, lang: str = "id") -> list[ConflictRow]:
    """Concurrent edits where one value lost, not yet looked at, in the records `scope` may see: the field as
    its question (whose, for a member's), the devices by number and label."""
    rows = session.execute(
        select(ConflictLog, Record.area).join(Record, Record.id == ConflictLog.record_id)
        .where(ConflictLog.resolved.is_(False), in_scope(Record.area, scope))
        .order_by(ConflictLog.at.desc()).limit(LIST_LIMIT)).all()  # fmt: skip
    records = {r.id: r for r in session.execute(
        select(Record).where(Record.id.in_({c.record_id for c, _ in rows}))).scalars()} if rows else {}  # fmt: skip
    said = {}
    for record in records.values():
        names = {m.member_id: m.name for m in members_of(record.fields or {})}
        said[record.id] = (names, _labeller(session, record, lang))
    ids = {(c.winner or {}).get("device", "") for c, _ in rows} | {
        (c.loser or {}).get("device", "") for c, _ in rows
    }
    devices = {d.id: f"#{d.number} {d.label}".strip() for d in session.execute(
        select(Device).where(Device.id.in_(ids - {""}))).scalars()} if ids - {""} else {}  # fmt: skip
    out = []
    for c, area in rows:
        names, label = said.get(c.record_id, ({}, lambda n: n))
        winner, loser = (c.winner or {}).get("device", ""), (c.loser or {}).get("device", "")
        out.append(ConflictRow(id=c.id, record_id=c.record_id, area=area, path=_readable(c.path, names, label),
                               winner=(c.winner or {}).get("value"), loser=(c.loser or {}).get("value"),
                               winner_device=devices.get(winner, winner[:8]), loser_device=devices.get(loser, loser[:8])))  # fmt: skip
    return out


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
