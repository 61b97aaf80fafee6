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

# Tables whose rows get their revision set after being written (new rows are inserted with theirs: crud/push.py)
_KEY_COLUMNS = {"record": ("id",)}

REV = "rev"


def path_revisions(stored: dict | None, clocks: dict | None, rev: int) -> dict[str, int]:
    """The revision at which each path of a record last changed, from what a record row stores.

    A path changed by the record's latest write is stored without a revision (absent, or 0 in rows written
    before migration 0008): that rev is only known at the end of the writing batch, and every change of one
    batch commits at once, so giving all of them the record's rev tells concurrent edits apart exactly as
    well. Every path ever written has a clock stamp, so the stamps name all the paths."""
    revisions = dict.fromkeys(clocks or (), rev)
    if stored:
        revisions.update({path: r for path, r in stored.items() if r})
    return revisions


def stored_path_revisions(revisions: dict[str, int]) -> dict[str, int]:
    """What a record row stores of `path_revisions`: only the paths the latest write did not change (0)."""
    return {path: r for path, r in revisions.items() if r}


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


def set_revisions(session: Session, *, table: str, keys: list[str], rows: list[tuple[tuple, int]]) -> None:
    """Set `rev` on rows written earlier in this transaction: one statement on PostgreSQL (arrays), so the
    part of a batch that runs under the counter lock stays short."""
    if not rows:
        return
    if tuple(keys) != _KEY_COLUMNS.get(table):
        raise ValueError(f"unknown revision target {table}{keys}")
    if session.get_bind().dialect.name == "postgresql":
        columns = ", ".join(keys)
        arrays = ", ".join(f"CAST(:k{i} AS text[])" for i in range(len(keys)))
        match = " AND ".join(f"t.{k} = v.{k}" for k in keys)
        params = {f"k{i}": [key[i] for key, _ in rows] for i in range(len(keys))}
        params["revs"] = [rev for _, rev in rows]
        session.execute(
            text(f"UPDATE {table} AS t SET rev = v.rev FROM unnest({arrays}, CAST(:revs AS bigint[])) "
                 f"AS v({columns}, rev) WHERE {match}"),
            params,
        )  # fmt: skip
        return
    where = " AND ".join(f"{k} = :k{i}" for i, k in enumerate(keys))
    session.execute(
        text(f"UPDATE {table} SET rev = :rev WHERE {where}"),
        [{**{f"k{i}": key[i] for i in range(len(keys))}, "rev": rev} for key, rev in rows],
    )


def take(session: Session, *, count: int, targets: dict[str, list[tuple[tuple, int]]]) -> int:
    """Reserve `count` revisions and set `rev` = first + offset on each (key, offset) row of each target
    table (rows written earlier in this transaction); returns the first revision.

    On PostgreSQL this is one statement (the counter update and the row updates as data-modifying CTEs), so
    from taking the counter lock to commit there is one round trip and the commit — the serial part of
    every push is as short as it can be."""
    if count <= 0:
        raise ValueError("allocate at least one revision")
    for table, rows in targets.items():
        if not rows:
            continue
        keys = _KEY_COLUMNS.get(table)
        if keys is None:
            raise ValueError(f"unknown revision target {table}")
    if session.get_bind().dialect.name != "postgresql":
        first = allocate(session, count=count)
        for table, rows in targets.items():
            set_revisions(session, table=table, keys=list(_KEY_COLUMNS[table]),
                          rows=[(key, first + offset) for key, offset in rows])  # fmt: skip
        return first
    params: dict = {"n": count, "name": REV}
    updates = []
    for t, (table, rows) in enumerate(targets.items()):
        if not rows:
            continue
        keys = _KEY_COLUMNS[table]
        arrays = ", ".join(f"CAST(:t{t}k{i} AS text[])" for i in range(len(keys)))
        match = " AND ".join(f"t.{k} = v.{k}" for k in keys)
        for i in range(len(keys)):
            params[f"t{t}k{i}"] = [key[i] for key, _ in rows]
        params[f"t{t}o"] = [offset for _, offset in rows]
        updates.append(
            f"u{t} AS (UPDATE {table} AS t SET rev = c.first + v.o FROM c, "
            f"unnest({arrays}, CAST(:t{t}o AS bigint[])) AS v({', '.join(keys)}, o) WHERE {match})"
        )
    counter = (
        "c AS (UPDATE counter SET value = value + :n WHERE name = :name RETURNING value - :n + 1 AS first)"
    )
    sql = f"WITH {', '.join([counter, *updates])} SELECT first FROM c"
    return int(session.execute(text(sql), params).scalar_one())
