"""Migration 0005 on SQLite and PostgreSQL: a database written before it gets person name keys folded with
forms/domain/names.py (so its old rows meet in the duplicate finder) and each person row its household's No. KK."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from server.core.db import get_engine
from server.core.migrate import alembic_config
from server.testing_fixtures import db_url  # noqa: F401 - fixture

KK = "6203010501120010"


def test_old_person_rows_get_folded_name_keys_and_their_no_kk(db_url):  # noqa: F811
    engine = get_engine(db_url)
    config = alembic_config(db_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        now = datetime.now(UTC)
        record = sa.table("record", *(sa.column(c) for c in ("id", "kind", "form_id", "form_version", "area",
                          "rev", "deleted", "origin_device", "created_by", "reference", "created_at", "updated_at")),
                          sa.column("fields", sa.JSON), sa.column("clocks", sa.JSON), sa.column("path_revs", sa.JSON),
                          sa.column("review_flags", sa.JSON))  # fmt: skip
        connection.execute(sa.insert(record), [dict(
            id=f"r{i}", kind="household", form_id="ppks_registration", form_version=1, area="62.03.01.2011", rev=i,
            deleted=False, origin_device="d", created_by="d", reference="", created_at=now, updated_at=now,
            fields={"no_kk": KK if i == 1 else "123", f"anggota/m{i}/nama": name}, clocks={}, path_revs={},
            review_flags=[]) for i, name in ((1, "Muhammad Rizki"), (2, "Muhamad  Rizki"))])  # fmt: skip
        person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("desa"),
                          sa.column("name_key"), sa.column("birth_date"))  # fmt: skip
        connection.execute(sa.insert(person), [
            dict(record_id="r1", member_id="m1", desa="62.03.01.2011", name_key="muhammad rizki", birth_date="1990-05-14"),
            dict(record_id="r2", member_id="m2", desa="62.03.01.2011", name_key="muhamad rizki", birth_date="1990-05-14"),
        ])  # fmt: skip
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
        rows = connection.execute(
            sa.text("SELECT record_id, name_key, no_kk FROM person ORDER BY record_id")
        ).all()
    assert [tuple(r) for r in rows] == [("r1", "muhamadrizki", KK), ("r2", "muhamadrizki", None)]
    assert sa.inspect(engine).has_table("person_link")
