"""The TKSK relay: POST /api/v1/bundles uploads a village's bundle, GET /api/v1/bundles/return fetches its
return bundle — under the carrier's own token, for devices inside the carrier's area only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from server.api.body import read_raw
from server.api.deps import CurrentActor, SessionDep, SettingsDep
from server.crud.bundles import import_outbound, write_return

router = APIRouter(prefix="/bundles", tags=["bundles"])
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
BUNDLE_TYPE = "application/vnd.jaring.bundle"


@router.post("")
async def upload(request: Request, actor: CurrentActor, session: SessionDep) -> dict:
    data = await read_raw(request, MAX_BUNDLE_BYTES)
    # Decrypting and applying thousands of changes must not block the event loop: a worker thread does it.
    summary = await run_in_threadpool(
        import_outbound, session, data, actor=actor.name, relay_scope=actor.scope
    )
    return summary.to_json()


@router.get("/return")
def fetch_return(
    actor: CurrentActor,
    session: SessionDep,
    settings: SettingsDep,
    device: Annotated[str, Query(min_length=1, max_length=64)],
) -> Response:
    data = write_return(session, device_id=device, actor=actor.name, page_size=settings.pull_page_size,
                        relay_scope=actor.scope)  # fmt: skip
    return Response(content=data, media_type=BUNDLE_TYPE)
