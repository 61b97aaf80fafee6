"""Possible duplicate persons and the district's decisions on them.

Two household members are a candidate pair when they carry the same NIK in two households, or the same name
key (`forms/domain/names.py`: Muhamad = Muhammad, Nur Haliza = Nurhaliza) with the same birth date. A pair is
decided once (`person_link`): `linked` — one person, sent to the devices by pull — or `dismissed` — never
flagged again. A TKSK sees the pairs whose two persons both lie in their kecamatan; deciding is the admin's.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.lists import ListFilters, Paged, paged
from server.crud.projections import catch_up
from server.crud.records import EXPORT_LIMIT, desa_name, members_of
from server.crud.revisions import allocate
from server.errors import BadRequest, Conflict, NotFound
from server.models import DuplicatePair, Person, PersonLink, Record
from server.scope import covers, in_scope

DECISIONS = ("linked", "dismissed", "distinct")  # distinct: same NIK, two people (a Dukcapil follow-up)
BY_NIK, BY_NAME = "nik", "name_birth"
MAX_BULK = 200  # pairs decided in one bulk action (a page is 50)


@dataclass(frozen=True)
class PersonView:
    record_id: str
    member_id: str
    area: str
    desa_name: str
    name: str
    nik: str
    birth_date: str

    @property
    def key(self) -> tuple[str, str]:
        return self.record_id, self.member_id


@dataclass(frozen=True)
class Candidate:
    reason: str  # nik | name_birth
    a: PersonView
    b: PersonView


def _ordered(one: tuple[str, str], two: tuple[str, str]) -> tuple[tuple[str, str], tuple[str, str]]:
    return (one, two) if one <= two else (two, one)


IN_CHUNK = 5_000  # ids per IN (…) list: PostgreSQL takes at most 65,535 parameters in one statement


def _views(session: Session, persons: list[Person]) -> dict[tuple[str, str], PersonView]:
    ids = sorted({p.record_id for p in persons})
    fields = {}
    for start in range(0, len(ids), IN_CHUNK):
        chunk = ids[start : start + IN_CHUNK]
        fields.update(session.execute(select(Record.id, Record.fields).where(Record.id.in_(chunk))).all())
    out = {}
    for p in persons:
        member = next(
            (m for m in members_of(fields.get(p.record_id) or {}) if m.member_id == p.member_id), None
        )
        out[(p.record_id, p.member_id)] = PersonView(
            record_id=p.record_id, member_id=p.member_id, area=p.desa, desa_name=desa_name(p.desa),
            name=member.name if member else "", nik=p.nik or "", birth_date=p.birth_date or "",
        )  # fmt: skip
    return out


PAIR_SORTS = ("reason", "desa")


def _pair_query(scope: str, f: ListFilters):  # noqa: ANN202 - a select
    d = DuplicatePair
    state = d.decision == "distinct" if f.extra.get("state") == "followup" else d.decided.is_(False)
    query = select(d.a_record, d.a_member, d.b_record, d.b_member, d.reason).where(
        state, in_scope(d.a_area, scope), in_scope(d.b_area, scope)
    )
    if f.area:
        query = query.where(or_(in_scope(d.a_area, f.area), in_scope(d.b_area, f.area)))
    return query.where(d.reason == f.kind) if f.kind else query  # fmt: skip


def _candidates(session: Session, found: list) -> list[Candidate]:
    keys = sorted({k for a_rec, a_mem, b_rec, b_mem, _ in found for k in ((a_rec, a_mem), (b_rec, b_mem))})
    persons: list[Person] = []
    for start in range(0, len(keys), IN_CHUNK):
        persons += session.execute(select(Person).where(tuple_(Person.record_id, Person.member_id)
                                                        .in_(keys[start : start + IN_CHUNK]))).scalars()  # fmt: skip
    views = _views(session, persons)
    return [Candidate(reason=reason, a=views[(a, am)], b=views[(b, bm)]) for a, am, b, bm, reason in found
            if (a, am) in views and (b, bm) in views]  # fmt: skip


def pair_page(session: Session, *, scope: str, filters: ListFilters) -> Paged:
    """One page of the undecided pairs whose two persons `scope` may see — same NIK first, each group together
    (or by desa) — filtered by reason and desa, from `duplicate_pair`; and the true count."""
    catch_up(session)
    d = DuplicatePair
    order = [d.a_area, d.reason] if filters.sort == "desa" else [d.reason, d.group_key]
    found, total, page, pages = paged(session, _pair_query(scope, filters),
                                      order + [d.a_record, d.a_member, d.b_record, d.b_member], filters.page)  # fmt: skip
    return Paged(rows=_candidates(session, found), total=total, page=page, pages=pages)


def candidates(session: Session, *, scope: str, limit: int | None = None,
               filters: ListFilters | None = None) -> tuple[list[Candidate], int]:  # fmt: skip
    """Undecided candidate pairs whose two persons `scope` may see — same NIK first, then same name and birth —
    the first `limit` of them (up to EXPORT_LIMIT when None), and how many there are."""
    catch_up(session)
    d = DuplicatePair
    query = _pair_query(scope, filters or ListFilters())
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    found = session.execute(query.order_by(d.reason, d.group_key, d.a_record, d.a_member, d.b_record, d.b_member)
                            .limit(limit or EXPORT_LIMIT)).all()  # fmt: skip
    return _candidates(session, found), total


def all_pairs(session: Session, *, scope: str, filters: ListFilters | None = None,
              chunk: int = 1000) -> Iterator[Candidate]:  # fmt: skip
    """Every undecided pair of the filter (what an export writes), in the list's order, `chunk` pairs at a time:
    a district's pairs in flat memory."""
    catch_up(session)
    d = DuplicatePair
    query = _pair_query(scope, filters or ListFilters()).order_by(
        d.reason, d.group_key, d.a_record, d.a_member, d.b_record, d.b_member
    )
    start = 0
    while True:
        found = session.execute(query.limit(chunk).offset(start)).all()
        if not found:
            return
        yield from _candidates(session, found)
        start += len(found)
        session.expunge_all()


