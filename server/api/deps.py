"""Dependencies as `Annotated` aliases (the FastAPI template's deps.py): settings, session, the caller."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from server.core.config import Settings
from server.core.db import session_scope
from server.crud.accounts import user_for_token
from server.crud.devices import device_for_token
from server.errors import Forbidden, NotAuthenticated
from server.models import Device, User


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back when it raises."""
    with session_scope(request.app.state.engine) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("Token perangkat tidak ada.", "No bearer token.", code="missing_token")
    return token.strip()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_device(request: Request, session: SessionDep) -> Device:
    return device_for_token(session, token=bearer_token(request))


CurrentDevice = Annotated[Device, Depends(current_device)]


@dataclass(frozen=True)
class Actor:
    """Whoever called: a device (its area), a TKSK (their kecamatan) or an admin (the district: "")."""

    name: str
    scope: str
    device: Device | None = None
    user: User | None = None


def current_actor(request: Request, session: SessionDep) -> Actor:
    """A device token or a user session token; the caller's scope comes with it."""
    token = bearer_token(request)
    try:
        device = device_for_token(session, token=token)
        return Actor(name=f"device:{device.id}", scope=device.area, device=device)
    except NotAuthenticated as device_error:
        if device_error.code == "token_revoked":
            raise
    user = user_for_token(session, token=token)
    return Actor(name=f"user:{user.username}", scope=user.area if user.role == "tksk" else "", user=user)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require_admin(actor: CurrentActor) -> Actor:
    if actor.user is None or actor.user.role != "admin":
        raise Forbidden("Hanya admin kabupaten.", "District admins only.")
    return actor
