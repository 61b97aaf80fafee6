"""The console's dashboard (/console/): the figures of crud/dashboard.py for the user's scope."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from server.api.deps import SessionDep
from server.crud.dashboard import STALE_DAYS, dashboard
from server.web.access import CurrentPage
from server.web.render import render

router = APIRouter()


@router.get("/console/", response_class=HTMLResponse)
def dashboard_page(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    return render(request, "dashboard.html", page=page, board=dashboard(session, scope=page.scope),
                  stale_days=STALE_DAYS)  # fmt: skip
