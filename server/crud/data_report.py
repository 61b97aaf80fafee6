"""A person's data report (UU 27/2022: a citizen may ask what is held about them and who used it; the law gives
3×24 hours): everything the district holds about one person — their answers and their household's in words,
across the records linked to them as one person, the complaints naming them, the services and visits they
received, the photos — and every access, change, export and share of it, console and laptops alike.

Other people's data stays out: another member's answers, and a complaint's reporter when that is someone else.
Making the report is itself audited (`person.report`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.display import AnswerLine
from server.core.clock import aware, utcnow
from server.crud import care
from server.crud.audit import audit
from server.crud.audit_log import detail_words, device_labels, who
from server.crud.forms import answers_in_words
from server.models import Attachment, Audit, Record
from server.scope import covers

# The complaint's questions about its reporter: someone else's data unless they are the subject. A service's or
# visit's subject ids say nothing to a reader: the report is about that subject.
LEFT_OUT = ("pelapor_", "subjek_rumah_tangga", "subjek_anggota")
HOUSEHOLD_REPEAT = "anggota/"


@dataclass
class HeldRecord:
    record_id: str
    kind: str
    area: str
    created_at: datetime
    reference: str
    answers: list[AnswerLine]
    photos: list[tuple[str, int]] = field(default_factory=list)  # (SHA-256, bytes)


@dataclass
class Access:
    at: datetime
    who: str  # words: "pengguna kepala.dinsos", "perangkat #3 Pulau Telo (ani)"
    action: str
    target: str
    detail: str = ""


@dataclass
class PersonReport:
    person: care.PersonPage
    records: list[HeldRecord]
    accesses: list[Access]
    exports: list[Access]  # exports of the person's area: lists that may have held them
    made_at: datetime
    made_by: str


def person_report(session: Session, *, record_id: str, member_id: str, actor: str) -> PersonReport:
    """The report for the person (record_id, member_id), made by an admin (the whole district's data)."""
    page = care.person_page(session, scope="", record_id=record_id, member_id=member_id, actor=actor)
    members = {record_id: member_id}  # household record -> this person's member id in it
    members |= {e["record_id"]: e["detail"]["member_id"] for e in page.events if e["kind"] == "link"}
    others = {e["record_id"] for e in page.events if e["kind"] in ("complaint", "service", "visit")}
    records = []
    for rid in [*members, *sorted(others)]:
        record = session.get(Record, rid)
        if record is not None:
            records.append(_held(session, record, members.get(rid)))
    targets = [f"record:{r.record_id}" for r in records] + [
        f"person:{h}/{m}"[:80] for h, m in members.items()
    ]
    accesses = _accesses(session, _rows(session, Audit.target.in_(targets)))
    # An export is audited with the area it covered, not the persons in it: each one of an area holding
    # this person may have listed them.
    exports = _accesses(
        session, [r for r in _rows(session, Audit.action == "export") if covers(r.area, page.area)]
    )
    audit(session, actor=actor, action="person.report", target=f"person:{record_id}/{member_id}"[:80],
          area=page.area, detail={"records": len(records), "accesses": len(accesses)})  # fmt: skip
    return PersonReport(page, records, accesses, exports, utcnow(), actor)


def _held(session: Session, record: Record, member_id: str | None) -> HeldRecord:
    """One record's answers about the person: a household's own and this member's, or a whole complaint,
    service or visit but its reporter."""
    lines = answers_in_words(session, record)
    if member_id is not None:
        own = f"{HOUSEHOLD_REPEAT}{member_id}/"
        lines = [a for a in lines if not a.name.startswith(HOUSEHOLD_REPEAT) or a.name.startswith(own)]
    else:
        lines = [a for a in lines if not a.name.startswith(LEFT_OUT)]
    shas = [a.photo for a in lines if a.photo]
    sizes = (
        dict(
            session.execute(
                select(Attachment.sha256, Attachment.size).where(Attachment.sha256.in_(shas))
            ).all()
        )
        if shas
        else {}
    )
    return HeldRecord(record.id, record.kind, record.area, aware(record.created_at), record.reference,
                      [a for a in lines if not a.photo], [(s, sizes.get(s, 0)) for s in shas])  # fmt: skip


def _rows(session: Session, where) -> list[Audit]:  # noqa: ANN001 - a clause
    return list(session.execute(select(Audit).where(where).order_by(Audit.at, Audit.id)).scalars())


def _accesses(session: Session, rows: list[Audit]) -> list[Access]:
    devices = device_labels(session, rows)
    return [Access(aware(r.at), who(r, devices), r.action, r.target, detail_words(r)) for r in rows]
