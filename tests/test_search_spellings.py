"""Search forgives how a name was spelled (issue #27): "aisah" finds "Aisyah", "ahmad" finds "Achmad", on the
laptop's list and after the store's words were refolded by migration 6; the console's search and duplicate
finder use the same key (forms/domain/names.py) and migration 0012 refolds the server's stored keys."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command

from app.services import records, search
from app.store import queries
from app.store.store import Store
from forms.domain.names import name_key
from forms.samples import make_complaint, make_household
from server.core.db import get_engine
from server.core.migrate import alembic_config
from support.store import DESA, PASSWORD, new_store

WRITTEN = ["Aisyah Putri", "Achmad Fauzi", "Rizky Ramadhan", "Siti Fatimah", "Syarifuddin", "Khairul Anam"]
# What a volunteer types -> whom it must find.
TYPED = {
    "aisah": {"Aisyah Putri"}, "aisya": {"Aisyah Putri"}, "Aisyah": {"Aisyah Putri"}, "aisah putri": {"Aisyah Putri"},
    "ahmad": {"Achmad Fauzi"}, "akhmad f": {"Achmad Fauzi"}, "rizki": {"Rizky Ramadhan"},
    "rizqi ramadan": {"Rizky Ramadhan"}, "fatima": {"Siti Fatimah"}, "siti fatima": {"Siti Fatimah"},
    "sarifudin": {"Syarifuddin"}, "hairul": {"Khairul Anam"}, "chairul": {"Khairul Anam"},
}  # fmt: skip


@pytest.fixture
def store(tmp_path):
    s, _ = new_store(tmp_path / "data")
    yield s
    s.close()


def _household(store, names: list[str]) -> None:
    answers = make_household(random.Random(5), DESA, serial=5)
    members = sorted(answers["anggota"].values(), key=lambda m: m["_pos"])
    for member, name in zip(members, names, strict=False):
        member["nama"] = name
        if member["hubungan"] == "kepala":
            answers["kepala_keluarga"] = name
    for extra in members[len(names) :]:
        extra["nama"] = "Wayan Sudirta"
    records.save_household(store, answers)


def _found(store, typed: str) -> set[str]:
    return {p.name for p in search.list_persons(store, query=typed).rows} - {"Wayan Sudirta"}


def test_other_spellings_find_the_name_as_it_was_written(store):
    for start in range(0, len(WRITTEN), 3):
        _household(store, WRITTEN[start : start + 3])
    for typed, expected in TYPED.items():
        assert _found(store, typed) == expected, typed
    for sort in ("nik", "birth_date"):  # the other sorts search the same words
        assert {p.name for p in search.list_persons(store, query="aisah", sort=sort).rows} == {"Aisyah Putri"}


def test_a_complaint_is_found_by_another_spelling_of_its_subjects_name(store):
    answers = make_complaint(random.Random(2), DESA)
    answers["subjek_nama"] = "Aisyah Rahmawati"
    records.save_complaint(store, answers)
    found = search.list_complaints(store, query="aisah rahma").rows
    assert [c.subject_name for c in found] == ["Aisyah Rahmawati"]


def test_migration_6_refolds_the_words_a_store_kept_with_the_old_rules(tmp_path):
    s, _ = new_store(tmp_path / "d")
    _household(s, ["Aisyah Putri", "Achmad Fauzi"])
    with s.db.transaction() as conn:  # the store as version 5 left it: words folded the old way
        conn.execute("UPDATE search_word SET word = replace(word, 'sa', 'sya') WHERE kind = 'person'")
        conn.execute(
            "UPDATE person_text SET text = replace(replace(text, 'aisa', 'aisyah'), 'ahmad', 'akmad')"
        )
        for table in ("service", "visit"):  # nor the tables of version 7
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 5")
    s.close()
    opened = Store.open(tmp_path / "d", "ani", PASSWORD)
    try:
        assert opened.db.version() >= 6
        assert _found(opened, "aisah") == {"Aisyah Putri"} and _found(opened, "ahmad") == {"Achmad Fauzi"}
        kept = {(r[1], r[2]): r[3] for r in opened.db.reader().execute("SELECT * FROM person_text")}
        rows = opened.db.reader().execute("SELECT p.record_id, p.member_id, p.name, p.nik, h.no_kk, p.desa_name "
                                          "FROM person p LEFT JOIN household h USING (record_id)").fetchall()  # fmt: skip
        assert kept == {
            (r, m): queries.person_text(queries.person_words(n, nik, kk, d)) for r, m, n, nik, kk, d in rows
        }
    finally:
        opened.close()


def test_server_migration_0012_refolds_person_name_keys(db_url):
    """Name keys the server stored with the old rules meet the new key the console searches with."""
    engine = get_engine(db_url)
    config = alembic_config(db_url)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
        now = datetime.now(UTC)
        record = sa.table("record", *(sa.column(c) for c in ("id", "kind", "form_id", "form_version", "area",
                          "rev", "deleted", "origin_device", "created_by", "reference", "created_at", "updated_at",
                          "clocks", "path_revs")), sa.column("fields", sa.JSON), sa.column("review_flags", sa.JSON))  # fmt: skip
        from server.core.packed import pack

        connection.execute(sa.insert(record), [dict(
            id=f"h{i}", kind="household", form_id="ppks_registration", form_version=1, area=DESA, rev=i,
            deleted=False, origin_device="d", created_by="d", reference="", created_at=now, updated_at=now,
            fields={f"anggota/m{i}/nama": name, "kepala_keluarga": name}, clocks=pack({}), path_revs=pack({}),
            review_flags=[]) for i, name in ((1, "Aisyah Putri"), (2, "Achmad Fauzi"))])  # fmt: skip
        person = sa.table("person", sa.column("record_id"), sa.column("member_id"), sa.column("desa"),
                          sa.column("name_key"))  # fmt: skip
        connection.execute(sa.insert(person), [dict(record_id="h1", member_id="m1", desa=DESA, name_key="aisyahputri"),
                                               dict(record_id="h2", member_id="m2", desa=DESA, name_key="akmadfauzi")])  # fmt: skip
        connection.commit()
        command.upgrade(config, "head")
        connection.commit()
        keys = dict(connection.execute(sa.text("SELECT record_id, name_key FROM person")).all())
    assert keys == {"h1": name_key("Aisyah Putri"), "h2": name_key("Achmad Fauzi")}
    assert keys["h1"].startswith(name_key("aisah")) and keys["h2"].startswith(name_key("ahmad"))
