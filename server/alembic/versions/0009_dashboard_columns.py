"""A household's DTSEN decile on its record row and each member's PPKS categories on their person row.

The console's dashboard counted both by reading every household's answers in Python (~0.7 s per 10,000
households, ~5 s at 100,000); with the two columns it is a GROUP BY. Existing rows are filled in from the
records' flat answers, in chunks, exactly as the dashboard read them (`desil`; `anggota/<member>/ppks`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 19:30:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CHUNK = 500
MEMBERS, PPKS_LEAF = "anggota/", "/ppks"


# The rules of server/crud/persons.py (decile_of, ppks_of) as they were when this migration was written: a
# migration must keep meaning what it meant, whatever the application's code becomes.
def decile_of(answer: object) -> str | None:
    text = str(answer) if isinstance(answer, (str, int)) and not isinstance(answer, bool) else ""
    return text if text.isdigit() and len(text) <= 2 else None


def ppks_of(answer: object) -> str | None:
    codes = answer if isinstance(answer, list) else [answer] if answer else []
    text = " ".join(str(code) for code in codes if code)[:400]
    return text or None


def upgrade() -> None:
    with op.batch_alter_table("record") as batch:
        batch.add_column(sa.Column("decile", sa.String(length=2), nullable=True))
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("ppks", sa.String(length=400), nullable=True))
    bind = op.get_bind()
    record = sa.table("record", sa.column("id"), sa.column("kind"), sa.column("fields"), sa.column("decile"))
    person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("ppks"))
    last = ""
    while True:
        rows = bind.execute(
            sa.select(record.c.id, record.c.fields)
            .where(record.c.kind == "household", record.c.id > last)
            .order_by(record.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        deciles, categories = [], []
        for record_id, fields in rows:
            flat = json.loads(fields) if isinstance(fields, (str, bytes)) else (fields or {})
            decile = decile_of(flat.get("desil"))
            if decile is not None:
                deciles.append({"b_id": record_id, "decile": decile})
            for path, chosen in flat.items():
                if path.startswith(MEMBERS) and path.endswith(PPKS_LEAF) and path.count("/") == 2:
                    codes = ppks_of(chosen)
                    if codes is not None:
                        member = path[len(MEMBERS) : -len(PPKS_LEAF)]
                        categories.append({"b_record": record_id, "b_member": member, "ppks": codes})
        if deciles:
            bind.execute(sa.update(record).where(record.c.id == sa.bindparam("b_id")), deciles)
        if categories:
            bind.execute(
                sa.update(person).where(
                    person.c.record_id == sa.bindparam("b_record"),
                    person.c.member_id == sa.bindparam("b_member"),
                ),
                categories,
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("ppks")
    with op.batch_alter_table("record") as batch:
        batch.drop_column("decile")
