"""The dashboard at a district's volume (issue 30): per-desa figures kept in `area_figure` (recounted per desa
as its records change), each complaint's time in each step in `complaint_step`, and indexes for closed
complaints per week and for one desa's persons.

`complaint_state` is emptied so the work list rebuilds every row — and with it the steps — the first time it
is opened (crud/worklist.py `catch_up`); `area_figure` is built whole on the first page that needs it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 02:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_step",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("step", sa.String(length=20), primary_key=True),
        sa.Column("entered_at", sa.DateTime(), primary_key=True),
        sa.Column("left_at", sa.DateTime(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=False, server_default=""),
    )
    op.create_index("complaint_step_left", "complaint_step", ["step", "left_at", "hours"])
    op.create_table(
        "area_figure",
        sa.Column("area", sa.String(length=16), primary_key=True),
        sa.Column("households", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("persons", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("without_nik", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("complaints", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("flags", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("ppks", sa.JSON(), nullable=True),
        sa.Column("deciles", sa.JSON(), nullable=True),
    )
    op.create_index("complaint_state_closed", "complaint_state", ["status", "status_at"])
    op.create_index("person_desa", "person", ["desa"])
    op.execute("DELETE FROM complaint_state")
    op.execute("DELETE FROM projection_cursor")


def downgrade() -> None:
    op.drop_index("person_desa", table_name="person")
    op.drop_index("complaint_state_closed", table_name="complaint_state")
    op.drop_table("area_figure")
    op.drop_table("complaint_step")
