"""District admin and TKSK accounts, their logins and console/API sessions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.domain import regions
from server.core.clock import aware, utcnow
from server.core.config import Settings
from server.core.security import hash_password, new_token, token_digest, verify_password
from server.crud.audit import audit
from server.crud.throttle import blocked, clear, record_failure
from server.errors import BadRequest, Conflict, NotAuthenticated, TooManyAttempts
from server.models import User, UserSession

ROLES = ("admin", "tksk")
MIN_PASSWORD = 10


def create_user(session: Session, *, username: str, password: str, role: str, area: str = "",
                actor: str = "cli") -> User:  # fmt: skip
    """A new account; a TKSK is bound to a kecamatan, an admin sees the whole district."""
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise BadRequest("Nama pengguna kosong atau terlalu panjang.", "The user name is empty or too long.")
    if role not in ROLES:
        raise BadRequest(f"Peran tidak dikenal: {role}.", f"Unknown role: {role}.")
    if len(password) < MIN_PASSWORD:
        raise BadRequest(f"Kata sandi minimal {MIN_PASSWORD} karakter.",
                         f"The password needs at least {MIN_PASSWORD} characters.")  # fmt: skip
    if role == "tksk":
        region = regions.get(area)
        if region is None or region.level != "kecamatan":
            raise BadRequest(f"TKSK perlu kode kecamatan yang dikenal, bukan '{area}'.",
                             f"A TKSK needs a known kecamatan code, not '{area}'.")  # fmt: skip
    else:
        area = ""
    if session.execute(select(User.id).where(User.username == username)).first() is not None:
        raise Conflict(f"Pengguna '{username}' sudah ada.", f"User '{username}' already exists.")
    user = User(
        username=username, password_hash=hash_password(password), role=role, area=area, created_at=utcnow()
    )
    session.add(user)
    session.flush()
    audit(
        session,
        actor=actor,
        action="user.create",
        target=f"user:{username}",
        area=area,
        detail={"role": role},
    )
    return user


def login(
    session: Session, *, username: str, password: str, client: str, hours: int = 12
) -> tuple[str, User]:
    """A session token for a correct password; every attempt is audited. NotAuthenticated otherwise."""
    user = session.execute(select(User).where(User.username == username.strip().lower())).scalar_one_or_none()
    if user is None or not user.active or not verify_password(user.password_hash, password):
        if user is not None:
            user.failed_logins += 1
        audit(session, actor=f"user:{username[:60]}", action="login.failed", detail={"client": client})
        raise NotAuthenticated("Nama pengguna atau kata sandi salah.", "Wrong user name or password.",
                               code="login_failed")  # fmt: skip
    token = new_token()
    now = utcnow()
    session.add(UserSession(token_hash=token_digest(token), user_id=user.id, created_at=now,
                            expires_at=now + timedelta(hours=hours)))  # fmt: skip
    user.failed_logins = 0
    audit(session, actor=f"user:{user.username}", action="login", area=user.area, detail={"client": client})
    return token, user


def attempt_login(session: Session, *, username: str, password: str, client: str,
                  settings: Settings) -> tuple[str, User]:  # fmt: skip
    """`login` behind two throttles that count failures in the database: per client address (a guesser trying
    many accounts) and per account name whatever the address (a guesser with many addresses trying one
    account). TooManyAttempts while either is spent — for a right password too, so the lock says nothing
    about the password; NotAuthenticated (its failure kept: `commit_anyway`) for a wrong one."""
    keys = (f"login:{client}"[:128], f"account:{username.strip().lower()}"[:128])
    limits = (settings.throttle_max_failures, settings.account_max_failures)
    if any(blocked(session, key=k, max_failures=n, window_s=settings.throttle_window_s)
           for k, n in zip(keys, limits, strict=True)):  # fmt: skip
        error = TooManyAttempts()
        error.commit_anyway = True
        raise error
    try:
        token, user = login(session, username=username, password=password, client=client,
                            hours=settings.session_hours)  # fmt: skip
    except NotAuthenticated as err:
        for key in keys:
            record_failure(session, key=key, window_s=settings.throttle_window_s)
        err.commit_anyway = True  # the failed attempt stays in the audit log and the throttles
        raise
    clear(session, key=keys[1])
    return token, user


def user_for_token(session: Session, *, token: str) -> User:
    row = session.get(UserSession, token_digest(token))
    if row is None or aware(row.expires_at) < utcnow():
        raise NotAuthenticated("Sesi tidak dikenal atau kedaluwarsa; masuk lagi.",
                               "Unknown or expired session; log in again.", code="session_expired")  # fmt: skip
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated()
    return user
