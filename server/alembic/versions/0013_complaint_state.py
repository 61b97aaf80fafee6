"""The complaints work list's table: one row per complaint with its status, dates, due date, category and
urgency codes and its reference without dashes, indexed for the console's filters, sorts and pages.

The rows are derived data: the server fills in any complaint without a row the first time the list is opened
(crud/worklist.py `catch_up`), so this migration only creates the table.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "complaint_state",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("status_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("category", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("urgency", sa.String(length=40), nullable=False, server_default=""),
        sa.Column("ref_key", sa.String(length=40), nullable=False, server_default=""),
    )
    op.create_index("complaint_state_area", "complaint_state", ["area", "received_at"])
    op.create_index("complaint_state_status", "complaint_state", ["status", "due_at"])
    op.create_index("complaint_state_due", "complaint_state", ["due_at"])
    op.create_index("complaint_state_received", "complaint_state", ["received_at"])
    op.create_index("complaint_state_ref", "complaint_state", ["ref_key"])


def downgrade() -> None:
    op.drop_table("complaint_state")
