"""Migration 0005 on SQLite and PostgreSQL: a database written before it gets person name keys folded with
forms/domain/names.py (so its old rows meet in the duplicate finder) and each person row its household's No. KK."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from server.core.db import get_engine
from server.core.migrate import alembic_config

KK = "6203010501120010"


def test_old_person_rows_get_folded_name_keys_and_their_no_kk(db_url):
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


def test_migration_0009_fills_deciles_and_ppks_from_the_answers(db_url):
    """Households stored before 0009 get their decile on the record row and each member's PPKS categories on
    the person row, read from the answers as the dashboard read them; the dashboard's figures follow."""
    from server.core.packed import pack
    from server.crud.dashboard import dashboard

    engine = get_engine(db_url)
    config = alembic_config(db_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
        now = datetime.now(UTC)
        record = sa.table("record", *(sa.column(c) for c in ("id", "kind", "form_id", "form_version", "area",
                          "rev", "deleted", "origin_device", "created_by", "reference", "created_at", "updated_at",
                          "clocks", "path_revs")), sa.column("fields", sa.JSON), sa.column("review_flags", sa.JSON))  # fmt: skip
        answers = {
            "h1": {"desil": "3", "anggota/m1/ppks": ["lansia_terlantar", "penyandang_disabilitas"],
                   "anggota/m2/ppks": []},
            "h2": {"desil": "tidak_tahu", "anggota/m3/ppks": ["lansia_terlantar"]},
            "c1": {"kategori": "lainnya"},
        }  # fmt: skip
        connection.execute(sa.insert(record), [dict(
            id=rid, kind="complaint" if rid == "c1" else "household", form_id="f", form_version=1,
            area="62.03.01.2011", rev=i, deleted=False, origin_device="d", created_by="d", reference="",
            created_at=now, updated_at=now, fields=fields, clocks=pack({}), path_revs=pack({}), review_flags=[])
            for i, (rid, fields) in enumerate(answers.items(), start=1)])  # fmt: skip
        person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("desa"),
                          sa.column("name_key"))  # fmt: skip
        connection.execute(sa.insert(person), [
            dict(record_id=r, member_id=m, desa="62.03.01.2011", name_key=m) for r, m in (("h1", "m1"), ("h1", "m2"), ("h2", "m3"))
        ])  # fmt: skip
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
        deciles = dict(connection.execute(sa.text("SELECT id, decile FROM record")).all())
        ppks = dict(connection.execute(sa.text("SELECT member_id, ppks FROM person")).all())
    assert deciles == {"h1": "3", "h2": None, "c1": None}
    assert ppks == {
        "m1": "lansia_terlantar penyandang_disabilitas",
        "m2": None,
        "m3": "lansia_terlantar",
    }
    with Session(engine) as session:
        board = dashboard(session, scope="")
    assert {code: n for code, _id, _en, n in board.ppks} == {
        "lansia_terlantar": 2,
        "penyandang_disabilitas": 1,
    }
    assert dict(board.deciles) == {"3": 1, "": 1}


def test_migration_0013_complaints_stored_before_it_appear_on_the_work_list(db_url):
    """0013 only creates the work list's table: complaints already stored get their row the first time the list
    is read (and a deleted one none), with the reference searchable without its dashes."""
    from server.core.packed import pack
    from server.crud.worklist import Filters, work_page

    engine = get_engine(db_url)
    config = alembic_config(db_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0012")
        now = datetime.now(UTC)
        record = sa.table("record", *(sa.column(c) for c in ("id", "kind", "form_id", "form_version", "area",
                          "rev", "deleted", "origin_device", "created_by", "reference", "created_at", "updated_at",
                          "clocks", "path_revs")), sa.column("fields", sa.JSON), sa.column("review_flags", sa.JSON))  # fmt: skip
        connection.execute(sa.insert(record), [dict(
            id=rid, kind="complaint", form_id="f", form_version=1, area="62.03.01.2011", rev=i, deleted=rid == "c3",
            origin_device="d", created_by="d", reference=f"6203012011-01-00000{i}-{i}", created_at=now,
            updated_at=now, fields={}, clocks=pack({}), path_revs=pack({}), review_flags=[])
            for i, rid in enumerate(("c1", "c2", "c3"), start=1)])  # fmt: skip
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
    with Session(engine) as session:
        listed = work_page(session, scope="62.03.01", filters=Filters())
        found = work_page(session, scope="", filters=Filters(q="6203012011 01 000002 2"))
        session.commit()
    assert listed.total == 2 and sorted(v.record_id for v in listed.rows) == ["c1", "c2"]
    assert [v.record_id for v in found.rows] == ["c2"]
