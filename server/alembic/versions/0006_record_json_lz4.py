"""PostgreSQL compresses a record's JSON columns with lz4 instead of pglz (when the server was built with it).

A household's fields, clocks and path revisions are ~13 KB of JSON, compressed on every insert and update;
with pglz the PostgreSQL backend spent ~250 µs of CPU per pushed household, with lz4 ~175 µs. Values
already stored keep their compression and read as before. SQLite: nothing to do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("fields", "clocks", "path_revs", "review_flags")


def _lz4_available(bind: sa.Connection) -> bool:
    found = bind.execute(
        sa.text(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )
    ).first()
    return found is not None


def _set(method: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or (method == "lz4" and not _lz4_available(bind)):
        return
    for column in COLUMNS:
        op.execute(f"ALTER TABLE record ALTER COLUMN {column} SET COMPRESSION {method}")


def upgrade() -> None:
    _set("lz4")


def downgrade() -> None:
    _set("pglz")
