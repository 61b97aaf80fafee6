"""Counts per kind and per area, for `jaring-server stats --json` (and the console later)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.crud.revisions import current
from server.models import Attachment, ComplaintEventRow, ConflictLog, Device, Person, Record


def stats(session: Session) -> dict:
    """Records per kind, per desa and per kecamatan (tombstones excluded), devices, people, conflicts."""
    by_area: dict[str, dict[str, int]] = {}
    by_kecamatan: dict[str, dict[str, int]] = {}
    kinds: dict[str, int] = {}
    rows = session.execute(
        select(Record.area, Record.kind, func.count())
        .where(Record.deleted.is_(False))
        .group_by(Record.area, Record.kind)
    )
    for area, kind, count in rows:
        kinds[kind] = kinds.get(kind, 0) + count
        by_area.setdefault(area, {})[kind] = count
        kecamatan = ".".join(area.split(".")[:3])
        by_kecamatan.setdefault(kecamatan, {})
        by_kecamatan[kecamatan][kind] = by_kecamatan[kecamatan].get(kind, 0) + count
    devices = dict(session.execute(select(Device.status, func.count()).group_by(Device.status)).all())
    flagged = session.execute(select(Record.review_flags).where(Record.deleted.is_(False))).scalars()
    return {
        "revision": current(session),
        "records": kinds,
        "by_area": dict(sorted(by_area.items())),
        "by_kecamatan": dict(sorted(by_kecamatan.items())),
        "flagged_for_review": sum(1 for flags in flagged if flags),
        "persons": session.execute(select(func.count()).select_from(Person)).scalar_one(),
        "complaint_events": session.execute(select(func.count()).select_from(ComplaintEventRow)).scalar_one(),
        "open_conflicts": session.execute(
            select(func.count()).select_from(ConflictLog).where(ConflictLog.resolved.is_(False))
        ).scalar_one(),
        "devices": devices,
        "attachments": session.execute(select(func.count()).select_from(Attachment)).scalar_one(),
    }
