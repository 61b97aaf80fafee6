"""Search on B-tree prefix scans (issue #12): words, NIK/KK/desa, the dense path, migration 0002, batches."""

from __future__ import annotations

import random

import pytest

from app.services import records, search
from app.services.demo import make_demo_data
from app.store import database, queries
from app.store.database import DB_FILE
from app.store.store import Store
from forms.domain import regions
from forms.samples import make_household
from support.store import DESA, PASSWORD, new_store
from sync.protocol import Change


@pytest.fixture
def store(tmp_path):
    s, _ = new_store(tmp_path / "data")
    yield s
    s.close()


def named(store, names: list[str], seed: int = 1) -> dict:
    """A household whose members carry `names` (head first); saved; returns its answers."""
    answers = make_household(random.Random(seed), DESA, serial=seed)
    for member, name in zip(
        sorted(answers["anggota"].values(), key=lambda m: m["_pos"]), names, strict=False
    ):
        member["nama"] = name
        if member["hubungan"] == "kepala":
            answers["kepala_keluarga"] = name
    records.save_household(store, answers)
    return answers


def names(page) -> set[str]:
    return {p.name for p in page.rows}


def test_name_suffixes_fold_each_word_to_the_end():
    key = queries.name_key
    assert queries.name_suffixes("Siti Nur Haliza") == {
        key("Siti Nur Haliza"),
        key("Nur Haliza"),
        key("Haliza"),
    }
    assert key("Nurhaliza") in queries.name_suffixes("Siti Nur Haliza")  # typed together, stored apart
    assert queries.name_suffixes("  ") == set() and queries.name_suffixes(None) == set()


def test_every_typed_word_must_start_a_word_of_the_name(store):
    named(store, ["Xenia Zorimawati", "Xenia Aminah", "Zorib Xylander"])
    assert names(search.list_persons(store, query="xe")) == {"Xenia Zorimawati", "Xenia Aminah"}
    assert names(search.list_persons(store, query="xy")) == {"Zorib Xylander"}
    assert names(search.list_persons(store, query="xenia zor")) == {"Xenia Zorimawati"}
    assert names(search.list_persons(store, query="zor")) == {"Xenia Zorimawati", "Zorib Xylander"}
    assert names(search.list_persons(store, query="amin xen")) == {"Xenia Aminah"}  # any order
    assert search.list_persons(store, query="enia").total == 0  # inside a word is not a prefix
    assert search.list_persons(store, query="?!").total == 0  # nothing searchable typed


def test_words_whose_whole_folds_onto_one_of_them_find_that_words_persons(store):
    # "agus s" folds as one name to "aguss" -> "agus" (doubled letters collapse): every Agus is found, as the
    # whole text; the persons with both words are among them.
    named(store, ["Agus Salim", "Agus Budiman", "Budi Sagus", "Salim Agus"])
    assert names(search.list_persons(store, query="agus s")) == {"Agus Salim", "Agus Budiman", "Salim Agus"}
    assert names(search.list_persons(store, query="agus s")) == names(
        search.list_persons(store, query="agus")
    )
    assert names(search.list_persons(store, query="agus b")) == {"Agus Budiman"}


def test_nik_and_kk_prefixes_use_their_columns(store):
    answers = named(store, ["Budi Santoso"])
    nik = next(m["nik"] for m in answers["anggota"].values() if m.get("nik"))
    assert nik in {p.nik for p in search.list_persons(store, query=nik[:12]).rows}
    assert search.list_persons(store, query=answers["no_kk"][:9]).total == len(answers["anggota"])
    assert search.list_persons(store, query="budi " + answers["no_kk"][:8]).total == 1


def test_desa_name_finds_its_persons(store):
    answers = named(store, ["Budi Santoso"])
    desa = regions.get(DESA)
    first = desa.name.split()[0][:4]
    assert search.list_persons(store, query=first).total == len(answers["anggota"])
    assert search.list_persons(store, query=f"{first} budi").total == 1
    assert search.list_persons(store, query=desa.name.split()[-1]).total == len(answers["anggota"])


