"""A record's clock stamps and path revisions are stored packed (zstd-compressed JSON bytes).

They are ~12 KB of JSON per household that nothing queries inside the database. As JSON text PostgreSQL
parsed, compressed and TOASTed them on every pushed household: ~75 of the ~115 µs of backend CPU a record
row cost. Packed (server/core/packed.py) they are ~1 KB of bytes the database only copies; PostgreSQL is
told not to try compressing them again (STORAGE EXTERNAL). Existing rows are converted in chunks.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 18:30:00
"""

from __future__ import annotations

import json

import orjson
import sqlalchemy as sa
import zstandard
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = ("clocks", "path_revs")
CHUNK = 500
STDLIB = b"\x00"


# The stored form of server/core/packed.py as it was when this migration was written (the application
# reads it): orjson bytes compressed with zstd, or NUL + the standard library's JSON for what orjson refuses.
def pack(value: object) -> bytes:
    try:
        data = orjson.dumps(value)
    except orjson.JSONEncodeError:
        data = STDLIB + json.dumps(value, separators=(",", ":")).encode()
    return zstandard.ZstdCompressor(level=1).compress(data)


def unpack(data: bytes) -> object:
    text = zstandard.ZstdDecompressor().decompress(bytes(data))
    return json.loads(text[1:]) if text[:1] == STDLIB else orjson.loads(text)


def _convert(new_type: sa.types.TypeEngine, encode) -> None:  # noqa: ANN001 - a function of one value
    """Rewrite both columns as `new_type`: add `<column>_new`, fill it chunk by chunk in id order, drop the
    old column and give the new one its name (batch_alter_table rebuilds the table on SQLite)."""
    bind = op.get_bind()
    with op.batch_alter_table("record") as batch:
        for column in COLUMNS:
            batch.add_column(sa.Column(f"{column}_new", new_type, nullable=True))
    record = sa.table("record", sa.column("id"), *(sa.column(c) for c in COLUMNS),
                      *(sa.column(f"{c}_new", new_type) for c in COLUMNS))  # fmt: skip
    last = ""
    while True:
        rows = bind.execute(
            sa.select(record.c.id, *(record.c[c] for c in COLUMNS))
            .where(record.c.id > last)
            .order_by(record.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        bind.execute(
            sa.update(record).where(record.c.id == sa.bindparam("b_id")),
            [{"b_id": row[0], **{f"{c}_new": encode(row[i + 1]) for i, c in enumerate(COLUMNS)}} for row in rows],
        )  # fmt: skip
        last = rows[-1][0]
    with op.batch_alter_table("record") as batch:
        for column in COLUMNS:
            batch.drop_column(column)
            batch.alter_column(f"{column}_new", new_column_name=column, nullable=False)


def _json_value(value):  # noqa: ANN001, ANN202 - what a JSON column returned
    if isinstance(value, (bytes, str)):
        value = json.loads(value)
    return value if value is not None else {}


def upgrade() -> None:
    _convert(sa.LargeBinary(), lambda value: pack(_json_value(value)))
    if op.get_bind().dialect.name == "postgresql":
        for column in COLUMNS:  # already compressed: PostgreSQL's own compression would only cost time
            op.execute(f"ALTER TABLE record ALTER COLUMN {column} SET STORAGE EXTERNAL")


def downgrade() -> None:
    _convert(sa.JSON(), lambda value: unpack(value) if value is not None else {})
