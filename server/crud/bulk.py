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
from dataclasses import dataclass
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


@dataclass
class PreparedRows:
    """Rows of one table made ready to write: on PostgreSQL converted to what COPY sends (JSON text, packed
    bytes — the costly part), so the write itself can come later, inside a short lock, with a column (a
    revision) filled in only then."""

    table: Table
    columns: list[str]
    rows: list  # value lists in `columns` order (PostgreSQL), else the dicts as given
    postgres: bool

    def set_column(self, name: str, values: list[Any]) -> None:
        """Give each row, in order, its value of `name`."""
        if not self.rows:
            return
        if self.postgres:
            i = self.columns.index(name)
            for row, value in zip(self.rows, values, strict=True):
                row[i] = value
        else:
            for row, value in zip(self.rows, values, strict=True):
                row[name] = value


def prepare_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> PreparedRows:
    """`rows` (dicts with the same keys) of `table`, ready for `write_rows`."""
    postgres = session.get_bind().dialect.name == "postgresql"
    columns = list(rows[0]) if rows else []
    if not postgres or not rows:
        return PreparedRows(table, columns, rows, postgres)
    converters = [_converter(table, name) for name in columns]
    if not any(converters):
        return PreparedRows(table, columns, [[row[n] for n in columns] for row in rows], postgres)
    pairs = list(zip(columns, converters, strict=True))
    converted = [[row[n] if f is None else f(row[n]) for n, f in pairs] for row in rows]
    return PreparedRows(table, columns, converted, postgres)


def write_rows(session: Session, prepared: PreparedRows) -> None:
    """Insert prepared rows in the caller's transaction."""
    if not prepared.rows:
        return
    if not prepared.postgres:
        session.execute(insert(prepared.table), prepared.rows)
        return
    statement = f"COPY {prepared.table.name} ({', '.join(prepared.columns)}) FROM STDIN"
    raw = session.connection().connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in prepared.rows:
                copy.write_row(row)
    except psycopg.IntegrityError as err:
        raise sa_exc.IntegrityError(statement, None, err) from err
    except psycopg.OperationalError as err:
        raise sa_exc.OperationalError(statement, None, err) from err


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`."""
    if rows:
        write_rows(session, prepare_rows(session, table, rows))
