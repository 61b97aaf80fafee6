"""How a console page is drawn: its language (?lang=, then the cookie, else Indonesian), a Jinja2 template with
that language's strings, the error page for a user's mistake and the way to the login page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from forms.domain import regions
from forms.domain.timezones import zone_of
from forms.problems import UserError
from server.web.strings import LANGUAGES

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals["area_name"] = lambda code: getattr(regions.get(code) if code else None, "name", code)


def local_time(moment: datetime | str | None, area: str | None, with_time: bool = True) -> str:
    """A UTC moment as the area's local time with its zone (WIB/WITA/WIT from the province): "08-12-2026 09:30
    WIB"; a date only when `with_time` is false."""
    if isinstance(moment, str):  # an event's ISO 8601 time as devices write it
        try:
            moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return moment
    if moment is None:
        return "—"
    zone = zone_of(area)
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone.tz)
    return local.strftime("%d-%m-%Y %H:%M ") + zone.name if with_time else local.strftime("%d-%m-%Y")


templates.env.globals["local_time"] = local_time
templates.env.filters["combine"] = lambda one, two: {**one, **two}  # a list's query with one key changed


def language(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "id"
    return lang if lang in LANGUAGES else "id"


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:  # noqa: ANN003
    lang = language(request)
    response = templates.TemplateResponse(
        request, name, {"t": LANGUAGES[lang], "lang": lang, **context}, status_code=status
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response


def to_login() -> RedirectResponse:
    return RedirectResponse("/console/login", status_code=303)


def message_of(request: Request, error: UserError) -> str:
    return error.id if language(request) == "id" else error.en


def user_error(request: Request, session: Session, page: object, error: UserError) -> HTMLResponse:
    """A crud refusal (not found, out of scope, a bad value) as the error page in the user's language, with its
    HTTP status (400 for a plain user error); the transaction is rolled back so nothing half-written is kept."""
    session.rollback()
    status = getattr(error, "status", 400)
    return render(request, "error.html", status=status, page=page, message=message_of(request, error))
