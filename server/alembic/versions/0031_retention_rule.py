"""Retention rules: how many years each kind of record is kept after its purpose ended (closed complaints,
households whose members all died, records deleted on a laptop); `jaring-server retention run` erases what is
past them.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-08 02:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_rule",
        sa.Column("name", sa.String(length=40), primary_key=True),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=80), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retention_rule")
