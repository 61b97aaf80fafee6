"""The dashboard's figures that must not count the whole district on every view:

- each desa's households, persons, persons without NIK, complaints, PPKS categories and deciles in
  `area_figure`, recounted for one desa (through the `area` and `desa` indexes) when its records change;
- each complaint's time in each step in `complaint_step`, kept with its work-list row; the median and p90
  per step over the last 30 or 90 days are read from the (step, left_at, hours) index;
- complaints received and closed per week, and overdue complaints per desa, counted on `complaint_state`
  through its indexes.
"""

from __future__ import annotations

from collections import Counter as Tally
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from server.models import AreaFigure, ComplaintState, ComplaintStep, Person, Record, ReviewFlagRow
from server.scope import in_scope
from sync.protocol import Kind
from sync.workflow import CLOSED

WEEKS = 12


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def step_rows(record: Record, events: list) -> list[dict]:
    """(step, entered, left, hours) of each step the complaint has left: from one event to the next."""
    timed = sorted((m, e.step) for e in events if (m := _moment(e.at)) is not None)
    rows, seen = [], set()
    for (entered, step), (left, _next) in zip(timed, timed[1:], strict=False):
        if (step, entered) in seen:
            continue
        seen.add((step, entered))
        rows.append({"record_id": record.id, "step": step[:20], "entered_at": entered, "left_at": left,
                     "hours": max(0.0, (left - entered).total_seconds() / 3600), "area": record.area})  # fmt: skip
    return rows


def recount(session: Session, areas: set[str]) -> None:
    """Every figure of these desa again, from their own rows."""
    for area in sorted(a for a in areas if a):
        session.execute(delete(AreaFigure).where(AreaFigure.area == area))
        live = (Record.area == area, Record.deleted.is_(False))
        deciles = Tally()
        households = select(Record.decile, func.count()).where(Record.kind == Kind.HOUSEHOLD.value, *live)
        for decile, count in session.execute(households.group_by(Record.decile)):
            deciles[decile or ""] += count
        complaints = session.execute(
            select(func.count()).where(Record.kind == Kind.COMPLAINT.value, *live)
        ).scalar_one()
        persons, with_nik = session.execute(
            select(func.count(), func.count(Person.nik)).where(Person.desa == area)
        ).one()
        flags = session.execute(select(func.count()).where(ReviewFlagRow.area == area)).scalar_one()
        ppks = Tally()
        query = select(Person.ppks, func.count()).where(Person.desa == area, Person.ppks.is_not(None))
        for codes, count in session.execute(query.group_by(Person.ppks)):
            for code in codes.split():
                ppks[code] += count
        if sum(deciles.values()) or complaints or persons or flags:
            session.execute(insert(AreaFigure).values(area=area, households=sum(deciles.values()), persons=persons,
                                                      without_nik=persons - with_nik, complaints=complaints, flags=flags,
                                                      ppks=dict(ppks), deciles=dict(deciles)))  # fmt: skip


def figures(session: Session, scope: str) -> list[AreaFigure]:
    return list(session.execute(select(AreaFigure).where(in_scope(AreaFigure.area, scope))).scalars())


@dataclass(frozen=True)
class StepTime:
    step: str
    count: int
    median_days: float | None
    p90_days: float | None


def _nth(session: Session, query, n: int) -> float:  # noqa: ANN001 - a select of hours
    return session.execute(query.order_by(ComplaintStep.hours).offset(n).limit(1)).scalar_one()


def step_times(
    session: Session, *, scope: str, days: int, now: datetime, steps: tuple[str, ...]
) -> list[StepTime]:
    """Per step, over the complaints that left it in the last `days`: how many, the median and the 90th
    percentile of the days they spent in it (nearest rank)."""
    out = []
    for step in steps:
        where = (ComplaintStep.step == step, ComplaintStep.left_at >= now - timedelta(days=days),
                 in_scope(ComplaintStep.area, scope))  # fmt: skip
        count = session.execute(select(func.count()).select_from(ComplaintStep).where(*where)).scalar_one()
        if not count:
            out.append(StepTime(step, 0, None, None))
            continue
        hours = select(ComplaintStep.hours).where(*where)
        median, p90 = (
            _nth(session, hours, (count - 1) // 2),
            _nth(session, hours, max(0, -(-count * 9 // 10) - 1)),
        )
        out.append(StepTime(step, count, round(median / 24, 1), round(p90 / 24, 1)))
    return out


@dataclass(frozen=True)
class Week:
    start: datetime
    received: int
    closed: int


def weekly(session: Session, *, scope: str, now: datetime, weeks: int = WEEKS) -> list[Week]:
    """Complaints received and closed in each of the last `weeks` weeks (Monday to Monday, UTC), oldest first:
    two indexed counts a week."""
    s = ComplaintState
    monday = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    out = []
    for back in range(weeks - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        received = session.execute(select(func.count()).select_from(s).where(
            s.received_at >= start, s.received_at < end, in_scope(s.area, scope))).scalar_one()  # fmt: skip
        closed = session.execute(select(func.count()).select_from(s).where(
            s.status.in_(sorted(CLOSED)), s.status_at >= start, s.status_at < end, in_scope(s.area, scope))).scalar_one()  # fmt: skip
        out.append(Week(start, received, closed))
    return out


def overdue_by_desa(session: Session, *, scope: str, now: datetime) -> list[tuple[str, int]]:
    """(desa, overdue complaints) where any are overdue, most first."""
    s = ComplaintState
    rows = session.execute(select(s.area, func.count()).where(s.due_at < now, in_scope(s.area, scope))
                           .group_by(s.area)).all()  # fmt: skip
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def by_status(session: Session, *, scope: str) -> dict[str, int]:
    s = ComplaintState
    return dict(
        session.execute(
            select(s.status, func.count()).where(in_scope(s.area, scope)).group_by(s.status)
        ).all()
    )


def overdue_and_open(session: Session, *, scope: str, now: datetime) -> tuple[int, int]:
    s = ComplaintState
    overdue = session.execute(
        select(func.count()).where(s.due_at < now, in_scope(s.area, scope))
    ).scalar_one()
    still = session.execute(
        select(func.count()).where(s.due_at.is_not(None), in_scope(s.area, scope))
    ).scalar_one()
    return overdue, still


def unassigned_open(session: Session, *, scope: str) -> int:
    """Complaints still open (a due date) that nobody is assigned to."""
    s = ComplaintState
    return session.execute(select(func.count()).where(
        s.assigned_to.is_(None), s.due_at.is_not(None), in_scope(s.area, scope))).scalar_one()  # fmt: skip


def summed(session: Session, column, scope: str, area: str = "") -> int:  # noqa: ANN001 - an AreaFigure column
    """A figure over the desa of `scope` (and `area`): the true count of a list without reading its rows."""
    where = [in_scope(AreaFigure.area, scope)] + ([in_scope(AreaFigure.area, area)] if area else [])
    return int(session.execute(select(func.coalesce(func.sum(column), 0)).where(*where)).scalar_one())
