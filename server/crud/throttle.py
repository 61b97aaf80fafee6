"""Failed-attempt counters in the database (so every server process counts the same attempts)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from server.core.clock import aware, utcnow
from server.models import Throttle


def blocked(session: Session, *, key: str, max_failures: int, window_s: int) -> bool:
    row = session.get(Throttle, key)
    if row is None or aware(row.window_start) + timedelta(seconds=window_s) < utcnow():
        return False
    return row.failures >= max_failures


def record_failure(session: Session, *, key: str, window_s: int) -> int:
    """Count one failure for `key`; returns the failures in the current window."""
    now = utcnow()
    row = session.get(Throttle, key, with_for_update=True)
    if row is None:
        row = Throttle(key=key, window_start=now, failures=0)
        session.add(row)
    elif aware(row.window_start) + timedelta(seconds=window_s) < now:
        row.window_start, row.failures = now, 0
    row.failures += 1
    session.flush()
    return row.failures


def clear(session: Session, *, key: str) -> None:
    """Forget `key`'s failures (a successful login ends its account's run of wrong passwords)."""
    row = session.get(Throttle, key)
    if row is not None:
        session.delete(row)
        session.flush()
