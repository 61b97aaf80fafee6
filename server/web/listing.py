"""What the console's work-list pages share: the filters read from the query string, the place to come back to
after acting (filters and page in the query, an anchor on the list), and the pager's links."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.domain import regions
from server.crud.lists import ListFilters
from server.models import Device, Record

LIST_KEYS = ("area", "kind", "sort", "q", "page", "assigned", "state", "undo")


def filters_of(request: Request, scope: str, **choices) -> ListFilters:  # noqa: ANN003 - ListFilters.of's
    return ListFilters.of(dict(request.query_params), scope, **choices)


def kept(raw: str) -> str:
    """A list's query string as carried through a form (`back`): only the lists' own keys, encoded again, so
    the redirect can only lead back to the same list (no open redirect)."""
    return urlencode([(k, v[:300]) for k, v in parse_qsl((raw or "")[:1200]) if k in LIST_KEYS and v])


def back_to(path: str, back: str, message: str, anchor: str = "list") -> RedirectResponse:
    """The list the user acted from, with its filters and page, the outcome's message and the list's anchor."""
    query = "&".join(q for q in (kept(back), f"msg={message}" if message else "") if q)
    return RedirectResponse(f"{path}?{query}#{anchor}", status_code=303)


def area_choices(session: Session, scope: str) -> list[tuple[str, str]]:
    """(code, name) of the areas a list may be narrowed to: a TKSK's kecamatan and its desa; for an admin every
    kecamatan of the district (the kabupaten of any stored area) each followed by its desa — from the region
    table, so no data table is scanned to draw a select."""
    if scope:
        top = [scope]
    else:
        known = session.execute(select(Record.area).where(Record.area != "").limit(1)).scalar()
        known = known or session.execute(select(Device.area).limit(1)).scalar() or ""
        if known.count(".") < 1:
            return []
        kabupaten = ".".join(known.split(".")[:2])
        top = [r.code for r in regions.children(kabupaten) if r.level == "kecamatan"]
    out = []
    for code in top:
        region = regions.get(code)
        out.append((code, region.name if region else code))
        if code.count(".") == 2:
            out += [(r.code, r.name) for r in regions.children(code) if r.level == "desa"]
    return out
