"""GET /api/v1/records/{id}: one record as its current state, for whoever may see its area."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from server.api.deps import CurrentActor, SessionDep
from server.crud.audit import audit
from server.crud.pull import RECORD, pulled_record
from server.errors import NotFound
from server.scope import covers
from sync.protocol import PulledRecord

router = APIRouter(prefix="/records", tags=["records"])


@router.get("/{record_id}", response_model=PulledRecord)
def get_record(record_id: str, actor: CurrentActor, session: SessionDep) -> PulledRecord:
    row = session.execute(select(RECORD).where(RECORD.c.id == record_id)).first()
    # Another area's record answers exactly like a missing one: its existence is not disclosed.
    if row is None or not covers(actor.scope, row.area):
        raise NotFound("Data tidak ditemukan.", "Record not found.")
    if actor.user is not None:  # people reading personal data leave a trace (PDP law)
        audit(session, actor=actor.name, action="record.read", target=f"record:{record_id}", area=row.area)
    return pulled_record(row)
