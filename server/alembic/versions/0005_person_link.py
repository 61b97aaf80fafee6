"""Duplicate-person decisions (`person_link`), person name keys folded with forms/domain/names.py, and the
household's No. KK on each person row.

The person projection kept names lower-cased only, so "Muhamad" and "Muhammad" never met; the console's
duplicate finder compares `names.name_key` (the same key the laptops search with), recomputed here from the
records for rows written before. `person.no_kk` lets the console find a household by No. KK through an index
instead of reading every record's JSON; `record_kind_updated` serves its newest-first list.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from forms.domain.names import name_key

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "person_link",
        sa.Column("id", text(length=64), nullable=False),
        sa.Column("a_record", text(length=64), nullable=False),
        sa.Column("a_member", text(length=64), nullable=False),
        sa.Column("b_record", text(length=64), nullable=False),
        sa.Column("b_member", text(length=64), nullable=False),
        sa.Column("a_area", text(length=16), nullable=False),
        sa.Column("b_area", text(length=16), nullable=False),
        sa.Column("decision", text(length=16), nullable=False),
        sa.Column("reason", text(length=16), nullable=False),
        sa.Column("decided_by", text(length=80), nullable=False),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("person_link_pair", "person_link", ["a_record", "a_member", "b_record", "b_member"],
                    unique=True)  # fmt: skip
    op.create_index(op.f("ix_person_link_rev"), "person_link", ["rev"], unique=False)
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("no_kk", text(length=16), nullable=True))
    op.create_index("person_no_kk", "person", ["no_kk"], unique=False)
    op.create_index("record_kind_updated", "record", ["kind", "deleted", "updated_at", "area"], unique=False)
    _backfill_persons(op.get_bind())


def _backfill_persons(conn: sa.Connection) -> None:
    person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("name_key"),
                      sa.column("no_kk"))  # fmt: skip
    record = sa.table("record", sa.column("id"), sa.column("fields", sa.JSON))
    ids = [r[0] for r in conn.execute(sa.select(person.c.record_id).distinct())]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(sa.select(record.c.id, record.c.fields).where(record.c.id.in_(chunk)))
        for record_id, fields in rows:
            no_kk = (fields or {}).get("no_kk")
            if isinstance(no_kk, str) and len(no_kk) == 16:
                conn.execute(sa.update(person).where(person.c.record_id == record_id).values(no_kk=no_kk))
            for path, value in (fields or {}).items():
                parts = path.split("/")
                if (
                    len(parts) == 3
                    and parts[0] == "anggota"
                    and parts[2] == "nama"
                    and isinstance(value, str)
                ):
                    conn.execute(
                        sa.update(person)
                        .where(person.c.record_id == record_id, person.c.member_id == parts[1])
                        .values(name_key=name_key(value)[:200])
                    )


def downgrade() -> None:
    op.drop_index("record_kind_updated", table_name="record")
    op.drop_index("person_no_kk", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_column("no_kk")
    op.drop_index(op.f("ix_person_link_rev"), table_name="person_link")
    op.drop_index("person_link_pair", table_name="person_link")
    op.drop_table("person_link")
