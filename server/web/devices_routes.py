"""Devices and enrollment (/console/devices): list, issue an enrollment code or file, revoke.

Who may do what: an admin everything in the district. A TKSK sees the devices of their kecamatan and issues
codes and files for it (they enroll the laptops they hand out), but does not revoke: revocation cuts a
laptop off for good and strands the changes it has not sent, so it stays a district decision (audited).
Every action goes through crud/devices.py, the same functions as `jaring-server enroll-code|enroll-file|
device revoke`. A code is shown once and a file downloaded once (a data: link in the answer page); neither is
kept in clear on the server.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.problems import UserError
from server.api.deps import SessionDep, SettingsDep
from server.core.clock import utcnow
from server.crud.dashboard import STALE_DAYS
from server.crud.devices import enroll_file, get_device, issue_code, revoke_device
from server.crud.lists import ListFilters, Paged, area_clause, paged
from server.models import Device
from server.web.access import AdminPage, AdminPostedPage, CurrentPage, Page, PostedPage
from server.web.listing import area_choices as listing_areas
from server.web.listing import filters_of
from server.web.render import render, user_error

router = APIRouter()
AreaField = Annotated[str, Form(max_length=16)]


def area_choices(page: Page) -> list[tuple[str, str]]:
    """A TKSK picks from their kecamatan and its desa; an admin types any code of the district."""
    if not page.scope:
        return []
    kecamatan = regions.get(page.scope)
    return [(page.scope, kecamatan.name if kecamatan else "")] + [
        (r.code, r.name) for r in regions.children(page.scope) if r.level == "desa"
    ]


def no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"  # a code or file shown once must not sit in a cache
    return response


STATES, SORTS = ("active", "reserved", "revoked", "stale"), ("area", "seen")


def device_page(session: Session, scope: str, f: ListFilters, stale_before: datetime) -> Paged:
    """One page of the devices `scope` may see, by area (or longest without a sync first), filtered by area
    and state ("stale": active but not seen since `stale_before`); and the true count."""
    query = select(Device).where(*area_clause(Device.area, scope, f.area))
    if f.kind == "stale":
        query = query.where(Device.status != "revoked",
                            or_(Device.last_seen_at.is_(None), Device.last_seen_at < stale_before))  # fmt: skip
    elif f.kind:
        query = query.where(Device.status == f.kind)
    order = [Device.last_seen_at.asc(), Device.area] if f.sort == "seen" else [Device.area, Device.number]
    rows, total, page, pages = paged(session, query, order + [Device.id], f.page)
    return Paged(rows=[r[0] for r in rows], total=total, page=page, pages=pages)


@router.get("/console/devices", response_class=HTMLResponse)
def devices_page(request: Request, session: SessionDep, settings: SettingsDep, page: CurrentPage) -> Response:
    stale_before = utcnow() - timedelta(days=STALE_DAYS)
    f = filters_of(request, page.scope, kinds=STATES, sorts=SORTS)
    found = device_page(session, page.scope, f, stale_before)
    return render(request, "devices.html", page=page, devices=found.rows, found=found, f=f, states=STATES,
                  sorts=SORTS, areas=listing_areas(session, page.scope), choices=area_choices(page),
                  stale_before=stale_before, code_hours=settings.code_ttl_hours,
                  message=request.query_params.get("msg", ""))  # fmt: skip


@router.post("/console/devices/code", response_class=HTMLResponse)
def issue_code_page(request: Request, session: SessionDep, settings: SettingsDep, page: PostedPage,
                    area: AreaField = "") -> Response:  # fmt: skip
    try:
        code = issue_code(session, area=area.strip(), settings=settings, actor=page.actor, scope=page.scope)
    except UserError as error:
        return user_error(request, session, page, error)
    valid_until = utcnow() + timedelta(hours=settings.code_ttl_hours)
    return no_store(render(request, "device_issued.html", page=page, code=code, area=area.strip(),
                           valid_until=valid_until, file=None))  # fmt: skip


@router.post("/console/devices/file", response_class=HTMLResponse)
def issue_file_page(request: Request, session: SessionDep, settings: SettingsDep, page: PostedPage,
                    area: AreaField = "", label: Annotated[str, Form(max_length=100)] = "") -> Response:  # fmt: skip
    area = area.strip()
    try:
        code, data = enroll_file(session, area=area, settings=settings, label=label.strip(), actor=page.actor,
                                 scope=page.scope)  # fmt: skip
    except UserError as error:
        return user_error(request, session, page, error)
    valid_until = utcnow() + timedelta(days=settings.file_code_days)
    file = {"name": f"{area}.jaring-enroll", "href": "data:application/octet-stream;base64,"
            + base64.b64encode(data).decode("ascii"), "size": len(data)}  # fmt: skip
    return no_store(render(request, "device_issued.html", page=page, code=code, area=area,
                           valid_until=valid_until, file=file))  # fmt: skip


@router.get("/console/devices/{device_id}/revoke", response_class=HTMLResponse)
def revoke_confirm(request: Request, device_id: str, session: SessionDep, page: AdminPage) -> Response:
    try:
        device = get_device(session, device_id=device_id, scope=page.scope)
    except UserError as error:
        return user_error(request, session, page, error)
    return render(request, "device_revoke.html", page=page, device=device)


@router.post("/console/devices/{device_id}/revoke")
def revoke(request: Request, device_id: str, session: SessionDep, page: AdminPostedPage) -> Response:
    try:
        revoke_device(session, device_id=device_id, actor=page.actor, scope=page.scope)
    except UserError as error:
        return user_error(request, session, page, error)
    return RedirectResponse("/console/devices?msg=revoked", status_code=303)
