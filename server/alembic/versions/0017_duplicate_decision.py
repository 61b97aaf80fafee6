"""Duplicates decided safely (issue 30): a pair keeps its decision (`linked`, `dismissed`, or the new
`distinct` — the same NIK carried by two different people, kept open for Dukcapil follow-up), indexed so the
follow-up list pages by area.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 02:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("duplicate_pair", sa.Column("decision", sa.String(length=16), nullable=True))
    op.create_index("duplicate_pair_decision", "duplicate_pair", ["decision", "a_area"])
    op.execute("DELETE FROM projection_cursor")  # the pairs are built again, with their decisions


def downgrade() -> None:
    op.drop_index("duplicate_pair_decision", table_name="duplicate_pair")
    op.drop_column("duplicate_pair", "decision")
