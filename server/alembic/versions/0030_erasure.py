"""Erasure for good (UU 27/2022): the `erasure` table — the only trace an erased record leaves, pulled by
devices so each removes its copy — and `device_reach`, how far each device has pulled and since when, for the
report of what a lost laptop held.

Revision ID: 0030
Revises: 0025
Create Date: 2026-12-08 02:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "erasure",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("legal_basis", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("erased_by", sa.String(length=80), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_erasure_area", "erasure", ["area"])
    op.create_index("ix_erasure_rev", "erasure", ["rev"])
    op.create_table(
        "device_reach",
        sa.Column("device_id", sa.String(length=64), primary_key=True),
        sa.Column("first_pull_at", sa.DateTime(), nullable=False),
        sa.Column("last_pull_at", sa.DateTime(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("device_reach")
    op.drop_index("ix_erasure_rev", "erasure")
    op.drop_index("ix_erasure_area", "erasure")
    op.drop_table("erasure")
