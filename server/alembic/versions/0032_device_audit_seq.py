"""A laptop's own audit rows reach the district with sync (open, change, export, print…): `device.audit_seq`
is how far the district holds them, so each row is kept once whatever the retries.

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-08 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device") as batch_op:
        batch_op.add_column(sa.Column("audit_seq", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("device") as batch_op:
        batch_op.drop_column("audit_seq")
