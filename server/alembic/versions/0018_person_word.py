"""Persons, not households (issue 30): each word of a member's name, folded, so a name search lists the matching
persons through an index whatever the order the words are typed in ("Rahman Wati" finds "Wati Rahman"); and
each waived NIK/birth-date check with its reason, so the review page lists them by area without searching
every household's answers.

Built whole by crud/projections.py the first time it is needed (the cursor is cleared here), then kept as
records change.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_word",
        sa.Column("word", sa.String(length=60), primary_key=True),
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("member_id", sa.String(length=64), primary_key=True),
    )
    op.create_table(
        "person_override",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("member_id", sa.String(length=64), primary_key=True),
        sa.Column("check", sa.String(length=80), primary_key=True),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("reason", sa.String(length=500), nullable=False, server_default=""),
    )
    op.create_index("person_override_area", "person_override", ["area", "record_id"])
    op.execute("DELETE FROM projection_cursor")


def downgrade() -> None:
    op.drop_table("person_override")
    op.drop_table("person_word")
