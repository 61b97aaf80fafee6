"""POST /api/v1/login: a district admin or TKSK logs in (throttled per client, audited either way)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from server.api.body import decode_body, parse_json_object, read_raw, to_message
from server.api.deps import SessionDep, SettingsDep, client_address
from server.crud.accounts import attempt_login

router = APIRouter(tags=["accounts"])


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class LoginAnswer(BaseModel):
    token: str
    role: str
    area: str


async def login_request(request: Request) -> LoginRequest:
    raw = await read_raw(request, 16 * 1024)
    return to_message(
        LoginRequest, parse_json_object(decode_body(raw, request.headers.get("content-encoding"), 16 * 1024))
    )


@router.post("/login", response_model=LoginAnswer)
def login(payload: Annotated[LoginRequest, Depends(login_request)], request: Request, session: SessionDep,
          settings: SettingsDep) -> LoginAnswer:  # fmt: skip
    token, user = attempt_login(session, username=payload.username, password=payload.password,
                                client=client_address(request), settings=settings)  # fmt: skip
    return LoginAnswer(token=token, role=user.role, area=user.area)