def _person(session: Session, scope: str, record_id: str, member_id: str) -> Person:
    person = session.get(Person, (record_id, member_id))
    if person is None or not covers(scope, person.desa):
        raise NotFound("Orang tidak ditemukan.", "Person not found.")
    return person


def _reason(one: Person, two: Person) -> str | None:
    if one.nik and one.nik == two.nik and one.record_id != two.record_id:
        return BY_NIK
    if one.birth_date and one.birth_date == two.birth_date and one.name_key and one.name_key == two.name_key:
        return BY_NAME
    return None


def decide(session: Session, *, scope: str, one: tuple[str, str], two: tuple[str, str], decision: str,
           actor: str) -> PersonLink:  # fmt: skip
    """Link the two persons as one (devices receive the link by pull), dismiss the pair, or say the same NIK
    belongs to two people (the pair leaves the list and waits on the Dukcapil follow-up list)."""
    if decision not in DECISIONS:
        raise BadRequest("Keputusan tidak dikenal.", "Unknown decision.")
    (a_record, a_member), (b_record, b_member) = _ordered(one, two)
    if (a_record, a_member) == (b_record, b_member):
        raise BadRequest("Orang yang sama dua kali.", "The same person twice.")
    first, second = _person(session, scope, a_record, a_member), _person(session, scope, b_record, b_member)
    reason = _reason(first, second)
    if reason is None:
        raise BadRequest("Keduanya bukan kemungkinan data ganda.", "The two are not a possible duplicate.")
    if decision == "distinct" and reason != BY_NIK:
        raise BadRequest("'NIK sama, orang berbeda' hanya untuk pasangan dengan NIK sama.",
                         "'Same NIK, different people' is only for pairs with the same NIK.")  # fmt: skip
    link = PersonLink(id=str(uuid.uuid4()), a_record=a_record, a_member=a_member, b_record=b_record, b_member=b_member,
                      a_area=first.desa, b_area=second.desa, decision=decision, reason=reason, decided_by=actor,
                      decided_at=utcnow())  # fmt: skip
    savepoint = session.begin_nested()
    try:
        session.add(link)
        session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise Conflict("Pasangan ini sudah diputuskan.", "This pair was already decided.",
                       code="already_decided") from None  # fmt: skip
    savepoint.commit()
    session.execute(update(DuplicatePair).where(
        DuplicatePair.a_record == a_record, DuplicatePair.a_member == a_member,
        DuplicatePair.b_record == b_record, DuplicatePair.b_member == b_member).values(decided=True,
                                                                                        decision=decision))  # fmt: skip
    if decision == "linked":
        link.rev = allocate(session, count=1)
        session.flush()
    audit(session, actor=actor, action=f"duplicate.{decision}", target=f"pair:{a_record[:36]}/{b_record[:36]}",
          area=first.desa, detail={"reason": reason, "a_member": a_member[:40], "b_member": b_member[:40]})  # fmt: skip
    return link


def decide_many(session: Session, *, scope: str, pairs: list[tuple[tuple[str, str], tuple[str, str]]],
                decision: str, actor: str) -> int:  # fmt: skip
    """Decide many pairs at once (each as `decide`); pairs already decided, gone or out of scope are skipped.
    How many were decided."""
    if decision not in DECISIONS:
        raise BadRequest("Keputusan tidak dikenal.", "Unknown decision.")
    done = 0
    for one, two in pairs[:MAX_BULK]:
        try:
            decide(session, scope=scope, one=one, two=two, decision=decision, actor=actor)
        except (NotFound, Conflict, BadRequest):
            continue
        done += 1
    return done
