"""The revision counter: the order of everything devices pull, and the pull cursor's unit.

Why a counter row and not a sequence: on PostgreSQL, transactions that take numbers from a sequence can
commit out of order — a puller that has seen revision 12 may later find 11 committed, and a cursor at 12
would skip it forever. Here a batch takes its numbers with `UPDATE counter … RETURNING` as the *last* step
before its final writes; the row lock that update takes is held until commit, so the next writer cannot
take a number until this one has committed (or rolled back, returning nothing). Revisions therefore
become visible in order and `rev > cursor` never skips a late commit. The serialised part is only the
final writes of each batch (validation and merge happen before, outside the lock); records a batch will
change are locked earlier with SELECT … FOR UPDATE in id order, and the counter is always taken after
them, so the lock order is the same everywhere and cannot deadlock. On SQLite every write transaction is
BEGIN IMMEDIATE, which serialises writers anyway; the same statement works there too.
(Rejected alternative: serving only below the oldest open transaction's snapshot — no serial section, but
it needs xid bookkeeping per row and stalls every puller behind one slow transaction.)
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

REV = "rev"


def allocate(session: Session, *, count: int) -> int:
    """Reserve `count` consecutive revisions in this transaction; returns the first."""
    if count <= 0:
        raise ValueError("allocate at least one revision")
    value = session.execute(
        text("UPDATE counter SET value = value + :n WHERE name = :name RETURNING value"),
        {"n": count, "name": REV},
    ).scalar_one()
    return int(value) - count + 1


def current(session: Session) -> int:
    return int(
        session.execute(text("SELECT value FROM counter WHERE name = :name"), {"name": REV}).scalar_one()
    )
