"""The refusals every console page shares, in one order: not logged in → the login page; wrong role → 403;
a POST without its CSRF token → 403. And a user's error from crud shown in their language, with the
transaction rolled back so nothing half-written is kept."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from forms.problems import UserError
from server.web.routes import Page, csrf_refused, language, render, to_login
from server.web.session import csrf_ok
from server.web.strings import LANGUAGES


def refusal(request: Request, page: Page, *, admin: bool = False, csrf: str | None = None) -> Response | None:
    """The response that refuses this request, or None when it may go on. Pass `csrf` for a POST."""
    if page.user is None:
        return to_login()
    if admin and page.user.role != "admin":
        return render(
            request, "error.html", status=403, page=page, message=LANGUAGES[language(request)]["forbidden"]
        )
    if csrf is not None and not csrf_ok(page.token, csrf):
        return csrf_refused(request, page)
    return None


def message_of(request: Request, error: UserError) -> str:
    return error.id if language(request) == "id" else error.en


def user_error(request: Request, session: Session, page: Page, error: UserError) -> Response:
    """A crud refusal as an error page (its HTTP status, 400 for other user errors); nothing is committed."""
    session.rollback()
    status = getattr(error, "status", 400)
    return render(request, "error.html", status=status, page=page, message=message_of(request, error))
