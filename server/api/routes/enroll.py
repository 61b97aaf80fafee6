"""POST /api/v1/enroll: a one-time code and the device's public keys for its identity and token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from server.api.body import check_protocol, decode_body, parse_json_object, read_raw, to_message
from server.api.deps import SessionDep, SettingsDep, client_address
from server.crud.devices import enroll as crud_enroll
from sync.protocol import EnrollAnswer, EnrollRequest

router = APIRouter(tags=["enrollment"])
MAX_ENROLL_BYTES = 64 * 1024


async def enroll_request(request: Request) -> EnrollRequest:
    raw = await read_raw(request, MAX_ENROLL_BYTES)
    data = parse_json_object(decode_body(raw, request.headers.get("content-encoding"), MAX_ENROLL_BYTES))
    check_protocol(data.get("protocol"))
    return to_message(EnrollRequest, data)


@router.post("/enroll", response_model=EnrollAnswer)
def enroll(
    payload: Annotated[EnrollRequest, Depends(enroll_request)],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
) -> EnrollAnswer:
    return crud_enroll(session, request=payload, client=client_address(request), settings=settings)
