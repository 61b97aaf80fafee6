"""The audit log: every write and every login, with who, what and which target — never a NIK or answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.bulk import insert_rows
from server.models import Audit

AUDIT_TABLE = Audit.__table__


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str = "",
    area: str = "",
    detail: dict | None = None,
    at: datetime | None = None,
) -> None:
    """One audit row in the caller's transaction (so the entry exists exactly when the write does)."""
    session.execute(
        insert(Audit),
        [dict(at=at or utcnow(), actor=actor, action=action, target=target, area=area, detail=detail)],
    )


def audit_many(session: Session, *, rows: list[dict]) -> None:
    """Several audit rows at once (a push batch writes one per change); each dict as `audit`'s keywords."""
    if not rows:
        return
    now = utcnow()
    insert_rows(
        session,
        AUDIT_TABLE,
        [dict(at=r.get("at", now), actor=r["actor"], action=r["action"], target=r.get("target", ""),
              area=r.get("area", ""), detail=r.get("detail")) for r in rows],
    )  # fmt: skip
