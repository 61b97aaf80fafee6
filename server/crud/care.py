"""What was done for each person, at the district (issue #31): the `care_row` projection of service and visit
records, a person's one timeline, coverage and the SPM report per period and area, and the unserved and
overdue-visit lists. Counting is forms/care.py's — the laptop's own — over rows read here, so a laptop and
the console give the same figures; two records linked as one person (a confirmed duplicate) count once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from forms import care
from server.crud.audit import audit
from server.crud.records import members_of
from server.crud.subjects import SUBJECT_KINDS
from server.errors import NotFound
from server.models import Audit, CareRow, Person, PersonLink, Record
from server.scope import covers, in_scope
from sync.protocol import Kind

GONE = ("meninggal", "pindah")  # a member who died or moved away needs no service here


def row_of(record_id: str, kind: str, area: str, fields: dict) -> dict:
    """The `care_row` of a service or visit record from its flat fields (every question sits at the top)."""

    def text(name: str, most: int) -> str | None:
        value = fields.get(name)
        return value[:most] if isinstance(value, str) and value else None

    service = kind == Kind.SERVICE.value
    return dict(record_id=record_id, kind=kind, household_id=text("subjek_rumah_tangga", 64) or "",
                member_id=text("subjek_anggota", 64) or "", area=area,
                code=text("layanan" if service else "kondisi", 40), date=text("tanggal", 10),
                next_date=None if service else text("kunjungan_berikut", 10),
                agency=text("instansi", 40), source=text("sumber", 20))  # fmt: skip


def write_rows(session: Session, records: list) -> None:
    """Replace the care rows of the service and visit records a batch (or an import) changed; `records` have
    `id`, `kind`, `area`, `deleted` and `state.fields` (push_write.Working) — others are skipped."""
    mine = [w for w in records if w.kind in SUBJECT_KINDS]
    if not mine:
        return
    session.execute(delete(CareRow).where(CareRow.record_id.in_([w.id for w in mine])))
    rows = [row_of(w.id, w.kind, w.area, w.state.fields) for w in mine if not w.deleted]
    if rows:
        session.execute(CareRow.__table__.insert(), rows)


def people(session: Session) -> care.People:
    """Every confirmed duplicate link, as one person per linked pair."""
    links = session.execute(select(PersonLink.a_record, PersonLink.a_member, PersonLink.b_record,
                                   PersonLink.b_member).where(PersonLink.decision == "linked"))  # fmt: skip
    return care.People(((a, b), (c, d)) for a, b, c, d in links)


def ppks_persons(session: Session, scope: str) -> list[tuple]:
    """(person, categories, name key, desa, desa) of every PPKS person in scope still living there."""
    rows = session.execute(
        select(Person.record_id, Person.member_id, Person.ppks, Person.name_key, Person.desa).where(
            in_scope(Person.desa, scope),
            Person.ppks.is_not(None),
            Person.ppks != "",
            or_(Person.status.is_(None), Person.status.not_in(GONE)),
        )  # fmt: skip
    )
    return [((r, m), p.split(), name or "", desa, desa) for r, m, p, name, desa in rows]


def served(session: Session, scope: str, start: str, end: str) -> list[tuple[tuple[str, str], str]]:
    rows = session.execute(
        select(CareRow.household_id, CareRow.member_id, CareRow.code).where(
            CareRow.kind == Kind.SERVICE.value,
            CareRow.date >= start,
            CareRow.date <= end,
            in_scope(CareRow.area, scope),
        )  # fmt: skip
    )
    return [((h, m), code) for h, m, code in rows]


def coverage(session: Session, *, scope: str, start: str, end: str) -> care.Coverage:
    """PPKS persons by category against persons served in [start, end], by service, and the SPM services.

    The database does the heavy part — which PPKS persons had a service, and distinct persons per service
    code (a linked pair both served with one code is subtracted once) — and forms/care.py joins linked
    records and counts categories and SPM services over the PPKS rows, as the laptop does."""
    services = (select(CareRow.household_id, CareRow.member_id, CareRow.code)
                .where(CareRow.kind == Kind.SERVICE.value, CareRow.date >= start, CareRow.date <= end,
                       in_scope(CareRow.area, scope)).distinct().subquery())  # fmt: skip
    persons_served = select(services.c.household_id, services.c.member_id).distinct().subquery()
    rows = session.execute(
        select(Person.record_id, Person.member_id, Person.ppks, persons_served.c.household_id.is_not(None))
        .outerjoin(
            persons_served,
            (persons_served.c.household_id == Person.record_id)
            & (persons_served.c.member_id == Person.member_id),
        )
        .where(
            in_scope(Person.desa, scope),
            Person.ppks.is_not(None),
            Person.ppks != "",
            or_(Person.status.is_(None), Person.status.not_in(GONE)),
        )  # fmt: skip
    )
    by_service = {code: n for code, n in session.execute(
        select(services.c.code, func.count()).group_by(services.c.code)) if code}  # fmt: skip
    links = list(session.execute(select(PersonLink.a_record, PersonLink.a_member, PersonLink.b_record,
                                        PersonLink.b_member).where(PersonLink.decision == "linked")))  # fmt: skip
    for code, n in _linked_twice(session, links, scope, start, end).items():
        by_service[code] = by_service.get(code, 0) - n
    linked = care.People(((a, b), (c, d)) for a, b, c, d in links)
    return care.coverage_of((((r, m), p.split(), bool(got)) for r, m, p, got in rows), by_service, linked)


def _linked_twice(session: Session, links: list, scope: str, start: str, end: str) -> dict[str, int]:
    """Per service code, how many linked pairs had it on both records in the period (counted twice in SQL)."""
    ids = sorted({row[0] for row in links} | {row[2] for row in links})
    got: dict[tuple[str, str], set[str]] = {}
    for at in range(0, len(ids), 500):
        for h, m, code in session.execute(select(CareRow.household_id, CareRow.member_id, CareRow.code).where(
                CareRow.household_id.in_(ids[at:at + 500]), CareRow.kind == Kind.SERVICE.value,
                CareRow.date >= start, CareRow.date <= end, in_scope(CareRow.area, scope))):  # fmt: skip
            got.setdefault((h, m), set()).add(code)
    twice: dict[str, int] = {}
    for a, b, c, d in links:
        for code in got.get((a, b), set()) & got.get((c, d), set()):
            twice[code] = twice.get(code, 0) + 1
    return twice


def unserved(session: Session, *, scope: str, today: date, months: int) -> list[care.Unserved]:
    last = {}
    for h, m, d in session.execute(
        select(CareRow.household_id, CareRow.member_id, CareRow.date)
        .where(CareRow.kind == Kind.SERVICE.value, in_scope(CareRow.area, scope))
    ):  # fmt: skip
        last[(h, m)] = max(last.get((h, m), ""), d or "")
    return care.unserved(ppks_persons(session, scope), last, today, months, people(session))


def overdue(session: Session, *, scope: str, today: date) -> list[care.DueVisit]:
    latest: dict[tuple[str, str], tuple] = {}
    for h, m, d, n, area in session.execute(
        select(CareRow.household_id, CareRow.member_id, CareRow.date, CareRow.next_date, CareRow.area)
        .where(CareRow.kind == Kind.VISIT.value, in_scope(CareRow.area, scope))
    ):  # fmt: skip
        if (h, m) not in latest or (d or "") > (latest[(h, m)][1] or ""):
            latest[(h, m)] = ((h, m), d, n, area, "")
    return care.visit_schedule(latest.values(), today, people(session))


@dataclass
class PersonPage:
    record_id: str
    member_id: str
    name: str
    nik: str
    birth_date: str
    area: str
    ppks: list[str]
    events: list[dict] = field(default_factory=list)  # {when, kind, record_id, what, detail}


def person_page(session: Session, *, scope: str, record_id: str, member_id: str, actor: str) -> PersonPage:
    """One person `scope` may see with one timeline — registration and changes, complaints naming their NIK,
    services, visits, and each record linked to them as the same person (theirs too). Audited."""
    record = session.get(Record, record_id)
    if (
        record is None
        or record.kind != Kind.HOUSEHOLD.value
        or record.deleted
        or not covers(scope, record.area)
    ):
        raise NotFound("Orang ini tidak ditemukan.", "Person not found.")
    member = next((m for m in members_of(record.fields or {}) if m.member_id == member_id), None)
    if member is None:
        raise NotFound("Orang ini tidak ditemukan.", "Person not found.")
    linked = people(session)
    known = [(a, b) for a, b in session.execute(select(PersonLink.a_record, PersonLink.a_member).where(
        PersonLink.decision == "linked"))] + [(a, b) for a, b in session.execute(select(
            PersonLink.b_record, PersonLink.b_member).where(PersonLink.decision == "linked"))]  # fmt: skip
    group = linked.records_of((record_id, member_id), known)
    row = session.get(Person, (record_id, member_id))
    page = PersonPage(record_id, member_id, member.name, member.nik, member.birth_date, record.area,
                      (row.ppks or "").split() if row else [])  # fmt: skip
    niks = {member.nik} - {""}
    for rid, mid in group:
        other = session.get(Record, rid)
        if other is None or other.deleted:
            continue
        if (rid, mid) != (record_id, member_id):
            them = next((m for m in members_of(other.fields or {}) if m.member_id == mid), None)
            niks |= {them.nik} - {""} if them else set()
            page.events.append(dict(when="", kind="link", record_id=rid, what=them.name if them else "",
                                    detail={"member_id": mid, "area": other.area,
                                            "visible": covers(scope, other.area)}))  # fmt: skip
        page.events += _registration(session, other)
    page.events += _complaints(session, scope, niks)
    for r in session.execute(select(CareRow).where(or_(*[(CareRow.household_id == h) & (CareRow.member_id == m)
                                                          for h, m in group]))).scalars():  # fmt: skip
        page.events.append(dict(when=r.date or "", kind=r.kind, record_id=r.record_id, what=r.code or "",
                                detail={"agency": r.agency, "source": r.source, "next_date": r.next_date}))  # fmt: skip
    rank = {"link": -1, "registration": 0, "change": 1, "complaint": 2, "visit": 3, "service": 4}
    page.events.sort(key=lambda e: (e["when"][:10], rank.get(e["kind"], 0), e["when"]), reverse=True)
    audit(session, actor=actor, action="person.view", target=f"person:{record_id}/{member_id}"[:80],
          area=record.area)  # fmt: skip
    return page


def _registration(session: Session, record: Record) -> list[dict]:
    out = [dict(when=record.created_at.isoformat(), kind="registration", record_id=record.id, what="",
                detail={})]  # fmt: skip
    for at, actor in session.execute(select(Audit.at, Audit.actor).where(
            Audit.target == f"record:{record.id}", Audit.action == "record.update")):  # fmt: skip
        out.append(
            dict(when=at.isoformat(), kind="change", record_id=record.id, what="", detail={"by": actor})
        )
    return out


def _complaints(session: Session, scope: str, niks: set[str]) -> list[dict]:
    if not niks:
        return []
    out = []
    for rec in session.execute(select(Record).where(Record.kind == Kind.COMPLAINT.value, Record.deleted.is_(False),
                                                    in_scope(Record.area, scope))).scalars():  # fmt: skip
        fields = rec.fields or {}
        if fields.get("subjek_nik") in niks:
            out.append(dict(when=rec.created_at.isoformat(), kind="complaint", record_id=rec.id,
                            what=str(fields.get("kategori") or ""), detail={"reference": rec.reference}))  # fmt: skip
    return out


def names_of(session: Session, persons: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The names of these persons, read from their households' answers (the person projection keeps only a
    folded key for matching)."""
    out: dict[tuple[str, str], str] = {}
    ids = sorted({h for h, _ in persons})
    for start in range(0, len(ids), 500):
        for rid, fields in session.execute(
            select(Record.id, Record.fields).where(Record.id.in_(ids[start : start + 500]))
        ):
            for m in members_of(fields or {}):
                out[(rid, m.member_id)] = m.name
    return out
