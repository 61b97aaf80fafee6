"""Possible duplicate persons and the district's decisions on them.

Two household members are a candidate pair when they carry the same NIK in two households, or the same name
key (`forms/domain/names.py`: Muhamad = Muhammad, Nur Haliza = Nurhaliza) with the same birth date. A pair is
decided once (`person_link`): `linked` — one person, sent to the devices by pull — or `dismissed` — never
flagged again. A TKSK sees the pairs whose two persons both lie in their kecamatan; deciding is the admin's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.records import desa_name, members_of
from server.crud.revisions import allocate
from server.errors import BadRequest, Conflict, NotFound
from server.models import Person, PersonLink, Record
from server.scope import covers, in_scope

DECISIONS = ("linked", "dismissed")
BY_NIK, BY_NAME = "nik", "name_birth"


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


def _decided(session: Session) -> set[tuple]:
    rows = session.execute(
        select(PersonLink.a_record, PersonLink.a_member, PersonLink.b_record, PersonLink.b_member)
    )
    return {((a, am), (b, bm)) for a, am, b, bm in rows}


def _views(session: Session, persons: list[Person]) -> dict[tuple[str, str], PersonView]:
    ids = {p.record_id for p in persons}
    fields = (
        dict(session.execute(select(Record.id, Record.fields).where(Record.id.in_(ids))).all()) if ids else {}
    )
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


def candidates(session: Session, *, scope: str, limit: int | None = None) -> tuple[list[Candidate], int]:
    """Undecided candidate pairs whose two persons `scope` may see — same NIK first, then same name and birth —
    the first `limit` of them (all when None), and how many there are."""
    in_area = in_scope(Person.desa, scope)
    same_nik = select(Person.nik).where(Person.nik.is_not(None), in_area).group_by(Person.nik)
    same_nik = same_nik.having(func.count(func.distinct(Person.record_id)) > 1)
    by_nik = list(session.execute(select(Person).where(Person.nik.in_(same_nik), in_area)).scalars())
    same_name = (
        select(Person.name_key, Person.birth_date)
        .where(Person.birth_date.is_not(None), Person.name_key != "", in_area)
        .group_by(Person.name_key, Person.birth_date)
        .having(func.count() > 1)
        .subquery()
    )
    by_name = list(session.execute(select(Person).join(same_name, (Person.name_key == same_name.c.name_key)
                                                       & (Person.birth_date == same_name.c.birth_date))
                                   .where(in_area)).scalars())  # fmt: skip
    decided = _decided(session)
    people = {(p.record_id, p.member_id): p for p in by_nik + by_name}
    found: dict[tuple, str] = {}  # pair -> reason, in order: same NIK first, each group together
    for reason, persons, group_key in ((BY_NIK, by_nik, lambda p: p.nik),
                                       (BY_NAME, by_name, lambda p: (p.name_key, p.birth_date))):  # fmt: skip
        groups: dict[object, list[Person]] = {}
        for p in persons:
            groups.setdefault(group_key(p), []).append(p)
        for _key, group in sorted(groups.items()):
            for one, two in combinations(sorted(group, key=lambda p: (p.record_id, p.member_id)), 2):
                if reason == BY_NIK and one.record_id == two.record_id:
                    continue
                pair = _ordered((one.record_id, one.member_id), (two.record_id, two.member_id))
                if pair not in decided and pair not in found:
                    found[pair] = reason
    shown = list(found.items())[:limit] if limit is not None else list(found.items())
    # Names live in the records' answers: read only the records of the pairs returned.
    views = _views(session, [people[key] for pair, _ in shown for key in pair])
    return [Candidate(reason=reason, a=views[a], b=views[b]) for (a, b), reason in shown], len(found)


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
    """Link the two persons as one (devices receive the link by pull) or dismiss the pair for good."""
    if decision not in DECISIONS:
        raise BadRequest("Keputusan tidak dikenal.", "Unknown decision.")
    (a_record, a_member), (b_record, b_member) = _ordered(one, two)
    if (a_record, a_member) == (b_record, b_member):
        raise BadRequest("Orang yang sama dua kali.", "The same person twice.")
    first, second = _person(session, scope, a_record, a_member), _person(session, scope, b_record, b_member)
    reason = _reason(first, second)
    if reason is None:
        raise BadRequest("Keduanya bukan kemungkinan data ganda.", "The two are not a possible duplicate.")
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
    if decision == "linked":
        link.rev = allocate(session, count=1)
        session.flush()
    audit(session, actor=actor, action=f"duplicate.{decision}", target=f"pair:{a_record[:36]}/{b_record[:36]}",
          area=first.desa, detail={"reason": reason, "a_member": a_member[:40], "b_member": b_member[:40]})  # fmt: skip
    return link
