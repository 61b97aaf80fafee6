"""Clock stamps and path revisions stored packed (server/core/packed.py, migration 0008), on SQLite and
PostgreSQL: values come back as written, old JSON rows are converted both ways, and COPY writes the same."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from hypothesis import given
from hypothesis import strategies as st

from server.core.db import get_engine, session_scope
from server.core.migrate import alembic_config
from server.core.packed import pack, unpack
from server.crud.bulk import insert_rows
from server.models import Record

CLOCKS = {"nama": "1795975474081-0000-dev-1", "anggota/m1/nama": "1795975474081-0001-dev-1", "catatan": "é"}
PATH_REVS = {"nama": 0, "anggota/m1/nama": 12, "catatan": 2**70}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_pack_gives_every_json_value_back(value):
    assert unpack(pack(value)) == value


def test_packed_stamps_are_much_smaller_than_their_json():
    clocks = {
        f"anggota/m{i}/field{j}": f"1795975474081-{i * 20 + j:04x}-8f14e45f-ceea"
        for i in range(5)
        for j in range(17)
    }
    assert len(pack(clocks)) * 5 < len(
        sa.types.JSON().bind_processor(sa.create_engine("sqlite://").dialect)(clocks)
    )


def _record(**kw) -> dict:
    now = datetime.now(UTC)
    return dict(kind="household", form_id="ppks_registration", form_version=1, area="62.03.01.2011", rev=1,
                deleted=False, origin_device="d", created_by="d", reference="", created_at=now, updated_at=now,
                fields={"nama": "Siti"}, review_flags=[], **kw)  # fmt: skip


def test_records_written_with_copy_or_the_orm_read_back_the_same(db_url):
    engine = get_engine(db_url)
    command.upgrade(alembic_config(db_url), "head")
    with session_scope(engine) as session:
        insert_rows(session, Record.__table__, [_record(id="bulk", clocks=CLOCKS, path_revs=PATH_REVS)])
        session.add(Record(**_record(id="orm", clocks=CLOCKS, path_revs=PATH_REVS)))
    with session_scope(engine) as session:
        for record_id in ("bulk", "orm"):
            record = session.get(Record, record_id)
            assert (record.clocks, record.path_revs) == (CLOCKS, PATH_REVS)
        stored = session.execute(sa.text("SELECT clocks FROM record WHERE id = 'bulk'")).scalar_one()
    assert unpack(stored) == CLOCKS  # bytes in the database, not JSON text


def test_migration_0008_converts_json_rows_and_back(db_url):
    engine = get_engine(db_url)
    config = alembic_config(db_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        json_columns = ("fields", "review_flags", "clocks", "path_revs")
        old = sa.table("record", sa.column("id"), *(sa.column(c) for c in _record() if c not in json_columns),
                       *(sa.column(c, sa.JSON) for c in json_columns))  # fmt: skip
        connection.execute(sa.insert(old), [
            _record(id=f"r{i:04d}", clocks={**CLOCKS, "i": str(i)}, path_revs={**PATH_REVS, "i": i})
            for i in range(1203)  # more than two chunks
        ])  # fmt: skip
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
    with session_scope(engine) as session:
        records = session.execute(sa.select(Record).order_by(Record.id)).scalars().all()
        assert len(records) == 1203
        assert records[7].clocks == {**CLOCKS, "i": "7"} and records[7].path_revs == {**PATH_REVS, "i": 7}
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
        connection.commit()
        row = connection.execute(sa.select(old.c.clocks, old.c.path_revs).where(old.c.id == "r1202")).one()
    assert (row.clocks, row.path_revs) == ({**CLOCKS, "i": "1202"}, {**PATH_REVS, "i": 1202})