def test_deleted_records_leave_the_search(store):
    named(store, ["Zainal Arifin"])
    [row] = search.list_persons(store, query="zainal").rows
    records.delete_record(store, row.record_id)
    assert search.list_persons(store, query="zainal").total == 0
    assert store.db.reader().execute("SELECT count(*) FROM search_word WHERE record_id = ?",
                                     (row.record_id,)).fetchone()[0] == 0  # fmt: skip


def test_rebuild_index_rebuilds_the_words(store):
    named(store, ["Wayan Sudarma"])
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM search_word")
    assert search.list_persons(store, query="wayan").total == 0
    store.records.rebuild_index()
    assert names(search.list_persons(store, query="wayan")) == {"Wayan Sudarma"}


def test_the_dense_path_gives_the_same_pages_as_the_sparse_one(store, monkeypatch):
    for seed in range(1, 7):
        records.save_household(store, make_household(random.Random(seed), DESA, serial=seed))
    typed = ["a", "s", DESA.replace(".", "")[:4], "s a", regions.get(DESA).name[:3]]
    for sort in ("name", "nik", "birth_date"):
        for query in typed:
            sparse = [
                search.list_persons(store, query=query, sort=sort, offset=o, limit=4) for o in (0, 4, 8)
            ]
            monkeypatch.setattr(queries, "DENSE", 0)
            dense = [search.list_persons(store, query=query, sort=sort, offset=o, limit=4) for o in (0, 4, 8)]
            monkeypatch.undo()
            assert [[p.member_id for p in pg.rows] for pg in sparse] == [[p.member_id for p in pg.rows]
                                                                          for pg in dense], (query, sort)  # fmt: skip
            assert sparse[0].total == dense[0].total and sparse[0].total > 0, query


def test_the_dense_path_caps_the_count_for_search_as_you_type(store, monkeypatch):
    for seed in range(1, 4):
        records.save_household(store, make_household(random.Random(seed), DESA, serial=seed))
    everyone = search.totals(store)["persons"]
    monkeypatch.setattr(queries, "DENSE", 0)
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    page = search.list_persons(store, query=DESA.replace(".", "")[:4], limit=3)
    assert (page.total, page.exact, len(page.rows)) == (5, False, 3)
    exact = queries.persons(store.db.reader(), query=DESA.replace(".", "")[:4])
    assert (exact.total, exact.exact) == (everyone, True)  # exports count everything


def test_index_pages_past_the_first_read_match_the_walk_in_both_directions(store, monkeypatch):
    # Every person's NIK and No. KK start with the area's code, so "6203" finds about two index rows a person:
    # with a first top-N read of one row per person wanted, pages need the second, whole read.
    make_demo_data(store, 40, complaints_every=0)
    everyone = search.totals(store)["persons"]
    dense = queries.DENSE
    reads = []
    real_first = queries._first_by_name

    def first_by_name(*args):
        keys, known = real_first(*args)
        reads.append(known)
        return keys, known

    def pages(query: str, descending: bool, dense: int) -> list[list[tuple[str, str]]]:
        monkeypatch.setattr(queries, "DENSE", dense)
        found = [queries.persons(store.db.reader(), query=query, descending=descending, offset=offset, limit=limit)
                 for offset, limit in ((0, 5), (3, 5), (everyone - 30, 60))]  # fmt: skip
        assert found[0].exact and found[0].total > 5
        return [[(p.record_id, p.member_id) for p in page.rows] for page in found] + [found[0].total]

    monkeypatch.setattr(queries, "FIRST_READ", 1)
    monkeypatch.setattr(queries, "READ_AHEAD", 1)
    monkeypatch.setattr(queries, "_first_by_name", first_by_name)
    for descending in (False, True):
        for query in ("6203", "6203 s", "s"):
            assert pages(query, descending, dense) == pages(query, descending, 0), (query, descending)
    assert None in reads and any(reads)  # pages read in two rounds, and pages whose first read told the count


