"""Console pages under /console and the public complaint-status page under /status."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from server.api.deps import SessionDep, SettingsDep, client_address
from server.core.security import new_token
from server.crud import complaints, worklist
from server.crud.accounts import attempt_login
from server.errors import ApiError, NotAuthenticated, TooManyAttempts
from server.models import ComplaintState
from server.web.access import CurrentPage, PostedPage
from server.web.render import language, message_of, render, to_login, user_error
from server.web.session import COOKIE, LOGIN_COOKIE, csrf_ok, csrf_token, end_session
from server.web.strings import LANGUAGES
from server.web.worklist_words import words_for
from sync.protocol import ComplaintStep
from sync.reference import status_code

router = APIRouter()
STATUS_LIMIT, STATUS_WINDOW_S = 30, 60  # lookups per client address per minute
STATUS_REF_LIMIT, STATUS_REF_WINDOW_S = 10, 900  # wrong status codes per reference number per 15 minutes


def login_page(request: Request, status: int = 200, error: str = "") -> HTMLResponse:
    """The login form with its CSRF token: an HMAC of a random pre-login cookie (login CSRF — another site
    must not log a browser into an account of the attacker's choosing). The cookie is kept while it looks
    like ours, so a form opened in two tabs stays valid."""
    token = request.cookies.get(LOGIN_COOKIE, "")
    if not (token.isascii() and 20 <= len(token) <= 100):
        token = new_token()
    response = render(request, "login.html", status=status, page=None, error=error, csrf=csrf_token(token))
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/console/login",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/console/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return login_page(request)


@router.post("/console/login")
def login_submit(request: Request, session: SessionDep, settings: SettingsDep,
                 username: Annotated[str, Form(max_length=64)] = "",
                 password: Annotated[str, Form(max_length=1024)] = "",
                 csrf: Annotated[str, Form(max_length=128)] = "") -> Response:  # fmt: skip
    t = LANGUAGES[language(request)]
    if not csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), csrf):
        return login_page(request, 403, t["csrf"])
    try:
        token, _user = attempt_login(session, username=username, password=password,
                                     client=client_address(request), settings=settings)  # fmt: skip
    except TooManyAttempts:
        return login_page(request, 429, t["throttled"])
    except NotAuthenticated:
        return login_page(request, 401, t["bad_login"])
    response = RedirectResponse("/console/", status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="lax", max_age=settings.session_hours * 3600,
                        secure=request.url.scheme == "https")  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/console/login")
    return response


@router.post("/console/logout")
def logout(session: SessionDep, page: PostedPage) -> Response:
    end_session(session, page.token)
    response = to_login()
    response.delete_cookie(COOKIE)
    return response


LIST_KEYS = ("status", "area", "overdue", "urgency", "category", "q", "sort", "page", "assigned")


def list_query(raw: str) -> str:
    """The work list's query string as carried through a complaint's page: only the list's own keys, encoded
    again here, so "back" can only ever lead to the complaints list (no open redirect)."""
    kept = [(k, v[:60]) for k, v in parse_qsl(raw[:600]) if k in LIST_KEYS and v]
    return urlencode(kept)


@router.get("/console/complaints", response_class=HTMLResponse)
def complaint_list(request: Request, session: SessionDep, page: CurrentPage) -> Response:
    lang = language(request)
    filters = worklist.Filters.of(dict(request.query_params), page.scope, me=page.user.username)
    found = worklist.work_page(session, scope=page.scope, filters=filters, lang=lang)
    here = list_query(str(request.url.query))
    shown = [c.record_id for c in found.rows]
    assigned_of = dict(session.execute(select(ComplaintState.record_id, ComplaintState.assigned_to).where(
        ComplaintState.record_id.in_(shown), ComplaintState.assigned_to.is_not(None))).all()) if shown else {}  # fmt: skip
    return render(request, "complaints.html", page=page, found=found, f=filters, here=here,
                  users=worklist.assignees(session, area=page.scope), assigned_of=assigned_of,
                  options=worklist.choices(session, scope=page.scope), words=words_for(session, lang),
                  paged=lambda n: urlencode([(k, v) for k, v in parse_qsl(here) if k != "page"] + [("page", n)]),
                  message=request.query_params.get("msg", ""))  # fmt: skip


def complaint_view(request: Request, session: SessionDep, page, record_id: str, back: str,  # noqa: ANN001
                   error: str = "", status: int = 200) -> Response:  # fmt: skip
    try:
        detail = complaints.complaint_detail(
            session, scope=page.scope, record_id=record_id, lang=language(request)
        )
    except ApiError as err:
        return user_error(request, session, page, err)
    state = session.get(ComplaintState, record_id)
    return render(request, "complaint.html", status=status, page=page, d=detail, c=detail.view, back=back,
                  assigned=state.assigned_to if state else None,
                  users=worklist.assignees(session, area=detail.view.area),
                  words=words_for(session, language(request)),
                  error=error, status_code=status_code(detail.view.record_id))  # fmt: skip


@router.get("/console/complaints/{record_id}", response_class=HTMLResponse)
def complaint_page(request: Request, record_id: str, session: SessionDep, page: CurrentPage,
                   back: Annotated[str, Query(alias="list", max_length=600)] = "") -> Response:  # fmt: skip
    return complaint_view(request, session, page, record_id, list_query(back))


@router.post("/console/complaints/{record_id}/step")
def complaint_step(request: Request, record_id: str, session: SessionDep, page: PostedPage,
                   step: Annotated[str, Form(max_length=20)] = "",
                   note: Annotated[str, Form(max_length=2000)] = "",
                   referral: Annotated[str, Form(max_length=40)] = "",
                   confirm: Annotated[str, Form(max_length=4)] = "",
                   back: Annotated[str, Form(alias="list", max_length=600)] = "") -> Response:  # fmt: skip
    """Take a step from the complaint's page; then back to the work list exactly as the user left it. A
    refusal (no reason to reject, not confirmed, a step that cannot follow) is the complaint's page again,
    with the message and what was typed kept."""
    back = list_query(back)
    t = LANGUAGES[language(request)]
    if step == ComplaintStep.DITOLAK.value and confirm != "1":
        session.rollback()
        return complaint_view(request, session, page, record_id, back, t["reject_confirm_needed"], 400)
    try:
        complaints.advance(session, scope=page.scope, record_id=record_id, step=step, actor=page.actor,
                           note=note, referral=referral)  # fmt: skip
        worklist.refresh(session, [record_id])
    except ApiError as err:
        session.rollback()
        if getattr(err, "status", 400) == 404:
            return user_error(request, session, page, err)
        return complaint_view(request, session, page, record_id, back, message_of(request, err), 400)
    return RedirectResponse("/console/complaints" + (f"?{back}" if back else ""), status_code=303)


@router.post("/console/complaints/assign-many")
def complaints_assign_many(request: Request, session: SessionDep, page: PostedPage,
                           complaint: Annotated[list[str], Form(max_length=200)] = [],  # noqa: B006
                           username: Annotated[str, Form(max_length=64)] = "",
                           back: Annotated[str, Form(alias="list", max_length=600)] = "") -> Response:  # fmt: skip
    """The complaints ticked on one page of the work list, given to one user; back to the same list."""
    back = list_query(back)
    worklist.catch_up(session)
    done = worklist.assign_many(session, scope=page.scope, ids=[c[:64] for c in complaint],
                                username=username.strip(), actor=page.actor)  # fmt: skip
    query = "&".join(q for q in (back, f"msg={'bulk_assigned' if done else 'bulk_none'}") if q)
    return RedirectResponse(f"/console/complaints?{query}#complaints", status_code=303)


@router.post("/console/complaints/{record_id}/assign")
def complaint_assign(request: Request, record_id: str, session: SessionDep, page: PostedPage,
                     username: Annotated[str, Form(max_length=64)] = "",
                     back: Annotated[str, Form(alias="list", max_length=600)] = "") -> Response:  # fmt: skip
    """Give the complaint to a console user (or to nobody); back to its page, the list it came from kept."""
    back = list_query(back)
    try:
        worklist.catch_up(session)
        worklist.assign(
            session, scope=page.scope, record_id=record_id, username=username.strip(), actor=page.actor
        )
    except ApiError as err:
        session.rollback()
        if getattr(err, "status", 400) == 404:
            return user_error(request, session, page, err)
        return complaint_view(request, session, page, record_id, back, message_of(request, err), 400)
    query = urlencode({"list": back}) if back else ""
    return RedirectResponse(f"/console/complaints/{record_id}?{query}#assign", status_code=303)
