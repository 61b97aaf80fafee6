"""The console's work lists at a district's volume (issue 30): tables the lists page through by index instead
of scanning records.

- `person.no_nik_reason`: why a member has no NIK (belum_punya, tidak_diketahui, hilang), filled here from the
  stored answers for persons already stored, by the write path after; an index on the persons without a NIK
  by desa and name (the Dukcapil list).
- `review_flag`: one row per review flag of a record (its area, code and when), kept from the records.
- `duplicate_pair`: one row per possible duplicate pair (same NIK in two households, or same name key and birth
  date), with its group, both persons' areas and whether it is decided.
- `projection_cursor`: the revision up to which `review_flag` and `duplicate_pair` follow the records
  (crud/projections.py catches up from it when a list is opened; 0 means "build them whole").

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 02:10:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CHUNK = 500
MEMBERS, LEAF = "anggota/", "/nik_status"


def _backfill_reasons() -> None:
    bind = op.get_bind()
    record = sa.table("record", sa.column("id"), sa.column("kind"), sa.column("fields"))
    person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("no_nik_reason"))
    last = ""
    while rows := bind.execute(
        sa.select(record.c.id, record.c.fields)
        .where(record.c.kind == "household", record.c.id > last)
        .order_by(record.c.id)
        .limit(CHUNK)
    ).all():
        reasons = []
        for record_id, fields in rows:
            flat = json.loads(fields) if isinstance(fields, (str, bytes)) else (fields or {})
            for path, value in flat.items():
                if (
                    path.startswith(MEMBERS)
                    and path.endswith(LEAF)
                    and path.count("/") == 2
                    and value != "ada"
                ):
                    member = path[len(MEMBERS) : -len(LEAF)]
                    reasons.append({"b_record": record_id, "b_member": member, "reason": str(value)[:20]})
        if reasons:
            bind.execute(
                sa.update(person)
                .where(
                    person.c.record_id == sa.bindparam("b_record"),
                    person.c.member_id == sa.bindparam("b_member"),
                )
                .values(no_nik_reason=sa.bindparam("reason")),
                reasons,
            )
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column("person", sa.Column("no_nik_reason", sa.String(length=20), nullable=True))
    op.create_index("person_without_nik", "person", ["desa", "name_key"],
                    postgresql_where=sa.text("nik IS NULL"), sqlite_where=sa.text("nik IS NULL"))  # fmt: skip
    _backfill_reasons()
    op.create_index("record_kind_area", "record", ["kind", "deleted", "area", sa.text("updated_at DESC")])
    op.create_table(
        "review_flag",
        sa.Column("record_id", sa.String(length=64), primary_key=True),
        sa.Column("code", sa.String(length=40), primary_key=True),
        sa.Column("area", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("review_flag_area", "review_flag", ["area", "at"])
    op.create_index("review_flag_code", "review_flag", ["code", "area"])
    op.create_table(
        "duplicate_pair",
        sa.Column("a_record", sa.String(length=64), primary_key=True),
        sa.Column("a_member", sa.String(length=64), primary_key=True),
        sa.Column("b_record", sa.String(length=64), primary_key=True),
        sa.Column("b_member", sa.String(length=64), primary_key=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("group_key", sa.String(length=220), nullable=False),
        sa.Column("a_area", sa.String(length=16), nullable=False),
        sa.Column("b_area", sa.String(length=16), nullable=False),
        sa.Column("decided", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("duplicate_pair_open", "duplicate_pair", ["decided", "reason", "group_key"])
    op.create_index("duplicate_pair_a_area", "duplicate_pair", ["a_area"])
    op.create_index("duplicate_pair_b_area", "duplicate_pair", ["b_area"])
    op.create_index("duplicate_pair_b_record", "duplicate_pair", ["b_record"])
    op.create_index("duplicate_pair_group", "duplicate_pair", ["group_key"])
    op.create_table(
        "projection_cursor",
        sa.Column("name", sa.String(length=32), primary_key=True),
        sa.Column("rev", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("projection_cursor")
    op.drop_table("duplicate_pair")
    op.drop_table("review_flag")
    op.drop_index("record_kind_area", table_name="record")
    op.drop_index("person_without_nik", table_name="person")
    op.drop_column("person", "no_nik_reason")
