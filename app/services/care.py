"""What was done for each person, on the laptop and offline: the answers a "Catat layanan" or "Catat
kunjungan" form starts from, a person's one timeline, who is due or overdue for a visit, who has had no
service for N months (a laptop setting), and coverage for this laptop's area (forms/care.py counts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.store import care_queries as q
from app.store.store import SaveResult, Store
from forms import care
from forms.display import answer_text
from forms.lists import AGENCIES_LIST, SERVICES_LIST, items
from forms.lists import label as list_label

SERVICE_FORM = "service"
VISIT_FORM = "visit"
UNSERVED_MONTHS_SETTING = "unserved_months"
UNSERVED_MONTHS_DEFAULT = 6


def people(store: Store) -> care.People:
    return care.People(q.links(store.db.reader()))


def subject_answers(store: Store, household_id: str, member_id: str) -> dict:
    """The subject part of a new service or visit: the person, their name and desa, filled and read-only."""
    found = q.person(store.db.reader(), (household_id, member_id)) or {}
    return {"subjek_rumah_tangga": household_id, "subjek_anggota": member_id,
            "subjek_nama": found.get("name") or "", "desa": found.get("desa") or store.area}  # fmt: skip


def new_service(store: Store, household_id: str, member_id: str, today: date | None = None) -> dict:
    return {**subject_answers(store, household_id, member_id), "sumber": "laptop",
            "tanggal": (today or date.today()).isoformat()}  # fmt: skip


def new_visit(store: Store, household_id: str, member_id: str, today: date | None = None) -> dict:
    return {**subject_answers(store, household_id, member_id), "tanggal": (today or date.today()).isoformat()}


def save_service(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    return store.save_record(SERVICE_FORM, answers, record_id=record_id)


def save_visit(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    return store.save_record(VISIT_FORM, answers, record_id=record_id)


def service_name(store: Store, code: str | None, lang: str = "id") -> str:
    published = store.reference_data(SERVICES_LIST)
    return list_label(SERVICES_LIST, code, lang, published.data if published else None)


def agency_name(store: Store, code: str | None, lang: str = "id") -> str:
    published = store.reference_data(AGENCIES_LIST)
    return list_label(AGENCIES_LIST, code, lang, published.data if published else None)


def offered(store: Store, name: str) -> list[dict]:
    """The `services` or `agencies` list this laptop offers: the district's when it published one."""
    published = store.reference_data(name)
    return items(name, published.data if published else None)


@dataclass(frozen=True)
class Event:
    """One line of a person's timeline."""

    when: str  # ISO date or time; sorts the timeline
    kind: str  # registration | change | complaint | service | visit | link
    record_id: str
    what: str  # a code the screen turns into words (service code, complaint category, visit condition…)
    detail: dict


_RANK = {"link": -1, "registration": 0, "change": 1, "complaint": 2, "visit": 3, "service": 4}


def timeline(store: Store, household_id: str, member_id: str) -> tuple[dict | None, list[Event]]:
    """The person (None when this laptop does not hold them) and their one timeline, newest first: the
    registration and its changes, complaints naming their NIK, services, visits — of this record and of
    every record the district confirmed as the same person. Opening it is audited."""
    conn = store.db.reader()
    me = (household_id, member_id)
    links = q.links(conn)
    group = care.People(links).records_of(me, [p for pair in links for p in pair])
    person = q.person(conn, me)
    events: list[Event] = []
    niks = set()
    for p in group:
        other = q.person(conn, p) if p != me else person
        if other and other.get("nik"):
            niks.add(other["nik"])
        if p != me:
            events.append(Event("", "link", p[0], other.get("name", "") if other else "",
                                {"member_id": p[1], "desa_name": (other or {}).get("desa_name", ""),
                                 "held": other is not None}))  # fmt: skip
        for at, action, operator in q.household_events(conn, p[0]):
            kind = "registration" if action == "create" else "change"
            events.append(Event(at, kind, p[0], action, {"operator": operator}))
    for nik in niks:
        events += [Event(c["received_at"], "complaint", c["record_id"], c["category"] or "", c)
                   for c in q.complaints_naming(conn, nik)]  # fmt: skip
    events += [
        Event(s["date"] or "", "service", s["record_id"], s["code"] or "", s)
        for s in q.services_of(conn, group)
    ]
    events += [
        Event(v["date"] or "", "visit", v["record_id"], v["condition"] or "", v)
        for v in q.visits_of(conn, group)
    ]
    store.audit("open_person", household_id, detail=member_id)
    # By day, newest first; within a day the registration before what was done about the person.
    return person, sorted(events, key=lambda e: (e.when[:10], _RANK.get(e.kind, 0), e.when), reverse=True)


def visit_schedule(store: Store, today: date) -> list[care.DueVisit]:
    """Who in this area is due (within a week) or overdue for a visit on `today`, by desa then date."""
    conn = store.db.reader()
    return care.visit_schedule(q.last_visits(conn), today, care.People(q.links(conn)))


def unserved_months(store: Store) -> int:
    try:
        months = int(store.settings.get(UNSERVED_MONTHS_SETTING, str(UNSERVED_MONTHS_DEFAULT)))
    except ValueError:
        return UNSERVED_MONTHS_DEFAULT
    return months if 1 <= months <= 60 else UNSERVED_MONTHS_DEFAULT


def set_unserved_months(store: Store, months: int) -> None:
    if not 1 <= months <= 60:
        raise ValueError(months)
    with store.db.transaction() as conn:
        store.settings.put({UNSERVED_MONTHS_SETTING: months}, conn)


def unserved(store: Store, today: date, months: int | None = None) -> list[care.Unserved]:
    """PPKS persons here with no service in the last N months (the laptop setting unless given)."""
    conn = store.db.reader()
    months = months or unserved_months(store)
    return care.unserved(
        q.ppks_persons(conn), q.last_services(conn), today, months, care.People(q.links(conn))
    )


def coverage(store: Store, start: str, end: str) -> care.Coverage:
    """Coverage of this laptop's area for services dated in [start, end] (ISO dates)."""
    conn = store.db.reader()
    return care.coverage(q.ppks_persons(conn), q.served_in(conn, start, end), care.People(q.links(conn)))


def choice_text(store: Store, form_id: str, field_name: str, code: str | None, lang: str = "id") -> str:
    """A choice code of a form's question in words (the code itself when the form does not know it)."""
    field = store.registry.latest(form_id).by_name.get(field_name)
    if field is None or not code:
        return code or ""
    return answer_text(field, code, lang) or code
