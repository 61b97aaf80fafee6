"""The complaint step deadlines the district uses: the defaults (sync/workflow.py,
docs/domain.md#steps-and-deadlines) unless an admin
changed them in the console. Stored in the database, so every server process judges overdue alike; each
change is also published as the reference data set `complaint_deadlines`, so the laptops receive it by pull
(or a return bundle) and mark the same complaints overdue as the district."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.reference import publish_reference
from server.errors import BadRequest
from server.models import ReferenceDataRow, WorkflowDeadline
from sync.workflow import (
    DEADLINES_REFERENCE,
    DEFAULT_DEADLINES,
    MAX_DAYS,
    MIN_DAYS,
    Deadlines,
    deadlines_data,
    deadlines_from_data,
)

NAMES = tuple(f.name for f in fields(Deadlines))


def current_deadlines(session: Session) -> Deadlines:
    stored = {row.name: row.days for row in session.execute(select(WorkflowDeadline)).scalars()}
    return Deadlines(**{name: stored.get(name, getattr(DEFAULT_DEADLINES, name)) for name in NAMES})


def published_deadlines(session: Session) -> Deadlines:
    """What the devices judge by once they have pulled everything: the last published set, else the defaults.
    Compared with, not `before`, so values saved before deadlines were published still reach the devices."""
    data = session.execute(
        select(ReferenceDataRow.data)
        .where(ReferenceDataRow.name == DEADLINES_REFERENCE)
        .order_by(ReferenceDataRow.rev.desc())
        .limit(1)
    ).scalar()
    return (deadlines_from_data(data) if data is not None else None) or DEFAULT_DEADLINES


def parse_days(raw: dict[str, str]) -> Deadlines:
    """Deadlines from form text; BadRequest (both languages) for a missing, non-integer or out-of-range value."""
    values = {}
    for name in NAMES:
        text = str(raw.get(name, "")).strip()
        if not text.isdigit() or not MIN_DAYS <= int(text) <= MAX_DAYS:
            raise BadRequest(f"Tenggat '{name}' harus bilangan bulat {MIN_DAYS}–{MAX_DAYS} hari, bukan '{text}'.",
                             f"Deadline '{name}' must be a whole number of {MIN_DAYS}–{MAX_DAYS} days, not '{text}'.")  # fmt: skip
        values[name] = int(text)
    deadlines = Deadlines(**values)
    if deadlines.verify_days > deadlines.close_days:
        raise BadRequest("Batas verifikasi tidak boleh melebihi batas penyelesaian.",
                         "The verification deadline cannot exceed the closing deadline.")  # fmt: skip
    return deadlines


def set_deadlines(session: Session, *, deadlines: Deadlines, actor: str) -> Deadlines:
    """Save the district's deadlines and, when they changed, publish them to the devices (next pull)."""
    before = current_deadlines(session)
    now = utcnow()
    for name, days in asdict(deadlines).items():
        row = session.get(WorkflowDeadline, name)
        if row is None:
            session.add(WorkflowDeadline(name=name, days=days, updated_by=actor, updated_at=now))
        elif row.days != days:
            row.days, row.updated_by, row.updated_at = days, actor, now
    audit(session, actor=actor, action="deadlines.set", target="complaint_workflow",
          detail={"before": asdict(before), "after": asdict(deadlines)})  # fmt: skip
    if deadlines != published_deadlines(session):
        # The version is only a label (devices keep the last one pulled, and pull runs in publication order).
        publish_reference(session, name=DEADLINES_REFERENCE, version=now.strftime("%Y%m%dT%H%M%S.%fZ"),
                          data=deadlines_data(deadlines), actor=actor)  # fmt: skip
    return deadlines
