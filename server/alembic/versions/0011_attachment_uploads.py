"""Partial uploads belong to the device that started them; who uploaded a file decides who may read it.

Until this revision one `attachment` row per file name held the partial upload of whichever device came
first, so one device's garbage under a name blocked the rightful upload for good, and any device that named a
hash in its own record could read the file (issue 26). Now each device's upload is its own row
(`attachment_upload`, its chunks in `attachment_part` until the bytes check out), and a completed upload
records the uploader's area. Existing rows become: a complete file keeps its row and chunks, and its uploader's
completed upload; a partial becomes its device's own partial (chunks moved), and its `attachment` row goes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_upload",
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("device_id", sa.String(length=64), primary_key=True),
        sa.Column("area", sa.String(length=16), nullable=False, server_default=""),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("received", sa.BigInteger(), nullable=False, server_default="0"),
        sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "attachment_part",
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("device_id", sa.String(length=64), primary_key=True),
        sa.Column("offset", sa.BigInteger(), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    bind = op.get_bind()
    attachment = sa.table("attachment", sa.column("sha256"), sa.column("size"), sa.column("received"),
                          sa.column("complete"), sa.column("device_id"), sa.column("created_at"))  # fmt: skip
    device = sa.table("device", sa.column("id"), sa.column("area"))
    chunk = sa.table("attachment_chunk", sa.column("sha256"), sa.column("offset"), sa.column("data"))
    part = sa.table("attachment_part", sa.column("sha256"), sa.column("device_id"), sa.column("offset"),
                    sa.column("data"))  # fmt: skip
    upload = sa.table("attachment_upload", sa.column("sha256"), sa.column("device_id"), sa.column("area"),
                      sa.column("size"), sa.column("received"), sa.column("complete"), sa.column("created_at"))  # fmt: skip
    areas = {row.id: row.area for row in bind.execute(sa.select(device.c.id, device.c.area))}
    rows = bind.execute(sa.select(attachment)).all()
    if rows:
        bind.execute(sa.insert(upload), [
            {"sha256": r.sha256, "device_id": r.device_id, "area": areas.get(r.device_id, ""), "size": r.size,
             "received": r.received, "complete": bool(r.complete), "created_at": r.created_at} for r in rows
        ])  # fmt: skip
    partial = sa.select(attachment.c.sha256).where(attachment.c.complete.is_(False))
    bind.execute(sa.insert(part).from_select(
        ["sha256", "device_id", "offset", "data"],
        sa.select(chunk.c.sha256, attachment.c.device_id, chunk.c.offset, chunk.c.data)
        .join(attachment, attachment.c.sha256 == chunk.c.sha256).where(attachment.c.complete.is_(False))))  # fmt: skip
    bind.execute(sa.delete(chunk).where(chunk.c.sha256.in_(partial)))
    bind.execute(sa.delete(attachment).where(attachment.c.complete.is_(False)))


def downgrade() -> None:
    op.drop_table("attachment_part")
    op.drop_table("attachment_upload")
