"""One possible duplicate pair as the district decides it: both persons side by side (sex, birth place and
date, relation, their household's head, members and address), and undoing a decision.

Undoing removes the decision (`person_link`) and puts the pair back on the list. A `linked` decision has
already travelled to the laptops by pull; telling them it was withdrawn needs a field in the pull message
(sync/protocol.py) and the laptops' store to drop the link — see docs/console.md#duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.duplicates import BY_NIK, _ordered, _person, _reason
from server.crud.records import desa_name, members_of
from server.crud.revisions import allocate
from server.errors import NotFound
from server.models import DuplicatePair, PersonLink, PersonLinkWithdrawal, Record
from server.scope import covers


@dataclass(frozen=True)
class Side:
    record_id: str
    member_id: str
    name: str
    nik: str
    sex: str
    birth_place: str
    birth_date: str
    relation: str
    status: str
    area: str
    desa_name: str
    head: str
    address: str
    members: list[tuple[str, str, str]]  # (name, relation, birth date) of every member of the household


@dataclass(frozen=True)
class PairView:
    reason: str
    a: Side
    b: Side
    decision: str | None  # None: not decided yet


def _side(session: Session, scope: str, record_id: str, member_id: str) -> Side:
    person = _person(session, scope, record_id, member_id)
    record = session.get(Record, record_id)
    fields = (record.fields if record else None) or {}
    members = members_of(fields)
    me = next((m for m in members if m.member_id == member_id), None)
    address = ", ".join(str(fields[k]) for k in ("alamat_lengkap", "alamat/dusun") if fields.get(k))
    rt_rw = "/".join(str(fields[k]) for k in ("alamat/rt", "alamat/rw") if fields.get(k))
    return Side(record_id=record_id, member_id=member_id, name=me.name if me else "", nik=person.nik or "",
                sex=me.sex if me else "", birth_place=str(fields.get(f"anggota/{member_id}/tempat_lahir") or ""),
                birth_date=person.birth_date or "", relation=me.relation if me else "", status=me.status if me else "",
                area=person.desa, desa_name=desa_name(person.desa), head=str(fields.get("kepala_keluarga") or ""),
                address=" ".join(x for x in (address, f"RT/RW {rt_rw}" if rt_rw else "") if x),
                members=[(m.name, m.relation, m.birth_date) for m in members])  # fmt: skip


def pair_view(session: Session, *, scope: str, one: tuple[str, str], two: tuple[str, str]) -> PairView:
    """The pair both of whose persons `scope` may see; NotFound otherwise, or when the two do not pair."""
    (a_rec, a_mem), (b_rec, b_mem) = _ordered(one, two)
    a, b = _side(session, scope, a_rec, a_mem), _side(session, scope, b_rec, b_mem)
    reason = _reason(_person(session, scope, a_rec, a_mem), _person(session, scope, b_rec, b_mem))
    if reason is None:
        raise NotFound("Pasangan tidak ditemukan.", "Pair not found.")
    decision = session.execute(select(PersonLink.decision).where(
        PersonLink.a_record == a_rec, PersonLink.a_member == a_mem, PersonLink.b_record == b_rec,
        PersonLink.b_member == b_mem)).scalar()  # fmt: skip
    return PairView(reason=reason, a=a, b=b, decision=decision)


def undo(session: Session, *, scope: str, one: tuple[str, str], two: tuple[str, str], actor: str) -> str:
    """Take a decision back: the pair is undecided again and back on the list. The decision undone."""
    (a_rec, a_mem), (b_rec, b_mem) = _ordered(one, two)
    link = session.execute(select(PersonLink).where(
        PersonLink.a_record == a_rec, PersonLink.a_member == a_mem, PersonLink.b_record == b_rec,
        PersonLink.b_member == b_mem).with_for_update()).scalar_one_or_none()  # fmt: skip
    if link is None or not (covers(scope, link.a_area) and covers(scope, link.b_area)):
        raise NotFound("Keputusan tidak ditemukan.", "Decision not found.")
    decision = link.decision
    session.execute(delete(PersonLink).where(PersonLink.id == link.id))
    if decision == "linked":  # devices hold it: the withdrawal travels to them by pull (the counter last)
        session.add(PersonLinkWithdrawal(id=link.id, a_record=a_rec, a_member=a_mem, b_record=b_rec, b_member=b_mem,
                                         a_area=link.a_area, b_area=link.b_area, withdrawn_by=actor,
                                         withdrawn_at=utcnow(), rev=allocate(session, count=1)))  # fmt: skip
    session.execute(update(DuplicatePair).where(
        DuplicatePair.a_record == a_rec, DuplicatePair.a_member == a_mem, DuplicatePair.b_record == b_rec,
        DuplicatePair.b_member == b_mem).values(decided=False, decision=None))  # fmt: skip
    audit(session, actor=actor, action="duplicate.undo", target=f"pair:{a_rec[:36]}/{b_rec[:36]}", area=link.a_area,
          detail={"decision": decision, "a_member": a_mem[:40], "b_member": b_mem[:40]})  # fmt: skip
    return decision


__all__ = ["BY_NIK", "PairView", "Side", "pair_view", "undo"]
