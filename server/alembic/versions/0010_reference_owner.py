"""A complaint's reference number belongs to the device that made it: clear the ones a device took.

Until this revision the server kept any well-formed reference a device sent, so a device of one desa could
take another desa's next number (issue 26): the citizen's receipt then led the public status page to the
wrong complaint, and the rightful complaint was refused. Pushes now check the number (crud/push.py); this
clears every reference already stored that its record's first device could not have made — another desa's
digits or another device number — so the rightful complaint takes its number on its next push. Each cleared
record gets a new revision, so devices pull the record without the number.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 23:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_WIDTHS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


# sync/reference.py's owned_by as it was when this migration was written (a migration keeps its meaning).
def owned(reference: str, area: str, number: int) -> bool:
    parts = reference.strip().upper().split("-")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts):
        return False  # practice numbers (LATIHAN-) and anything malformed
    digits, device_number = parts[0], parts[1]
    widths = _WIDTHS.get(len(digits))
    if widths is None or len(device_number) != 2 or int(device_number) != number or not area:
        return False
    dotted, at = [], 0
    for width in widths:
        dotted.append(digits[at : at + width])
        at += width
    code = ".".join(dotted)
    return code == area or code.startswith(area + ".")


def upgrade() -> None:
    bind = op.get_bind()
    record = sa.table("record", sa.column("id"), sa.column("reference"), sa.column("origin_device"),
                      sa.column("rev"))  # fmt: skip
    device = sa.table("device", sa.column("id"), sa.column("area"), sa.column("number"))
    devices = {row.id: (row.area, row.number) for row in bind.execute(sa.select(device.c.id, device.c.area,
                                                                                device.c.number))}  # fmt: skip
    taken = [
        row.id
        for row in bind.execute(
            sa.select(record.c.id, record.c.reference, record.c.origin_device).where(record.c.reference != "")
        )
        if not owned(row.reference, *devices.get(row.origin_device, ("", -1)))
    ]
    if not taken:
        return
    last = bind.execute(
        sa.text("UPDATE counter SET value = value + :n WHERE name = 'rev' RETURNING value"), {"n": len(taken)}
    ).scalar_one()
    first = int(last) - len(taken) + 1
    bind.execute(
        sa.update(record).where(record.c.id == sa.bindparam("b_id")).values(reference="", rev=sa.bindparam("b_rev")),
        [{"b_id": record_id, "b_rev": first + i} for i, record_id in enumerate(sorted(taken))],
    )  # fmt: skip


def downgrade() -> None:
    pass  # a number taken from another device is not given back
