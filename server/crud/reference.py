"""Reference data (the region tree's version, lists the forms use) published to devices through pull."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.revisions import allocate
from server.errors import Conflict
from server.models import ReferenceDataRow


def publish_reference(
    session: Session, *, name: str, version: str, data: Any, actor: str = "cli"
) -> ReferenceDataRow:
    """Store one version of a named reference data set; devices receive it on their next pull."""
    if session.get(ReferenceDataRow, (name, version)) is not None:
        raise Conflict(
            f"Data rujukan {name} versi {version} sudah ada.", f"Reference data {name} {version} exists."
        )
    row = ReferenceDataRow(
        name=name, version=version, data=data, rev=allocate(session, count=1), published_at=utcnow()
    )
    session.add(row)
    audit(session, actor=actor, action="reference.publish", target=f"{name}@{version}")
    return row
