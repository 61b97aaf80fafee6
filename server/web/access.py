"""Who may open a console page, in one place: FastAPI dependencies, as `Annotated` aliases in the shape of the
FastAPI full-stack template's `CurrentUser`, that raise one error, `ConsoleRefused`, which one exception handler
(`refused`, registered by `mount_console`) draws.

A route names what it needs in its signature and its body only runs for a caller who passed:
- `CurrentPage`: logged in (else → the login page).
- `AdminPage`: logged in, a district admin (else 403 "your role may not open this page").
- `PostedPage` / `AdminPostedPage`: the same, and the form's `csrf` field is the session's token (else 403).
- `DeciderPage`: a posted form, then admin only, with its own message ("only a district admin decides…").

The order of the refusals is always: login, then role, then CSRF (a decision: CSRF, then role). The caller's
scope — the kecamatan of a TKSK, the whole district ("") for an admin — comes with the page (`page.scope`) and
every crud call takes it, so a page cannot forget to narrow its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from server.api.deps import SessionDep
from server.models import User
from server.web.render import language, render, to_login
from server.web.session import console_user, csrf_ok, csrf_token
from server.web.strings import LANGUAGES

Reason = Literal["login", "forbidden", "csrf", "admin_decides"]


@dataclass(frozen=True)
class ConsoleUser:
    """What a page needs of its user, copied out of the row: the refusal page is drawn after the request's
    transaction has ended (a row would then be detached), and the password hash stays out of templates."""

    id: int
    username: str
    role: str
    area: str

    @classmethod
    def of(cls, user: User) -> ConsoleUser:
        return cls(id=user.id, username=user.username, role=user.role, area=user.area)


class Page:
    """The caller of a console request: user (None when not logged in), session token and form CSRF token."""

    def __init__(self, request: Request, session: SessionDep) -> None:
        found = console_user(request, session)
        self.user: ConsoleUser | None = ConsoleUser.of(found[0]) if found else None
        self.token = found[1] if found else ""
        self.csrf = csrf_token(self.token) if found else ""

    @property
    def scope(self) -> str:
        return "" if self.user.role == "admin" else self.user.area

    @property
    def actor(self) -> str:
        return f"user:{self.user.username}"


class ConsoleRefused(Exception):
    """The request may not go on: `reason` is "login" (→ the login page) or a key of the strings shown on a 403."""

    def __init__(self, reason: Reason, page: Page | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.page = page


def refused(request: Request, exc: ConsoleRefused) -> Response:
    """The one exception handler: the login page, or a 403 page saying why in the user's language."""
    if exc.reason == "login":
        return to_login()
    message = LANGUAGES[language(request)][exc.reason]
    return render(request, "error.html", status=403, page=exc.page, message=message)


def current_page(page: Annotated[Page, Depends(Page)]) -> Page:
    if page.user is None:
        raise ConsoleRefused("login")
    return page


CurrentPage = Annotated[Page, Depends(current_page)]


def admin_page(page: CurrentPage) -> Page:
    if page.user.role != "admin":
        raise ConsoleRefused("forbidden", page)
    return page


AdminPage = Annotated[Page, Depends(admin_page)]
CsrfField = Annotated[str, Form()]  # any length: a wrong token is a 403 like a missing one


def _checked(page: Page, csrf: str) -> Page:
    if not csrf_ok(page.token, csrf):
        raise ConsoleRefused("csrf", page)
    return page


def posted_page(page: CurrentPage, csrf: CsrfField = "") -> Page:
    return _checked(page, csrf)


def admin_posted_page(page: AdminPage, csrf: CsrfField = "") -> Page:
    return _checked(page, csrf)


PostedPage = Annotated[Page, Depends(posted_page)]
AdminPostedPage = Annotated[Page, Depends(admin_posted_page)]


def decider_page(page: PostedPage) -> Page:
    if page.user.role != "admin":
        raise ConsoleRefused("admin_decides", page)
    return page


DeciderPage = Annotated[Page, Depends(decider_page)]
