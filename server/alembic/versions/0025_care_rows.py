"""Services and visits (issue #31): `care_row`, one row per `service` or `visit` record, keyed to the person
it is about, for coverage, the SPM report, the unserved and overdue lists and a person's timeline.

No record of those kinds exists before this version (the forms arrive with it), so nothing is backfilled.

Revision ID: 0025
Revises: 0020
Create Date: 2026-12-08 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "care_row",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("household_id", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("member_id", sa.String(length=64), nullable=False, server_default=""),
        sa.Column("area", sa.String(length=16), nullable=False, server_default=""),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("next_date", sa.String(length=10), nullable=True),
        sa.Column("agency", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=True),
    )
    op.create_index("care_row_person", "care_row", ["household_id", "member_id"])
    op.create_index("care_row_kind_date", "care_row", ["kind", "date", "area"])


def downgrade() -> None:
    op.drop_index("care_row_kind_date", table_name="care_row")
    op.drop_index("care_row_person", table_name="care_row")
    op.drop_table("care_row")
