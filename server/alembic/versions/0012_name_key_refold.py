"""Person name keys refolded after forms/domain/names.py learned more spellings (sy→s, kh→h, y→i, q→k, a word's
last h after a vowel…), so the console's search for "aisah" finds "Aisyah" and the duplicate finder pairs
"Achmad" with "Ahmad" in rows stored before as in rows pushed after.

The key is recomputed from each household's member names (`anggota/<member>/nama`), in chunks, with the
current `name_key` — this step means "fold with the rules of this release", as the laptops' store migration 6
does. Downgrade leaves the keys as they are (the old rules are not kept to refold back).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from forms.domain.names import name_key

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

CHUNK = 500
MEMBERS, NAME_LEAF = "anggota/", "/nama"


def upgrade() -> None:
    bind = op.get_bind()
    record = sa.table("record", sa.column("id"), sa.column("kind"), sa.column("fields"))
    person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("name_key"))
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
        keys = []
        for record_id, fields in rows:
            flat = json.loads(fields) if isinstance(fields, (str, bytes)) else (fields or {})
            for path, name in flat.items():
                if path.startswith(MEMBERS) and path.endswith(NAME_LEAF) and path.count("/") == 2:
                    member = path[len(MEMBERS) : -len(NAME_LEAF)]
                    key = name_key(name)[:200] if isinstance(name, str) else ""
                    keys.append({"b_record": record_id, "b_member": member, "name_key": key})
        if keys:
            bind.execute(
                sa.update(person).where(
                    person.c.record_id == sa.bindparam("b_record"),
                    person.c.member_id == sa.bindparam("b_member"),
                ),
                keys,
            )
        last = rows[-1][0]


def downgrade() -> None:
    pass
