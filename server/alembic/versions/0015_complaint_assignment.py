"""A complaint can be assigned to a console user (issue 30): `complaint_assignment` keeps who follows it up, and
the work list's `complaint_state.assigned_to` copies it, indexed with the due date for "Tugas saya" (my tasks,
most urgent first) and the "assigned to" filter.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_assignment",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("assigned_by", sa.String(length=80), nullable=False, server_default=""),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
    )
    op.add_column("complaint_state", sa.Column("assigned_to", sa.String(length=64), nullable=True))
    op.create_index("complaint_state_assigned", "complaint_state", ["assigned_to", "due_at"])


def downgrade() -> None:
    op.drop_index("complaint_state_assigned", table_name="complaint_state")
    op.drop_column("complaint_state", "assigned_to")
    op.drop_table("complaint_assignment")
