"""Console sessions: the token lives in an HttpOnly SameSite=Lax cookie, its digest in `user_session` (so two
server processes behave as one). The CSRF token of a form is an HMAC of the session token (stdlib `hmac`),
so it needs no extra storage and dies with the session."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request
from sqlalchemy import delete
from sqlalchemy.orm import Session

from server.core.security import token_digest
from server.crud.accounts import user_for_token
from server.errors import NotAuthenticated
from server.models import User, UserSession

COOKIE = "jaring_console"
LOGIN_COOKIE = "jaring_login"  # the login form's own CSRF secret, before there is a session


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"jaring-console-csrf", hashlib.sha256).hexdigest()


def csrf_ok(session_token: str, submitted: str) -> bool:
    """`submitted` is the token of `session_token` (a session's, or the login form's pre-login cookie)."""
    if not session_token:
        return False
    # Compared as bytes: `compare_digest` raises on a str that is not ASCII (a forged "é" was a 500).
    given = submitted.encode("utf-8", "surrogatepass")
    return bool(submitted) and hmac.compare_digest(csrf_token(session_token).encode(), given)


def console_user(request: Request, session: Session) -> tuple[User, str] | None:
    """The logged-in user and their session token, or None."""
    token = request.cookies.get(COOKIE, "")
    if not token:
        return None
    try:
        return user_for_token(session, token=token), token
    except NotAuthenticated:
        return None


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == token_digest(token)))
