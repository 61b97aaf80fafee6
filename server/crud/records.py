"""Households as the console shows them: a paged search within a scope, and one household with its members,
history (who changed what, when), review flags, attachments and person links.

Records are kept as flat field paths (`anggota/<member-uuid>/nama`); the `person` projection answers the
name, NIK and No. KK search (each member row carries its household's No. KK).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from forms.display import AnswerLine
from forms.domain import regions
from forms.domain.names import name_key
from forms.registry import UnknownForm
from server.core.clock import aware
from server.crud.attachments import NamedAttachment, named_by
from server.crud.forms import answers_in_words, get_form
from server.errors import NotFound
from server.models import Audit, ConflictLog, Device, Person, PersonLink, Record, ReviewFlagRow
from server.scope import covers, in_scope
from sync.protocol import Kind

PAGE_SIZE = 50
ID_LIST_MAX = 2000
EXPORT_LIMIT = 50_000
MEMBERS = "anggota"


def desa_name(code: str) -> str:
    region = regions.get(code) if code else None
    return region.name if region else code


@dataclass(frozen=True)
class Member:
    member_id: str
    position: int
    name: str
    nik: str
    nik_status: str
    sex: str
    birth_date: str
    relation: str
    status: str
    overrides: dict[str, str]


def members_of(fields: dict) -> list[Member]:
    """The household's members from its flat fields, in display order (removed items left out)."""
    items: dict[str, dict] = {}
    for path, value in (fields or {}).items():
        parts = path.split("/")
        if len(parts) >= 3 and parts[0] == MEMBERS:
            item = items.setdefault(parts[1], {"_overrides": {}})
            if len(parts) == 4 and parts[2] == "_overrides":
                item["_overrides"][parts[3]] = value
            elif len(parts) == 3:
                item[parts[2]] = value
    out = []
    for member_id, item in items.items():
        if item.get("_pos") is None:
            continue
        text = {k: v for k, v in item.items() if isinstance(v, str)}
        out.append(Member(member_id=member_id, position=int(item["_pos"]), name=text.get("nama", ""),
                          nik=text.get("nik", ""), nik_status=text.get("nik_status", ""),
                          sex=text.get("jenis_kelamin", ""), birth_date=text.get("tanggal_lahir", ""),
                          relation=text.get("hubungan", ""), status=text.get("status_anggota", ""),
                          overrides={k: str(v) for k, v in item["_overrides"].items() if v}))  # fmt: skip
    return sorted(out, key=lambda m: (m.position, m.member_id))


@dataclass(frozen=True)
class HouseholdRow:
    record_id: str
    no_kk: str
    head: str
    area: str
    desa_name: str
    members: int
    flags: int
    updated_at: datetime


def _row(record: Record) -> HouseholdRow:
    fields = record.fields or {}
    return HouseholdRow(record_id=record.id, no_kk=str(fields.get("no_kk") or ""),
                        head=str(fields.get("kepala_keluarga") or ""), area=record.area,
                        desa_name=desa_name(record.area), members=len(members_of(fields)),
                        flags=len(record.review_flags or []), updated_at=aware(record.updated_at))  # fmt: skip


def _households(scope: str):  # noqa: ANN202 - a select
    return select(Record).where(
        Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False), in_scope(Record.area, scope)
    )


def desa_in_scope(session: Session, *, scope: str) -> list[tuple[str, str]]:
    """(code, name) of every desa holding a household the scope may see, by name."""
    codes = session.execute(select(Record.area).where(Record.kind == Kind.HOUSEHOLD.value,
                                                      in_scope(Record.area, scope)).distinct()).scalars()  # fmt: skip
    return sorted(((c, desa_name(c)) for c in codes), key=lambda item: item[1])


def _search(session: Session, scope: str, q: str, desa: str):  # noqa: ANN202 - a select
    query = _households(scope)
    if desa:
        query = query.where(in_scope(Record.area, desa))  # a desa, or a kecamatan and its desa
    q = q.strip()[:100]
    if not q:
        return query
    digits = re.sub(r"[\s.]", "", q)
    if digits.isdigit():  # a NIK or No. KK, whole or its start: a range of the person table's indexes
        top = digits + "9" * max(0, 16 - len(digits))
        match = select(Person.record_id).where(
            or_(Person.nik.between(digits, top), Person.no_kk.between(digits, top))
        )
        return query.where(_ids_of(session, match))
    key = name_key(q)
    places = [code for code, name in desa_in_scope(session, scope=scope) if q.lower() in name.lower()]
    clauses = [Record.area.in_(places)] if places else []
    if key:
        clauses.append(_ids_of(session, select(Person.record_id).where(Person.name_key.contains(key))))
    return query.where(or_(*clauses)) if clauses else query.where(Record.id.is_(None))


