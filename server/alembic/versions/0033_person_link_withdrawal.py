"""An undone "same person" link reaches the laptops: `person_link_withdrawal` keeps the withdrawn link's id and
pair with a revision, so devices pull it and remove the link they hold.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-08 03:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_link_withdrawal",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("a_record", sa.String(length=64), nullable=False),
        sa.Column("a_member", sa.String(length=64), nullable=False),
        sa.Column("b_record", sa.String(length=64), nullable=False),
        sa.Column("b_member", sa.String(length=64), nullable=False),
        sa.Column("a_area", sa.String(length=16), nullable=False, server_default=""),
        sa.Column("b_area", sa.String(length=16), nullable=False, server_default=""),
        sa.Column("withdrawn_by", sa.String(length=80), nullable=False, server_default=""),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_person_link_withdrawal_rev", "person_link_withdrawal", ["rev"])


def downgrade() -> None:
    op.drop_index("ix_person_link_withdrawal_rev", "person_link_withdrawal")
    op.drop_table("person_link_withdrawal")
