"""PUT/GET /api/v1/attachments/{sha256}: chunked upload that resumes at what the server already has;
GET /api/v1/attachments/{sha256}/content?record=ID: the bytes, for a device that may see that record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from server.api.body import read_raw
from server.api.deps import CurrentDevice, SessionDep
from server.crud import attachments
from server.errors import NotFound
from sync.protocol import AttachmentStatus

router = APIRouter(prefix="/attachments", tags=["attachments"])
SHA = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
MAX_CHUNK = 4 * 1024 * 1024


@router.put("/{sha256}", response_model=AttachmentStatus)
async def put_chunk(
    sha256: SHA,
    request: Request,
    device: CurrentDevice,
    session: SessionDep,
    offset: Annotated[int, Query(ge=0)],
    size: Annotated[int, Query(ge=1)],
) -> AttachmentStatus:
    data = await read_raw(request, MAX_CHUNK)
    return attachments.put_chunk(session, device=device, sha256=sha256, offset=offset, size=size, data=data)


@router.get("/{sha256}", response_model=AttachmentStatus)
def get_status(sha256: SHA, device: CurrentDevice, session: SessionDep) -> AttachmentStatus:
    found = attachments.status(session, sha256=sha256, device=device)
    if found is None:  # also for a file of another area: its existence is not told
        raise NotFound("Lampiran belum ada di server.", "The server does not have this attachment yet.")
    return found


@router.get("/{sha256}/content", response_class=Response)
def get_content(
    sha256: SHA,
    device: CurrentDevice,
    session: SessionDep,
    record: Annotated[str, Query(min_length=1, max_length=64)],
) -> Response:
    data = attachments.content(session, scope=device.area, record_id=record, sha256=sha256)
    return Response(data, media_type="application/octet-stream")
