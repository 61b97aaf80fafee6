"""The person a `service` or `visit` record is about — `(household record id, member id)` — as the server
sees it: the subject's area, which is the record's area (docs/records.md#services-and-visits)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Record
from sync.protocol import Kind

SUBJECT_KINDS = frozenset({Kind.SERVICE.value, Kind.VISIT.value})
HOUSEHOLD_FIELD = "subjek_rumah_tangga"
MEMBER_FIELD = "subjek_anggota"


def subject_of(answers: dict) -> tuple[str, str] | None:
    """The (household record id, member id) a service or visit names, or None when it names none."""
    household, member = answers.get(HOUSEHOLD_FIELD), answers.get(MEMBER_FIELD)
    if isinstance(household, str) and household and isinstance(member, str) and member:
        return household, member
    return None


def subject_area(session: Session, working: dict, answers: dict) -> str | None:
    """The desa of the household a record's subject lives in — from the batch's working records first (a
    household registered in the same batch), else the database — or None when the server does not know it
    yet (the record then keeps the desa its answers name)."""
    subject = subject_of(answers)
    if subject is None:
        return None
    found = working.get(subject[0])
    if found is not None and found.kind == Kind.HOUSEHOLD.value:
        return found.area
    row = session.execute(select(Record.kind, Record.area).where(Record.id == subject[0])).first()
    return row.area if row is not None and row.kind == Kind.HOUSEHOLD.value else None
