"""POST /api/v1/sync/push and GET /api/v1/sync/pull — thin: parse, authorise, call crud."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy.exc import IntegrityError, OperationalError

from server.api.body import (
    check_protocol,
    decode_body,
    parse_json_object,
    parse_strict,
    read_raw,
    to_message,
)
from server.api.deps import CurrentActor, CurrentDevice, SessionDep, SettingsDep, bearer_token
from server.crud.device_audit import receive as receive_audit
from server.crud.device_reach import note_pull
from server.crud.devices import device_for_token
from server.crud.pull import pull_page
from server.crud.push import apply_batch
from server.errors import BatchTooLarge, Forbidden
from sync.protocol import (
    MAX_CHANGES_PER_BATCH,
    PROTOCOL_HEADER,
    AuditAck,
    AuditUpload,
    PullPage,
    PushBatch,
    PushResponse,
)

router = APIRouter(prefix="/sync", tags=["sync"])


async def push_batch(request: Request) -> PushBatch:
    """The batch in the body: size-capped, decompressed within the limit, protocol-checked, then validated."""
    settings = request.app.state.settings
    raw = await read_raw(request, settings.max_body_bytes)
    body = decode_body(raw, request.headers.get("content-encoding"), settings.max_decompressed_bytes)
    batch = parse_strict(PushBatch, body)
    if batch is not None and "protocol" in batch.model_fields_set:
        # Strictly valid, so at most MAX_CHANGES_PER_BATCH changes and an int protocol: the same checks
        # as below in the same order (the protocol first) give the same answers.
        check_protocol(batch.protocol)
        return batch
    data = parse_json_object(body)
    check_protocol(data.get("protocol"))
    changes = data.get("changes")
    if isinstance(changes, list) and len(changes) > MAX_CHANGES_PER_BATCH:
        raise BatchTooLarge(len(changes), MAX_CHANGES_PER_BATCH)
    return to_message(PushBatch, data)


def protocol_header(request: Request) -> int:
    return check_protocol(request.headers.get(PROTOCOL_HEADER))


@router.post("/push", response_model=PushResponse)
def push(
    batch: Annotated[PushBatch, Depends(push_batch)],
    device: CurrentDevice,
    session: SessionDep,
    request: Request,
) -> Response:
    if batch.device_id != device.id:
        raise Forbidden("Kiriman ini atas nama perangkat lain.", "This batch names another device.",
                        code="device_mismatch")  # fmt: skip
    with request.app.state.push_slots:  # a few batches at a time per process (Settings.push_concurrency)
        try:
            response = apply_batch(session, device=device, batch=batch)
        except (IntegrityError, OperationalError):
            # Two devices created the same new record at the same instant (the loser's insert fails), or a
            # serialisation hiccup: undo this attempt and apply the batch once more on what is now committed.
            # The whole transaction is undone (it wrote nothing else; a savepoint cost two round trips on
            # every batch): the device is read again, so one revoked meanwhile is refused.
            session.rollback()
            session.expire_all()  # nothing read before may be trusted
            device = device_for_token(session, token=bearer_token(request))
            response = apply_batch(session, device=device, batch=batch)
        # Commit here, not after the response is serialised: the revision lock is held until commit.
        session.commit()
    # Serialised once here: returned as a model, FastAPI would validate it again against `response_model`
    # (kept above for the OpenAPI schema) before serialising it (~10 µs per change of a batch).
    return Response(response.model_dump_json(), media_type="application/json")


async def audit_upload(request: Request) -> AuditUpload:
    """The laptop's audit rows in the body, read and checked as a push batch is."""
    settings = request.app.state.settings
    raw = await read_raw(request, settings.max_body_bytes)
    data = parse_json_object(
        decode_body(raw, request.headers.get("content-encoding"), settings.max_decompressed_bytes)
    )
    check_protocol(data.get("protocol"))
    return to_message(AuditUpload, data)


@router.post("/audit", response_model=AuditAck)
def upload_audit(
    upload: Annotated[AuditUpload, Depends(audit_upload)], device: CurrentDevice, session: SessionDep
) -> AuditAck:
    """A laptop's own audit rows (crud/device_audit.py); answers how far the district holds them."""
    if upload.device_id != device.id:
        raise Forbidden("Kiriman ini atas nama perangkat lain.", "This upload names another device.",
                        code="device_mismatch")  # fmt: skip
    return AuditAck(through=receive_audit(session, device, upload.entries))


@router.get("/pull", response_model=PullPage)
def pull(
    _protocol: Annotated[int, Depends(protocol_header)],
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=5000)] = None,
) -> PullPage:
    page = pull_page(session, scope=actor.scope, cursor=cursor, limit=limit or settings.pull_page_size)
    if actor.device is not None:
        note_pull(
            session, actor.device.id, page.next_cursor
        )  # what a lost laptop held (crud/device_reach.py)
    return page
