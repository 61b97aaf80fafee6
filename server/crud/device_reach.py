"""What a device has held: how far it pulled and since when (noted at every pull, by HTTP or in a return
bundle), and the report a district needs when a laptop or a USB stick is lost — every record and person it
pulled or pushed, and since when (docs/domain.md#personal-data-rights).

A device holds a record it pulled when the record existed by its last pull in its area (later versions it did
not pull still name the same person), and every record it pushed. "Since" is the earliest of those moments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.projection import project
from forms.registry import UnknownForm
from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.forms import get_form
from server.errors import NotFound
from server.models import ChangeLog, Device, DeviceReach, Record
from server.scope import in_scope
from sync.paths import unflatten


def note_pull(session: Session, device_id: str, cursor: int) -> None:
    """A device was served everything up to `cursor`, now (in the pull's own transaction)."""
    now = utcnow()
    reach = session.get(DeviceReach, device_id)
    if reach is None:
        session.add(DeviceReach(device_id=device_id, first_pull_at=now, last_pull_at=now, cursor=cursor))
    else:
        reach.last_pull_at, reach.cursor = now, max(reach.cursor, cursor)


@dataclass
class HeldRecord:
    record_id: str
    kind: str
    area: str
    reference: str
    since: datetime
    pulled: bool = False
    pushed: bool = False
    persons: list[tuple[str, str, str]] = field(default_factory=list)  # (member id, name, NIK)


def held_by_device(session: Session, device_id: str, *, actor: str) -> list[HeldRecord]:
    """Every record (with its persons) the device pulled or pushed, and since when; audited, since the report
    itself names people."""
    device = session.get(Device, device_id)
    if device is None:
        raise NotFound(f"Perangkat {device_id} tidak dikenal.", f"Unknown device {device_id}.")
    held: dict[str, HeldRecord] = {}
    reach = session.get(DeviceReach, device_id)
    if reach is not None:
        rows = session.execute(
            select(Record).where(in_scope(Record.area, device.area), Record.created_at <= reach.last_pull_at)
        ).scalars()
        for record in rows:
            since = max(record.created_at, reach.first_pull_at)
            held[record.id] = HeldRecord(
                record.id, record.kind, record.area, record.reference, since, pulled=True
            )
    pushed = session.execute(
        select(ChangeLog.record_id, func.min(ChangeLog.received_at))
        .where(ChangeLog.device_id == device_id)
        .group_by(ChangeLog.record_id)
    ).all()
    records = {
        r.id: r
        for r in session.execute(select(Record).where(Record.id.in_([p[0] for p in pushed]))).scalars()
    }
    for record_id, first in pushed:
        record = records.get(record_id)
        if record is None:
            continue  # erased since: nothing of it is left to report
        entry = held.get(record_id)
        if entry is None:
            entry = held[record_id] = HeldRecord(record_id, record.kind, record.area, record.reference, first)
        entry.pushed, entry.since = True, min(entry.since, first)
        records.setdefault(record_id, record)
    for entry in held.values():
        entry.persons = _persons(
            session, records.get(entry.record_id) or session.get(Record, entry.record_id)
        )
    audit(session, actor=actor, action="device.held_report", target=f"device:{device_id}", area=device.area,
          detail={"records": len(held), "persons": sum(len(e.persons) for e in held.values())})  # fmt: skip
    return sorted(held.values(), key=lambda e: (e.since, e.record_id))


def _persons(session: Session, record: Record | None) -> list[tuple[str, str, str]]:
    """(member id, name, NIK) of a household's members, as its form projects them."""
    if record is None:
        return []
    try:
        form = get_form(session, form_id=record.form_id, version=record.form_version)
    except UnknownForm:
        return []
    persons = project(form, unflatten(record.fields or {})).persons or []
    return [(str(p.get("member_id")), str(p.get("name") or ""), str(p.get("nik") or "")) for p in persons]
