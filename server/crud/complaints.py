"""The SLRT complaint workflow as the district console drives it: each step is a complaint event (devices
receive it on their next pull), every complaint carries its age and next deadline, overdue ones first.

The steps and deadlines themselves are `sync/workflow.py`, the same rules the laptops show; the deadlines'
day counts are the district's (crud/deadlines.py: the defaults until an admin changes them;
docs/domain.md#steps-and-deadlines).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.definition import Field
from forms.display import AnswerLine, answer_text, column_field
from forms.registry import UnknownForm
from server.core.clock import aware, utcnow
from server.crud.attachments import named_by
from server.crud.audit import audit
from server.crud.deadlines import current_deadlines
from server.crud.forms import answers_in_words, get_form
from server.crud.revisions import allocate
from server.errors import BadRequest, NotFound
from server.models import ComplaintEventRow, Record
from server.scope import covers, in_scope
from sync.protocol import ComplaintStep, Kind
from sync.reference import same_status_code
from sync.workflow import NEXT_STEPS, Deadlines, next_deadline, parse_time


@dataclass(frozen=True)
class ComplaintView:
    record_id: str
    reference: str
    area: str
    status: str
    received_at: datetime
    status_at: datetime
    due: datetime | None
    overdue: bool
    age_days: int
    next_steps: tuple[str, ...]
    category: str = ""  # in words (the form's choice label), for triage on the list
    urgency: str = ""


def _first_written(record: Record) -> datetime:
    """When the complaint was first written, for one whose `diterima` event never arrived: its earliest clock
    stamp (the laptop's time of capture; stamps past the server's clock were clamped on push), or when the
    server received it if that is earlier still."""
    arrived = aware(record.created_at)
    stamps = [s for s in (record.clocks or {}).values() if isinstance(s, str)]
    if not stamps:
        return arrived
    try:
        written = datetime.fromtimestamp(int(min(stamps)[:13]) / 1000, UTC)
    except (ValueError, OverflowError, OSError):  # not a stamp after all: the arrival is all we know
        return arrived
    return min(written, arrived)


def _view(
    record: Record, events: list[ComplaintEventRow], now: datetime, deadlines: Deadlines
) -> ComplaintView:
    events = sorted(events, key=lambda e: (e.at, e.rev))
    received = _first_written(record)
    for event in events:
        if event.step == ComplaintStep.DITERIMA.value:
            received = parse_time(event.at)
            break
    status, status_at = ComplaintStep.DITERIMA.value, received
    if events:
        status, status_at = events[-1].step, parse_time(events[-1].at)
    due = next_deadline(status, received, status_at, deadlines)
    return ComplaintView(record_id=record.id, reference=record.reference, area=record.area, status=status,
                         received_at=received, status_at=status_at, due=due, overdue=due is not None and due < now,
                         age_days=(now - received).days, next_steps=NEXT_STEPS.get(status, ()))  # fmt: skip


def _events_by_record(session: Session, ids: list[str]) -> dict[str, list[ComplaintEventRow]]:
    out: dict[str, list[ComplaintEventRow]] = {i: [] for i in ids}
    if ids:
        for event in session.execute(
            select(ComplaintEventRow).where(ComplaintEventRow.record_id.in_(ids))
        ).scalars():
            out[event.record_id].append(event)
    return out


def _in_words(session: Session, lang: str) -> Callable[[Record], dict[str, str]]:
    """record -> its category and urgency as the form says them (each form version read once)."""
    fields: dict[tuple[str, int], dict[str, Field | None]] = {}

    def said(record: Record) -> dict[str, str]:
        key = (record.form_id, record.form_version)
        if key not in fields:
            try:
                form = get_form(session, form_id=record.form_id, version=record.form_version)
            except UnknownForm:  # a version this server never published: the codes are all there is
                fields[key] = {}
            else:
                fields[key] = {c: column_field(form, "complaint", c) for c in ("category", "urgency")}
        out = {}
        for column, field in fields[key].items():
            code = (record.fields or {}).get(field.name) if field is not None else None
            out[column] = answer_text(field, code, lang) if code not in (None, "") else ""
        return out

    return said


def list_complaints(
    session: Session, *, scope: str, now: datetime | None = None, lang: str = "id"
) -> list[ComplaintView]:
    """Every complaint `scope` may see: overdue first (most overdue on top), then open by due, then closed; the
    category and urgency in words, in `lang`."""
    now = now or utcnow()
    query = select(Record).where(Record.kind == Kind.COMPLAINT.value, Record.deleted.is_(False))
    if scope:
        query = query.where(in_scope(Record.area, scope))
    records = list(session.execute(query).scalars())
    events = _events_by_record(session, [r.id for r in records])
    deadlines = current_deadlines(session)
    said = _in_words(session, lang)
    views = [replace(_view(r, events[r.id], now, deadlines), **said(r)) for r in records]
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(views, key=lambda v: (not v.overdue, v.due is None, v.due or far, v.received_at))


def get_complaint(session: Session, *, scope: str, record_id: str) -> ComplaintView:
    record = session.get(Record, record_id)
    if record is None or record.kind != Kind.COMPLAINT.value or not covers(scope, record.area):
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    events = _events_by_record(session, [record_id])[record_id]
    return _view(record, events, utcnow(), current_deadlines(session))


@dataclass(frozen=True)
class ComplaintDetail:
    """One complaint as the district reads it before acting: its state, what was reported (the answers in
    words, photos by hash with whether the server holds them), and every step so far, oldest first."""

    view: ComplaintView
    answers: list[AnswerLine]
    photos: list[tuple[AnswerLine, bool]]  # (the photo's line, the server holds its bytes whole)
    events: list[ComplaintEventRow]


def complaint_detail(session: Session, *, scope: str, record_id: str, lang: str = "id") -> ComplaintDetail:
    view = get_complaint(session, scope=scope, record_id=record_id)
    record = session.get(Record, record_id)
    lines = answers_in_words(session, record, lang)
    held = {a.sha256 for a in named_by(session, record, scope) if a.present}
    events = sorted(_events_by_record(session, [record_id])[record_id], key=lambda e: (e.at, e.rev or 0))
    return ComplaintDetail(view=view, answers=[line for line in lines if not line.photo],
                           photos=[(line, line.photo in held) for line in lines if line.photo], events=events)  # fmt: skip


def advance(session: Session, *, scope: str, record_id: str, step: str, actor: str, note: str = "",
            referral: str = "") -> ComplaintEventRow:  # fmt: skip
    """Move a complaint one step: a new complaint event with the next revision, so devices pull it."""
    view = get_complaint(session, scope=scope, record_id=record_id)
    if step not in view.next_steps:
        raise BadRequest(f"Langkah '{step}' tidak bisa setelah '{view.status}'.",
                         f"Step '{step}' cannot follow '{view.status}'.")  # fmt: skip
    if step == ComplaintStep.DITOLAK.value and not note.strip():
        raise BadRequest("Penolakan perlu alasan.", "A rejection needs a reason.")
    if step == ComplaintStep.DIRUJUK.value and not referral.strip():
        raise BadRequest("Rujukan perlu tujuan (instansi).", "A referral needs a destination (agency).")
    event = ComplaintEventRow(id=f"srv-{uuid.uuid4()}", record_id=record_id, area=view.area, step=step,
                              at=utcnow().isoformat().replace("+00:00", "Z"), by=actor, note=note[:2000],
                              referral=referral.strip()[:40], rev=allocate(session, count=1))  # fmt: skip
    session.add(event)
    session.flush()
    audit(session, actor=actor, action="complaint.step", target=f"record:{record_id}", area=view.area,
          detail={"step": step})  # fmt: skip
    return event


def public_status(session: Session, *, reference: str, code: str) -> dict | None:
    """Status and dates only (no personal data) for a receipt's reference number and the status code printed
    with it (sync/reference.py `status_code`). None for an unknown number and for a wrong code alike: the
    page does not tell a guesser which numbers exist."""
    record = session.execute(
        select(Record).where(Record.reference == reference, Record.kind == Kind.COMPLAINT.value)
    ).scalar_one_or_none()
    if record is None or record.deleted or not same_status_code(record.id, code):
        return None
    events = _events_by_record(session, [record.id])[record.id]
    view = _view(record, events, utcnow(), current_deadlines(session))
    return {"reference": reference, "status": view.status, "received_at": view.received_at,
            "status_at": view.status_at, "due": view.due}  # fmt: skip
