"""The audit page's filters read indexes: by area and time (a TKSK's kecamatan), by actor and time (a user, a
device); by target it reads 0020's `audit_target_at`.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-08 03:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("audit_area_at", "audit", ["area", "at"])
    op.create_index("audit_actor_at", "audit", ["actor", "at"])


def downgrade() -> None:
    for name in ("audit_actor_at", "audit_area_at"):
        op.drop_index(name, "audit")
