"""Many rows into one table in the caller's transaction: COPY on PostgreSQL, executemany elsewhere.

A push batch writes ~8 rows per household (the record, its change-log and audit rows, one row per member);
psycopg's pipelined executemany spent ~60 µs of Python per row on them, COPY a few. JSON columns are
serialised here as SQLAlchemy would (JSON text, None as JSON null; packed JSON as its bytes); a constraint
violation is raised as SQLAlchemy's own `IntegrityError`, so callers (the push route's retry) cannot tell
the two paths apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import orjson
import psycopg
from sqlalchemy import JSON, Table, insert
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from server.core.packed import PackedJSON, pack


def _json_text(value: Any) -> str:
    """The JSON text of a column value. orjson writes it ~5× faster than json.dumps and PostgreSQL reads
    both to the same value; what orjson refuses (an integer past 64 bits, a non-text key) json.dumps
    writes. Values are finite: the protocol refuses NaN and infinities."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value)


def _packed(value: Any) -> bytes | None:
    return None if value is None else pack(value)


def _converter(table: Table, name: str) -> Callable[[Any], Any] | None:
    """How a column's Python value becomes what COPY writes (None: as it is)."""
    column_type = table.c[name].type
    if isinstance(column_type, PackedJSON):
        return _packed
    return _json_text if isinstance(column_type, JSON) else None


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    converters = [_converter(table, name) for name in columns]
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    raw = session.connection().connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            if not any(converters):
                for row in rows:
                    copy.write_row([row[name] for name in columns])
            else:
                pairs = list(zip(columns, converters, strict=True))
                for row in rows:
                    copy.write_row([row[n] if f is None else f(row[n]) for n, f in pairs])
    except psycopg.IntegrityError as err:
        raise sa_exc.IntegrityError(statement, None, err) from err
    except psycopg.OperationalError as err:
        raise sa_exc.OperationalError(statement, None, err) from err
