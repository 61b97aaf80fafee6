"""GET /api/v1/health: the server answers and its database is reachable."""

from __future__ import annotations

from importlib.metadata import version

from fastapi import APIRouter
from sqlalchemy import text

from server.api.deps import SessionDep
from server.crud.revisions import current
from sync.protocol import MIN_PROTOCOL_VERSION, PROTOCOL_VERSION

router = APIRouter(tags=["health"])


@router.get("/health")
def health(session: SessionDep) -> dict:
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": version("jaring"), "database": session.get_bind().dialect.name,
            "protocol": PROTOCOL_VERSION, "min_protocol": MIN_PROTOCOL_VERSION, "revision": current(session)}  # fmt: skip
