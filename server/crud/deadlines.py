"""The complaint step deadlines the district uses: DOMAIN.md's defaults (sync/workflow.py) unless an admin
changed them in the console. Stored in the database, so every server process judges overdue alike."""

from __future__ import annotations

from dataclasses import asdict, fields

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.errors import BadRequest
from server.models import WorkflowDeadline
from sync.workflow import DEFAULT_DEADLINES, Deadlines

NAMES = tuple(f.name for f in fields(Deadlines))
MIN_DAYS, MAX_DAYS = 1, 365


def current_deadlines(session: Session) -> Deadlines:
    stored = {row.name: row.days for row in session.execute(select(WorkflowDeadline)).scalars()}
    return Deadlines(**{name: stored.get(name, getattr(DEFAULT_DEADLINES, name)) for name in NAMES})


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
    return deadlines
