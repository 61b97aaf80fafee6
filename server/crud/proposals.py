"""DTSEN proposals (`proposal` records, form `usulan`) as the district sees them: a proposal's desa, and the
proposals of a month within a user's scope (docs/records.md#dtsen-proposals)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crud.subjects import HOUSEHOLD_FIELD
from server.models import Record
from server.scope import in_scope
from sync.protocol import Kind

PROPOSAL_FORM = "usulan"


def proposal_area(session: Session, working: dict, answers: dict) -> str | None:
    """The desa of the household a proposal names — from the batch's working records first, else the
    database — else the desa its answers name, else None."""
    household = answers.get(HOUSEHOLD_FIELD)
    if isinstance(household, str) and household:
        found = working.get(household)
        if found is not None and found.kind == Kind.HOUSEHOLD.value:
            return found.area
        row = session.execute(select(Record.kind, Record.area).where(Record.id == household)).first()
        if row is not None and row.kind == Kind.HOUSEHOLD.value:
            return row.area
    desa = answers.get("desa")
    return desa if isinstance(desa, str) and desa else None


def month_proposals(session: Session, scope, month: str) -> list[Record]:
    """The live proposals dated in `month` (YYYY-MM) inside `scope`, by desa then name."""
    rows = session.execute(
        select(Record).where(
            Record.kind == Kind.PROPOSAL.value, Record.deleted.is_(False), in_scope(Record.area, scope)
        )
    ).scalars()
    found = [r for r in rows if str(r.fields.get("tanggal") or "").startswith(month)]
    return sorted(found, key=lambda r: (r.area, str(r.fields.get("nama") or "")))
