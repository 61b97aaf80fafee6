"""Migrations 0010 and 0011 on SQLite and PostgreSQL, over a database written before them: a receipt number
another desa's device took is cleared (with a new revision, so pulls carry it) and the rightful complaint can
then take it; a whole photo keeps its bytes and its uploader's area; a partial upload becomes its device's
own, and another device's upload of that name is no longer blocked by it."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from server.core.db import get_engine, session_scope
from server.core.migrate import alembic_config
from server.core.packed import pack
from server.crud import attachments
from server.models import Device
from sync.reference import make_reference

DESA_A, DESA_B = "62.03.01.2011", "62.03.01.1006"
PHOTO, PARTIAL = b"foto lengkap " * 50, b"foto setengah " * 50


def _devices(connection, now) -> None:  # noqa: ANN001
    device = sa.table("device", *(sa.column(c) for c in ("id", "number", "area", "label", "status", "token_hash",
                                                         "sign_key", "box_key", "app_version", "enrolled_by",
                                                         "created_at")))  # fmt: skip
    connection.execute(sa.insert(device), [dict(id=f"dev-{name}", number=1, area=area, label="", status="active",
                                                token_hash=name * 8, sign_key="", box_key="", app_version="",
                                                enrolled_by="online", created_at=now)
                                           for name, area in (("a", DESA_A), ("b", DESA_B))])  # fmt: skip


def _complaints(connection, now) -> None:  # noqa: ANN001
    record = sa.table("record", *(sa.column(c) for c in ("id", "kind", "form_id", "form_version", "area", "rev",
                      "deleted", "origin_device", "created_by", "reference", "created_at", "updated_at", "clocks",
                      "path_revs")), sa.column("fields", sa.JSON), sa.column("review_flags", sa.JSON))  # fmt: skip
    rows = (("own", "dev-a", DESA_A, make_reference(DESA_A, 1, 1)),
            ("taken", "dev-b", DESA_B, make_reference(DESA_A, 1, 2)))  # fmt: skip
    connection.execute(sa.insert(record), [dict(
        id=rid, kind="complaint", form_id="pengaduan", form_version=1, area=area, rev=i, deleted=False,
        origin_device=origin, created_by=origin, reference=reference, created_at=now, updated_at=now, fields={},
        clocks=pack({}), path_revs=pack({}), review_flags=[]) for i, (rid, origin, area, reference) in enumerate(rows, 1)])  # fmt: skip
    connection.execute(sa.text("UPDATE counter SET value = 2 WHERE name = 'rev'"))


def _attachments(connection, now) -> tuple[str, str]:  # noqa: ANN001
    attachment = sa.table("attachment", *(sa.column(c) for c in ("sha256", "size", "received", "complete",
                                                                 "device_id", "created_at")))  # fmt: skip
    chunk = sa.table("attachment_chunk", sa.column("sha256"), sa.column("offset"), sa.column("data"))
    whole, partial = hashlib.sha256(PHOTO).hexdigest(), hashlib.sha256(PARTIAL).hexdigest()
    connection.execute(sa.insert(attachment), [
        dict(sha256=whole, size=len(PHOTO), received=len(PHOTO), complete=True, device_id="dev-a", created_at=now),
        dict(sha256=partial, size=len(PARTIAL), received=10, complete=False, device_id="dev-b", created_at=now),
    ])  # fmt: skip
    connection.execute(sa.insert(chunk), [dict(sha256=whole, offset=0, data=PHOTO),
                                          dict(sha256=partial, offset=0, data=b"x" * 10)])  # fmt: skip
    return whole, partial


def test_migrations_clear_taken_numbers_and_give_partial_uploads_to_their_devices(db_url):
    engine = get_engine(db_url)
    config = alembic_config(db_url)
    now = datetime.now(UTC)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        _devices(connection, now)
        _complaints(connection, now)
        whole, partial = _attachments(connection, now)
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
        refs = {
            r.id: (r.reference, r.rev)
            for r in connection.execute(sa.text("SELECT id, reference, rev FROM record"))
        }
    assert refs["own"] == (make_reference(DESA_A, 1, 1), 1)
    assert refs["taken"] == ("", 3)  # cleared, at a new revision past every earlier one

    with session_scope(engine) as session:
        device_a, device_b = session.get(Device, "dev-a"), session.get(Device, "dev-b")
        assert attachments.status(session, sha256=whole, device=device_a).complete
        assert attachments.status(session, sha256=whole, device=device_b) is None  # another desa's photo
        assert attachments.status(session, sha256=partial, device=device_b).received == 10  # its own partial
        assert attachments.status(session, sha256=partial, device=device_a) is None
        done = attachments.put_chunk(session, device=device_a, sha256=partial, offset=0, size=len(PARTIAL),
                                     data=PARTIAL)  # fmt: skip
        assert done.complete  # the old partial of device b no longer stands in the way
