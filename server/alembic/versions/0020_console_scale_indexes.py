"""An index the console needs at a district's volume (bench/district.py, 330,000 households):

- `audit_target_at` (target, at): a household's page reads its history, `audit WHERE target = 'record:<id>'
  ORDER BY at DESC`; without it PostgreSQL walked the whole audit table (one row per pushed record: 367,000 rows,
  72 ms a page at 330,000 households against 2 ms at 10,000);
(The persons-without-NIK list reads migration 0014's partial index `person_without_nik`.)

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-08 02:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("audit_target_at", "audit", ["target", "at"])


def downgrade() -> None:
    op.drop_index("audit_target_at", table_name="audit")
