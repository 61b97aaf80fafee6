"""The district console's complaints work list: filtered, sorted and paged in SQL over `complaint_state` (one
row per complaint, kept from its record and events by `refresh`), so a page reads ~50 rows through indexes at
any district size and its count is the true count.

`refresh` is called wherever a complaint or its events change (push, a console step, the deadlines); any
complaint that has no row yet (an upgraded server: migration 0013 only creates the table) is filled in by
`catch_up` the first time the list is opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from forms.display import column_field
from forms.registry import UnknownForm
from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.complaints import ComplaintView, _events_by_record, _in_words, _view
from server.crud.deadlines import current_deadlines
from server.crud.figures import step_rows
from server.crud.forms import get_form
from server.errors import BadRequest, NotFound
from server.models import ComplaintAssignment, ComplaintState, ComplaintStep, Record, User
from server.scope import covers, in_scope
from sync.protocol import Kind
from sync.workflow import CLOSED, NEXT_STEPS

PAGE_SIZE = 50
CHUNK = 500
SORTS = ("due", "received", "age")
STEPS = tuple(NEXT_STEPS)


def ref_key(text: str) -> str:
    """A reference number as compared: upper case, letters and digits only ("pgd 6203-01" = "PGD620301")."""
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())[:40]


def _naive(moment: datetime | None) -> datetime | None:
    """UTC (the models' datetime type wants a zone; SQLite keeps it as UTC text, which sorts as time)."""
    return moment.astimezone(UTC) if moment is not None else None


def _codes(session: Session, record: Record, forms: dict) -> dict[str, str]:
    key = (record.form_id, record.form_version)
    if key not in forms:
        try:
            form = get_form(session, form_id=record.form_id, version=record.form_version)
        except UnknownForm:
            forms[key] = {}
        else:
            forms[key] = {c: column_field(form, "complaint", c) for c in ("category", "urgency")}
    out = {}
    for column, field in forms[key].items():
        code = (record.fields or {}).get(field.name) if field is not None else None
        out[column] = code[:40] if isinstance(code, str) else ""
    return out


def refresh(session: Session, ids: Iterable[str]) -> None:
    """Recompute the work-list rows of these complaints (a deleted or unknown one loses its row)."""
    ids = sorted(set(ids))
    deadlines, forms, now = current_deadlines(session), {}, utcnow()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.flush()
        session.execute(delete(ComplaintState).where(ComplaintState.record_id.in_(chunk)))
        session.execute(delete(ComplaintStep).where(ComplaintStep.record_id.in_(chunk)))
        records = session.execute(
            select(Record).where(Record.id.in_(chunk), Record.kind == Kind.COMPLAINT.value, Record.deleted.is_(False))
        ).scalars().all()  # fmt: skip
        events = _events_by_record(session, [r.id for r in records])
        assigned = dict(session.execute(select(ComplaintAssignment.record_id, ComplaintAssignment.username)
                                        .where(ComplaintAssignment.record_id.in_(chunk))).all())  # fmt: skip
        for record in records:
            view = _view(record, events[record.id], now, deadlines)
            session.add(ComplaintState(record_id=record.id, area=record.area, status=view.status,
                                       received_at=_naive(view.received_at), status_at=_naive(view.status_at),
                                       due_at=_naive(view.due), ref_key=ref_key(record.reference),
                                       assigned_to=assigned.get(record.id),
                                       **_codes(session, record, forms)))  # fmt: skip
            if steps := step_rows(record, events[record.id]):
                session.execute(insert(ComplaintStep), steps)
    session.flush()


def refresh_all(session: Session) -> None:
    """Every complaint's row again (the district's deadlines changed, so every due date may have)."""
    last = ""
    while ids := session.execute(
        select(Record.id).where(Record.kind == Kind.COMPLAINT.value, Record.id > last).order_by(Record.id).limit(CHUNK)
    ).scalars().all():  # fmt: skip
        refresh(session, ids)
        last = ids[-1]


def catch_up(session: Session) -> None:
    """Fill in the complaints that have no row yet. Two index-only counts decide whether to look (every write
    path keeps the rows, so they differ only after an upgrade); the outer join that finds them runs only then."""
    complaints = (Record.kind == Kind.COMPLAINT.value, Record.deleted.is_(False))
    stored = session.execute(select(func.count()).select_from(Record).where(*complaints)).scalar_one()
    if stored == session.execute(select(func.count()).select_from(ComplaintState)).scalar_one():
        return
    missing = (
        select(Record.id)
        .outerjoin(ComplaintState, ComplaintState.record_id == Record.id)
        .where(
            Record.kind == Kind.COMPLAINT.value, Record.deleted.is_(False), ComplaintState.record_id.is_(None)
        )
        .limit(CHUNK)
    )
    while ids := session.execute(missing).scalars().all():
        refresh(session, ids)


@dataclass(frozen=True)
class Filters:
    """What the user chose on the list; every value already checked (`of` drops what is not allowed)."""

    status: str = ""  # a step, "open" or "" (all)
    area: str = ""  # a desa or kecamatan inside the user's scope, or "" (the whole scope)
    overdue: bool = False
    urgency: str = ""
    category: str = ""
    q: str = ""  # a reference number, typed any way
    sort: str = "due"
    page: int = 1
    assigned: str = ""  # "me" (the user looking), "none" (nobody yet), a user name, or "" (anyone)
    me: str = ""

    @classmethod
    def of(cls, raw: dict[str, str], scope: str, me: str = "") -> Filters:
        status = raw.get("status", "")
        area = raw.get("area", "").strip()
        try:
            page = max(1, min(int(raw.get("page", "1")), 100_000))
        except ValueError:
            page = 1
        return cls(status=status if status in STEPS or status == "open" else "",
                   area=area if area and re.fullmatch(r"[0-9.]{2,16}", area) and covers(scope, area) else "",
                   overdue=raw.get("overdue", "") == "1", urgency=raw.get("urgency", "")[:40],
                   category=raw.get("category", "")[:40], q=raw.get("q", "")[:60],
                   sort=raw.get("sort") if raw.get("sort") in SORTS else "due", page=page,
                   assigned=re.sub(r"[^a-zA-Z0-9._-]", "", raw.get("assigned", ""))[:64], me=me)  # fmt: skip


@dataclass(frozen=True)
class WorkPage:
    rows: list[ComplaintView]
    total: int
    page: int
    pages: int


def _where(scope: str, f: Filters, now: datetime) -> list:
    s = ComplaintState
    conditions = [in_scope(s.area, scope)]
    if f.area:
        conditions.append(in_scope(s.area, f.area))
    if f.status == "open":
        conditions.append(s.status.not_in(sorted(CLOSED)))
    elif f.status:
        conditions.append(s.status == f.status)
    if f.overdue:
        conditions.append(s.due_at < now)
    if f.urgency:
        conditions.append(s.urgency == f.urgency)
    if f.category:
        conditions.append(s.category == f.category)
    if f.assigned == "none":
        conditions.append(s.assigned_to.is_(None))
    elif f.assigned:
        conditions.append(s.assigned_to == (f.me if f.assigned == "me" else f.assigned))
    if ref_key(f.q):
        conditions.append(s.ref_key == ref_key(f.q))
    return conditions


def _order(sort: str) -> list:
    s = ComplaintState
    if sort == "received":
        return [s.received_at.desc(), s.record_id]
    if sort == "age":
        return [s.received_at.asc(), s.record_id]
    return [s.due_at.is_(None), s.due_at.asc(), s.received_at.asc(), s.record_id]  # most overdue first


def work_page(session: Session, *, scope: str, filters: Filters, lang: str = "id",
              now: datetime | None = None, size: int | None = None) -> WorkPage:  # fmt: skip
    """One page of the complaints `scope` may see that match `filters`, with the true count of all of them."""
    now, size = now or utcnow(), size or PAGE_SIZE
    catch_up(session)
    conditions = _where(scope, filters, _naive(now))
    total = session.execute(select(func.count()).select_from(ComplaintState).where(*conditions)).scalar_one()
    pages = max(1, -(-total // size))
    page = min(filters.page, pages)
    ids = session.execute(
        select(ComplaintState.record_id).where(*conditions).order_by(*_order(filters.sort))
        .limit(size).offset((page - 1) * size)
    ).scalars().all()  # fmt: skip
    records = {r.id: r for r in session.execute(select(Record).where(Record.id.in_(ids))).scalars()}
    events = _events_by_record(session, list(ids))
    deadlines, said = current_deadlines(session), _in_words(session, lang)
    rows = [_view(records[i], events[i], now, deadlines) for i in ids]
    rows = [ComplaintView(**{**v.__dict__, **said(records[v.record_id])}) for v in rows]
    return WorkPage(rows=rows, total=total, page=page, pages=pages)


def choices(session: Session, *, scope: str) -> dict[str, list[str]]:
    """The areas (each complaint's desa and its kecamatan), categories and urgencies present in `scope`."""
    s = ComplaintState
    out = {}
    for column in (s.area, s.category, s.urgency):
        out[column.key] = [
            v
            for v in session.execute(select(column).where(in_scope(s.area, scope)).distinct()).scalars()
            if v
        ]
    areas = set(out["area"]) | {".".join(a.split(".")[:3]) for a in out["area"] if a.count(".") >= 3}
    out["area"] = sorted(a for a in areas if covers(scope, a))
    return out


def assign(session: Session, *, scope: str, record_id: str, username: str, actor: str) -> None:
    """Give a complaint `scope` may see to a console user whose area covers it ("" takes it back); audited."""
    state = session.get(ComplaintState, record_id)
    if state is None or not covers(scope, state.area):
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    current = session.get(ComplaintAssignment, record_id)
    if not username:
        if current is not None:
            session.delete(current)
    else:
        user = session.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None or not covers("" if user.role == "admin" else user.area, state.area):
            raise BadRequest("Pengguna ini tidak bisa menangani pengaduan di wilayah ini.",
                             "This user cannot handle complaints of this area.")  # fmt: skip
        if current is None:
            session.add(ComplaintAssignment(record_id=record_id, username=username, assigned_by=actor,
                                            assigned_at=utcnow()))  # fmt: skip
        else:
            current.username, current.assigned_by, current.assigned_at = username, actor, utcnow()
    state.assigned_to = username or None
    session.flush()
    audit(session, actor=actor, action="complaint.assign", target=f"record:{record_id}", area=state.area,
          detail={"to": username[:64]})  # fmt: skip


def assignees(session: Session, *, area: str) -> list[str]:
    """The console users who may handle a complaint of `area`: admins and the TKSK whose kecamatan covers it."""
    users = session.execute(select(User.username, User.role, User.area).order_by(User.username)).all()
    return [name for name, role, user_area in users if role == "admin" or covers(user_area, area)]


def assign_many(session: Session, *, scope: str, ids: list[str], username: str, actor: str) -> int:
    """Give many complaints to one user (each as `assign`); those not found, out of scope or outside the
    user's area are skipped. How many were assigned."""
    done = 0
    for record_id in ids[:200]:
        try:
            with session.begin_nested():
                assign(session, scope=scope, record_id=record_id, username=username, actor=actor)
        except (NotFound, BadRequest):
            continue
        done += 1
    return done