def _ids_of(session: Session, match):  # noqa: ANN001, ANN202 - a select of record ids, and a clause
    """`Record.id` in the records `match` finds. A short list is given as literal ids, so the database looks
    the households up by key instead of walking the newest-first index testing each against a subquery."""
    ids = list(session.execute(match.distinct().limit(ID_LIST_MAX + 1)).scalars())
    return Record.id.in_(ids) if len(ids) <= ID_LIST_MAX else Record.id.in_(match)


SORTS = ("new", "old", "desa")
_ORDER = {"new": [Record.updated_at.desc()], "old": [Record.updated_at.asc()],
          "desa": [Record.area, Record.updated_at.desc()]}  # fmt: skip


def search_households(session: Session, *, scope: str, q: str = "", desa: str = "", page: int = 1,
                      size: int | None = None, sort: str = "new",
                      flagged: bool = False, total: int | None = None) -> tuple[list[HouseholdRow], int]:  # fmt: skip
    """One page of the households `scope` may see matching `q` (name, NIK, No. KK or desa name) in `desa` (a
    desa or kecamatan), newest first (or oldest first, or by desa), only those with a review flag when
    `flagged`, and how many match in all (`total` when the caller knows it)."""
    size = size or PAGE_SIZE
    query = _search(session, scope, q, desa)
    if flagged:
        query = query.where(Record.id.in_(select(ReviewFlagRow.record_id)))
    if total is None:  # the caller may know it from the kept per-desa figures (no search text)
        total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    page = max(1, page)
    rows = session.execute(
        query.order_by(*_ORDER.get(sort, _ORDER["new"]), Record.id).offset((page - 1) * size).limit(size)
    ).scalars()
    return [_row(r) for r in rows], total


def all_households(session: Session, *, scope: str, q: str = "", desa: str = "") -> Iterator[HouseholdRow]:
    """Every household of the search (what an export writes), newest first, read a few hundred at a time (a
    server-side cursor on PostgreSQL): the export writes them as they come, so a district's 330,000 need no
    more memory than 10,000."""
    query = _search(session, scope, q, desa).order_by(Record.updated_at.desc(), Record.id)
    for record in session.execute(query.execution_options(yield_per=500)).scalars():
        yield _row(record)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: (
        dict  # the few facts a reader needs (status, conflicts, flag code, step), said in words by the page
    )


@dataclass(frozen=True)
class FieldChange:
    """Fields whose current value one device (or the server) wrote at one moment."""

    at: datetime
    device: str
    paths: tuple[str, ...]


@dataclass
class HouseholdView:
    row: HouseholdRow
    address: dict
    members: list[Member]
    flags: list[dict]
    history: list[HistoryEntry]
    field_changes: list[FieldChange]
    attachments: list[NamedAttachment]
    conflicts: list[ConflictLog]
    # member id -> "record/member" of the same person; "device:<id>" -> "#3 label", to show who wrote
    links: dict[str, list[str]] = field(default_factory=dict)
    devices: dict[str, str] = field(default_factory=dict)
    answers: list[AnswerLine] = field(default_factory=list)  # every answer in words, photos aside
    paths: dict[str, str] = field(
        default_factory=dict
    )  # a conflict's field path -> whose field, as the question


def _record_in_scope(session: Session, scope: str, record_id: str) -> Record:
    record = session.get(Record, record_id)
    if (
        record is None
        or record.kind != Kind.HOUSEHOLD.value
        or record.deleted
        or not covers(scope, record.area)
    ):
        raise NotFound("Data rumah tangga tidak ditemukan.", "Household not found.")
    return record


def _stamp(stamp: str) -> tuple[datetime, str]:
    ms, _counter, device = stamp.split("-", 2)
    return datetime.fromtimestamp(int(ms) / 1000, UTC), device


def _labeller(session: Session, record: Record, lang: str):  # noqa: ANN202 - a callable
    """field name -> its question's label in `lang` (the field name when the form or field is unknown)."""
    try:
        form = get_form(session, form_id=record.form_id, version=record.form_version)
    except UnknownForm:
        return lambda name: name

    def label(name: str) -> str:
        field = form.by_name.get(name)
        return (
            (field.label.get(lang) or field.label.get("id") or name)
            if field is not None and field.label
            else name
        )

    return label


