"""Bundle receipts remember the attachments a bundle carried, so the return bundle can confirm them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bundle_receipt") as batch:
        batch.add_column(sa.Column("attachments", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bundle_receipt") as batch:
        batch.drop_column("attachments")
