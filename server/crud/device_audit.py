"""A laptop's own audit rows, kept at the district (UU 27/2022: the district answers for every access to a
person's data, on its laptops too). Each row arrives with its laptop number `seq`; the device row remembers how
far the district holds them (`audit_seq`), so a row sent twice — a retry, a bundle and an HTTP sync — is kept
once. Rows become audit rows of actor `device:<id>`, action `laptop.<action>`, the operator in the detail."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from server.core.clock import aware, utcnow
from server.crud.audit import audit_many
from server.models import Device
from sync.protocol import AuditEntry


def _when(text: str) -> datetime:
    """The laptop's time of the row (UTC); a time that does not parse is taken as now."""
    try:
        return aware(datetime.fromisoformat(text.replace("Z", "+00:00"))).astimezone(UTC)
    except ValueError:
        return utcnow()


def receive(session: Session, device: Device, entries: list[AuditEntry]) -> int:
    """Keep the entries the district does not hold yet (in the caller's transaction); the new high-water."""
    fresh = sorted((e for e in entries if e.seq > device.audit_seq), key=lambda e: e.seq)
    audit_many(session, rows=[
        dict(at=_when(e.at), actor=f"device:{device.id}", action=f"laptop.{e.action}"[:40],
             target=f"record:{e.record_id}" if e.record_id else "", area=device.area,
             detail={"operator": e.operator, "seq": e.seq, "detail": e.detail})
        for e in fresh
    ])  # fmt: skip
    if fresh:
        device.audit_seq = fresh[-1].seq
        session.flush()
    return device.audit_seq