def _readable(path: str, names: dict[str, str], label) -> str:  # noqa: ANN001 - a callable
    """`anggota/<uuid>/nik_status` -> "Siti: Punya NIK?", `alamat/rt` -> "RT": whose field, as the question."""
    parts = path.split("/")
    said = label(parts[-1])
    if (
        said == parts[-1] and len(parts) >= 2 and label(parts[-2]) != parts[-2]
    ):  # a part of one answer (GPS lat)
        said = f"{label(parts[-2])} ({parts[-1]})"
    if len(parts) >= 3 and parts[0] == MEMBERS:
        return f"{names.get(parts[1]) or parts[1][:8]}: {said}"
    return said


def _history(session: Session, record: Record, names: dict[str, str], lang: str = "id") -> tuple[list, list]:
    logged = session.execute(select(Audit).where(Audit.target == f"record:{record.id}").order_by(Audit.at.desc())
                             .limit(200)).scalars()  # fmt: skip
    history = []
    for row in logged:
        detail = row.detail or {}
        facts = {
            k: v
            for k, v in sorted(detail.items())
            if k in ("status", "conflicts", "code", "step", "decision")
        }
        history.append(HistoryEntry(at=aware(row.at), actor=row.actor, action=row.action, detail=facts))
    label = _labeller(session, record, lang)
    groups: dict[tuple[int, str], set[str]] = {}
    for path, stamp in (record.clocks or {}).items():
        if path.endswith("/_pos"):
            continue  # display order: noise in a list of what changed
        try:
            at, device = _stamp(stamp)
        except ValueError:
            continue
        groups.setdefault((int(at.timestamp()), device), set()).add(_readable(path, names, label))
    changes = [FieldChange(at=datetime.fromtimestamp(second, UTC), device=device, paths=tuple(sorted(paths)))
               for (second, device), paths in groups.items()]  # fmt: skip
    return history, sorted(changes, key=lambda c: c.at, reverse=True)


def get_household(session: Session, *, scope: str, record_id: str, lang: str = "id") -> HouseholdView:
    """One household `scope` may see, with everything the household page shows; NotFound otherwise."""
    record = _record_in_scope(session, scope, record_id)
    members = members_of(record.fields or {})
    names = {m.member_id: m.name for m in members}
    history, changes = _history(session, record, names, lang)
    conflicts = list(session.execute(select(ConflictLog).where(ConflictLog.record_id == record.id)
                                     .order_by(ConflictLog.at.desc())).scalars())  # fmt: skip
    links: dict[str, list[str]] = {}
    for link in session.execute(select(PersonLink).where(
            PersonLink.decision == "linked",
            or_(PersonLink.a_record == record.id, PersonLink.b_record == record.id))).scalars():  # fmt: skip
        for mine, other in (((link.a_record, link.a_member), (link.b_record, link.b_member)),
                            ((link.b_record, link.b_member), (link.a_record, link.a_member))):  # fmt: skip
            if mine[0] == record.id:
                links.setdefault(mine[1], []).append(f"{other[0]}/{other[1]}")
    mentioned = {e.actor.split(":", 1)[1] for e in history if e.actor.startswith("device:")}
    mentioned |= {c.device for c in changes}
    devices = {f"device:{d.id}": f"#{d.number} {d.label}".strip() for d in session.execute(
        select(Device).where(Device.id.in_(mentioned))).scalars()} if mentioned else {}  # fmt: skip
    label = _labeller(session, record, lang)
    paths = {c.path: _readable(c.path, names, label) for c in conflicts}
    fields = record.fields or {}
    address = {k.split("/", 1)[1]: v for k, v in fields.items() if k.startswith("alamat/")}
    return HouseholdView(row=_row(record), address=address, members=members, flags=list(record.review_flags or []),
                         history=history, field_changes=changes, attachments=named_by(session, record, scope),
                         conflicts=conflicts, links=links, devices=devices, paths=paths,
                         answers=[a for a in answers_in_words(session, record, lang) if not a.photo])  # fmt: skip


def text_contains(column, needle: str):  # noqa: ANN001, ANN201 - a JSON column and a clause
    """A JSON column's text contains `needle` (the same on SQLite and PostgreSQL): a cheap pre-filter."""
    return cast(column, String).like(f"%{needle}%")
