"""A complaint's reference number is unique per record (an empty reference may repeat).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 08:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "record_reference",
        "record",
        ["reference"],
        unique=True,
        postgresql_where=sa.text("reference <> ''"),
        sqlite_where=sa.text("reference <> ''"),
    )


def downgrade() -> None:
    op.drop_index("record_reference", table_name="record")
