"""Two indexes the console needs at a district's volume (bench/district.py, 330,000 households):

- `audit_target_at` (target, at): a household's page reads its history, `audit WHERE target = 'record:<id>'
  ORDER BY at DESC`; without it PostgreSQL walked the whole audit table (one row per pushed record: 367,000 rows,
  72 ms a page at 330,000 households against 2 ms at 10,000);
- `person_no_nik` (desa, name_key, record_id, member_id) WHERE nik IS NULL: the persons-without-NIK page's
  first 500 in its own order, and their count, read from the ~10% of persons it lists instead of sorting all.

Revision ID: 0020
Revises: 0013
Create Date: 2026-12-08 02:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("audit_target_at", "audit", ["target", "at"])
    op.create_index(
        "person_no_nik",
        "person",
        ["desa", "name_key", "record_id", "member_id"],
        postgresql_where=sa.text("nik IS NULL"),
        sqlite_where=sa.text("nik IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("person_no_nik", table_name="person")
    op.drop_index("audit_target_at", table_name="audit")