def test_index_path_caps_the_count_and_knows_it_from_the_page_read(store, monkeypatch):
    make_demo_data(store, 20, complaints_every=0)
    everyone = search.totals(store)["persons"]
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    page = search.list_persons(store, query="6203", limit=5)
    assert (page.total, page.exact, len(page.rows)) == (10, False, 5)  # the list shows "10+"
    exact = queries.persons(store.db.reader(), query="6203", limit=5)
    assert (exact.total, exact.exact) == (everyone, True)
    few = search.list_persons(store, query=search.list_persons(store, limit=1).rows[0].name)
    assert few.exact and 0 < few.total <= 10


def test_migration_2_on_a_version_1_store_keeps_the_data_and_makes_it_searchable(tmp_path, monkeypatch):
    steps = database.available_migrations()
    monkeypatch.setattr(database, "available_migrations", lambda: steps[:1])
    s, _ = new_store(tmp_path / "d")
    assert s.db.version() == 1
    with s.db.transaction() as conn:  # a version-1 store's projections, written as version 1 wrote them
        conn.execute("INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, origin_device, "
                     "created_by, created_at, updated_at) VALUES ('r1', 'household', 'ppks_registration', 1, "
                     "'{}', '{}', ?, 'd', 'ani', '', '')", (DESA,))  # fmt: skip
        conn.execute("INSERT INTO household(record_id, no_kk, head_name, desa) VALUES ('r1', '6203012345678901', "
                     "'Made Wirawan', ?)", (DESA,))  # fmt: skip
        conn.execute("INSERT INTO person(record_id, member_id, position, nik, name, desa) VALUES "
                     "('r1', 'm1', 1, '6203011203900001', 'Made Wirawan', ?)", (DESA,))  # fmt: skip
    s.close()
    monkeypatch.undo()
    opened = Store.open(tmp_path / "d", "ani", PASSWORD)
    assert opened.db.version() == steps[-1][0] >= 2
    assert list((tmp_path / "d").glob(f"{DB_FILE}.backup-pre-v{steps[-1][0]}-*"))
    for typed in ("wira", "made w", "6203011203", "620301234567"):
        assert names(search.list_persons(opened, query=typed)) == {"Made Wirawan"}, typed
    tables = {r[0] for r in opened.db.reader().execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "search_index" not in tables and "search_word" in tables
    opened.close()


def test_a_save_stamps_every_changed_field_with_one_later_stamp(store):
    result = records.save_household(store, make_household(random.Random(3), DESA, serial=3))
    first = store.get_record(result.record_id).clocks
    assert len(set(first.values())) == 1
    answers = store.get_record(result.record_id).answers
    answers["alamat"]["jalan"] = "Jl. Baru 1"
    records.save_household(store, answers, record_id=result.record_id)
    second = store.get_record(result.record_id).clocks
    assert second["alamat/jalan"] > first["alamat/jalan"] and second["no_kk"] == first["no_kk"]


def test_demo_data_in_batches_fills_the_outbox_one_change_per_record(store):
    """One change per record, and each complaint's diterima event right after its complaint."""
    make_demo_data(store, 25, complaints_every=5)
    rows = store.db.reader().execute("SELECT body FROM outbox ORDER BY offset").fetchall()
    changes = [Change.model_validate_json(r[0]) for r in rows]
    saved = store.db.reader().execute("SELECT count(*) FROM record").fetchone()[0]
    records_changed = [c for c in changes if c.kind.value != "complaint_event"]
    events = [(i, c) for i, c in enumerate(changes) if c.kind.value == "complaint_event"]
    assert saved == 30 and len(records_changed) == 30 and len({c.record_id for c in records_changed}) == 30
    assert len(events) == 5 and all(changes[i - 1].record_id == e.fields["complaint_id"] for i, e in events)
    assert search.totals(store)["households"] == 25


def test_a_failing_save_inside_a_batch_rolls_back_only_itself(store, monkeypatch):
    calls = {"n": 0}
    real = store.sync.enqueue

    def flaky(conn, change, **how):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("injected")
        real(conn, change, **how)

    monkeypatch.setattr(store.sync, "enqueue", flaky)
    saved = []
    with store.batch():
        for seed in range(3):
            try:
                saved.append(
                    records.save_household(store, make_household(random.Random(seed), DESA, serial=seed))
                )
            except OSError:
                pass
    assert len(saved) == 2
    ids = {r[0] for r in store.db.reader().execute("SELECT id FROM record")}
    assert ids == {r.record_id for r in saved}
    assert store.db.reader().execute("SELECT count(DISTINCT record_id) FROM person").fetchone()[0] == 2


def test_a_batch_widens_the_writers_page_cache_only_while_it_runs(store):
    def cache_kib() -> int:
        with store.db.transaction() as conn:
            return -conn.execute("PRAGMA cache_size").fetchone()[0]

    usual = cache_kib()
    with store.batch():
        assert -store.records._batch.execute("PRAGMA cache_size").fetchone()[0] > usual
        records.save_household(store, make_household(random.Random(5), DESA, serial=5))
    assert cache_kib() == usual
    assert search.totals(store)["households"] == 1


def test_the_whole_list_pages_in_each_sorts_order_with_ties_broken_by_record_and_member(store):
    make_demo_data(store, 15, complaints_every=0)
    named(store, ["Ani Lestari", "Ani Lestari"], seed=40)  # equal names: the tie-break decides
    everyone = search.list_persons(store, limit=1000).rows
    expected = {
        ("name", False): sorted(everyone, key=lambda p: (p.name.lower(), p.record_id, p.member_id)),
        ("nik", False): sorted(everyone, key=lambda p: (p.nik or "", p.record_id, p.member_id)),
    }
    expected[("name", True)] = sorted(everyone, key=lambda p: (p.record_id, p.member_id))
    expected[("name", True)].sort(key=lambda p: p.name.lower(), reverse=True)  # stable: ties stay ascending
    for (sort, descending), want in expected.items():
        pages = [search.list_persons(store, sort=sort, descending=descending, offset=o, limit=7).rows
                 for o in range(0, len(everyone), 7)]  # fmt: skip
        got = [(p.record_id, p.member_id) for page in pages for p in page]
        assert got == [(p.record_id, p.member_id) for p in want], (sort, descending)


def _every_page(store, query: str, descending: bool, count_cap: int | None) -> list:
    everyone = search.totals(store)["persons"]
    found = [queries.persons(store.db.reader(), query=query, descending=descending, offset=offset, limit=limit,
                             count_cap=count_cap) for offset, limit in ((0, 5), (3, 5), (everyone - 30, 60))]  # fmt: skip
    return [[(p.record_id, p.member_id) for p in page.rows] for page in found] + [
        (found[0].total, found[0].exact)
    ]


def test_walks_of_person_text_give_the_same_pages_and_totals_as_the_index(store, monkeypatch):
    # The list in name order is answered three ways: the rarest word's range of search_word (with person_text
    # for the other words), a walk of person_text's first rows, and a walk of all of it. All must agree.
    make_demo_data(store, 40, complaints_every=0)
    named(store, ["Siti Nur Haliza", "Siti Nurhaliza", "Sitti Aminah", "Nur Siti"], seed=41)
    named(store, ["Muhamad Rizki", "Mohammad Rahman", "Muhammad Ridwan", "Rizki Muhammad"], seed=42)
    desa = regions.get(DESA).name
    typed = ["6203", "s", "a", "s a", "6203 s", desa[:3], f"{desa[:3]} s", "siti n", "nur haliza", "muhamad r",
             "mohammad", "agus s", "zz"]  # fmt: skip
    walks = []
    real_walk = queries._walk_by_name

    def walk(*args, **kwargs):
        found = real_walk(*args, **kwargs)
        walks.append((kwargs["budget"] is None, found is not None))
        return found

    monkeypatch.setattr(queries, "_walk_by_name", walk)
    ways = {  # never walk; walk a budget that holds every person; walk everything when the budget falls short
        "index": {"SHORT": 10**9},
        "short walk": {"SHORT": 0, "WALK_MIN": 10**6},
        "whole walk": {"SHORT": 0, "WALK_MIN": 1, "WALK_PER_ROW": 0},
    }
    for descending in (False, True):
        for query in typed:
            for cap in (None, 10):
                got = {}
                for way, knobs in ways.items():
                    for name, value in knobs.items():
                        monkeypatch.setattr(queries, name, value)
                    got[way] = _every_page(store, query, descending, cap)
                    monkeypatch.undo()
                    monkeypatch.setattr(queries, "_walk_by_name", walk)
                assert got["index"] == got["short walk"] == got["whole walk"], (query, descending, cap)
    assert (False, True) in walks and (True, True) in walks  # both walks answered pages
    found = [_every_page(store, q, False, None)[-1][0] for q in ("siti n", "nur haliza", "muhamad r", "zz")]
    assert found[0] >= 3 and found[1] >= 2 and found[2] >= 4 and found[3] == 0  # spelling variants still meet


def test_a_short_walk_that_finds_too_few_falls_back_to_the_index(store, monkeypatch):
    make_demo_data(store, 20, complaints_every=0)
    named(store, ["Zulkarnain Zaini"], seed=43)
    expected = _every_page(store, "zul", False, 10)
    monkeypatch.setattr(queries, "SHORT", 0)
    monkeypatch.setattr(queries, "WALK_MIN", 3)  # three persons read: the one Zulkarnain is not among them
    monkeypatch.setattr(queries, "WALK_PER_ROW", 0)
    assert _every_page(store, "zul", False, 10) == expected
    assert expected[-1] == (1, True)


def _person_texts(store) -> dict:
    return {(r[1], r[2]): (r[0], r[3]) for r in
            store.db.reader().execute("SELECT sort, record_id, member_id, text FROM person_text")}  # fmt: skip


def _expected_texts(store) -> dict:
    rows = (
        store.db.reader()
        .execute(
            "SELECT p.record_id, p.member_id, p.name, p.nik, h.no_kk, p.desa_name FROM person p "
            "LEFT JOIN household h ON h.record_id = p.record_id"
        )
        .fetchall()
    )
    return {(r, m): (name or "", queries.person_text(queries.person_words(name, nik, kk, desa)))
            for r, m, name, nik, kk, desa in rows}  # fmt: skip


def test_person_text_follows_saves_edits_deletes_and_rebuild(store):
    make_demo_data(store, 6, complaints_every=0)
    named(store, ["Wayan Sudarma", "Ketut Sari"], seed=44)
    assert _person_texts(store) == _expected_texts(store) and len(_person_texts(store)) > 10
    [row] = search.list_persons(store, query="wayan").rows
    stored = store.get_record(row.record_id).answers
    member = next(m for m in stored["anggota"].values() if m["nama"] == "Ketut Sari")
    member["nama"] = "Ketut Sarinah Putri"
    records.save_household(store, stored, record_id=row.record_id)
    assert _person_texts(store) == _expected_texts(store)
    assert names(search.list_persons(store, query="ketut put")) == {"Ketut Sarinah Putri"}
    assert search.list_persons(store, query="ketut sari").total == 1
    records.delete_record(store, row.record_id)
    assert _person_texts(store) == _expected_texts(store)
    assert not any(r == row.record_id for r, _m in _person_texts(store))
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM person_text")
    store.records.rebuild_index()
    assert _person_texts(store) == _expected_texts(store)


def test_migration_5_fills_person_text_as_saves_write_it(tmp_path):
    s, _ = new_store(tmp_path / "d")
    make_demo_data(s, 8, complaints_every=2)
    named(s, ["Nur Haliza", "Siti Aminah"], seed=45)
    saved = _person_texts(s)
    with s.db.transaction() as conn:  # the store as version 4 left it: no person_text
        conn.execute("DROP TABLE person_text")
        for table in ("service", "visit"):  # nor the tables of version 7
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 4")
    s.close()
    opened = Store.open(tmp_path / "d", "ani", PASSWORD)
    assert opened.db.version() >= 5
    assert _person_texts(opened) == saved == _expected_texts(opened)
    assert names(search.list_persons(opened, query="siti am")) == {"Siti Aminah"}
    opened.close()
