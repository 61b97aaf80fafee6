"""The encrypted store: keys and operators, saves with projections and outbox, search, export, migrations."""

from __future__ import annotations

import copy
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from app.services import drafts, records, search
from app.services.demo import make_demo_data
from app.services.export import ExportReasonRequired, export_persons
from app.store.database import DB_FILE, Database, MigrationFailed, connect
from app.store.errors import (
    LastOperator,
    SaveRefused,
    StoreExists,
    UnknownOperator,
    UnknownRegion,
    WrongPassword,
    WrongRecoveryCode,
)
from app.store.keyslots import SLOTS_FILE
from app.store.store import Store, data_files
from forms.samples import make_complaint, make_household, nik_for
from support.store import DESA, PASSWORD, new_store
from sync.paths import flatten
from sync.protocol import Change
from sync.reference import is_valid_reference


@pytest.fixture
def store(tmp_path):
    s, _ = new_store(tmp_path / "data")
    yield s
    s.close()


def household(seed=1, serial=0):
    return make_household(random.Random(seed), DESA, serial=serial)


def outbox(store):
    rows = store.db.reader().execute("SELECT body FROM outbox ORDER BY offset").fetchall()
    return [Change.model_validate_json(r[0]) for r in rows]


# --- connections ---------------------------------------------------------------------------


def test_every_connection_has_wal_and_synchronous_full(store):
    for conn in (store.db._writer, store.db.reader(), connect(store.db.path, store._key)):
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# --- keys and operators --------------------------------------------------------------------


def test_wrong_password_is_a_clear_error_and_damages_nothing(tmp_path):
    s, _ = new_store(tmp_path / "d")
    s.save_record("ppks_registration", household())
    s.close()
    with pytest.raises(WrongPassword):
        Store.open(tmp_path / "d", "ani", "not-the-password")
    with pytest.raises(UnknownOperator):
        Store.open(tmp_path / "d", "budi", PASSWORD)
    again = Store.open(tmp_path / "d", "ani", PASSWORD)
    assert search.totals(again)["households"] == 1
    again.close()


def test_a_second_operator_opens_with_their_own_password_and_slots_are_independent(tmp_path):
    s, _ = new_store(tmp_path / "d")
    slots_before = json.loads((tmp_path / "d" / SLOTS_FILE).read_text())["slots"]
    s.add_operator("budi", "sandi-budi-99")
    slots_after = json.loads((tmp_path / "d" / SLOTS_FILE).read_text())["slots"]
    assert slots_after[: len(slots_before)] == slots_before  # nobody else's slot was touched
    s.close()
    budi = Store.open(tmp_path / "d", "budi", "sandi-budi-99")
    budi.change_password("budi", "sandi-baru-100")
    budi.close()
    with pytest.raises(WrongPassword):
        Store.open(tmp_path / "d", "budi", "sandi-budi-99")
    ani = Store.open(tmp_path / "d", "ani", PASSWORD)
    ani.remove_operator("budi")
    with pytest.raises(LastOperator):
        ani.remove_operator("ani")
    assert Store.operators(tmp_path / "d") == ["ani"]
    ani.close()


def test_the_recovery_code_opens_the_store_when_all_passwords_are_lost(tmp_path):
    s, recovery = new_store(tmp_path / "d")
    s.save_record("ppks_registration", household())
    s.close()
    rescued = Store.open_with_recovery(tmp_path / "d", recovery.lower().replace("-", " "))
    rescued.change_password("ani", "sandi-baru-2026")
    rescued.close()
    assert search.totals(Store.open(tmp_path / "d", "ani", "sandi-baru-2026"))["households"] == 1
    with pytest.raises(WrongRecoveryCode) as wrong:  # not "wrong password": they typed no password
        Store.open_with_recovery(tmp_path / "d", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")
    assert "Kode pemulihan salah" in wrong.value.message("id")


def test_init_refuses_an_existing_store_and_an_unknown_area(tmp_path):
    s, _ = new_store(tmp_path / "d")
    s.close()
    with pytest.raises(StoreExists):
        Store.init(tmp_path / "d", "x", PASSWORD)
    with pytest.raises(UnknownRegion):
        Store.init(tmp_path / "e", "x", PASSWORD, area="99.99")


# --- saves, projections, outbox ------------------------------------------------------------


def test_save_writes_record_projections_audit_and_outbox(store):
    answers = household()
    result = records.save_household(store, answers)
    assert result.changes.records and result.changes.persons and result.changes.outbox
    persons = search.list_persons(store).rows
    assert {p.name for p in persons} == {m["nama"] for m in answers["anggota"].values()}
    [change] = outbox(store)
    assert change.record_id == result.record_id and change.base_rev is None
    assert set(change.fields) == set(flatten(store.get_record(result.record_id).answers))
    audit = (
        store.db.reader()
        .execute("SELECT action FROM audit WHERE record_id = ?", (result.record_id,))
        .fetchall()
    )
    assert ("create",) in audit


def test_invalid_answers_are_refused_and_nothing_is_written(store):
    bad = household()
    bad["no_kk"] = "123"
    with pytest.raises(SaveRefused) as caught:
        records.save_household(store, bad)
    assert caught.value.problems[0].code == "kk_length"
    assert search.totals(store)["records"] == 0 and outbox(store) == []


def test_override_with_a_reason_saves_and_is_kept(store):
    answers = household()
    mid, member = next((k, m) for k, m in answers["anggota"].items() if m.get("nik"))
    member["tanggal_lahir"] = "1950-01-01" if not member["tanggal_lahir"].startswith("1950") else "1951-01-01"
    with pytest.raises(SaveRefused):
        records.save_household(store, answers)
    member["_overrides"] = {"nik:nik_birth_date_mismatch": "KTP salah cetak"}
    result = records.save_household(store, answers)
    # one finding per differing part (day, month, year), all waived by the one reason
    assert result.overridden
    assert {(p.code, reason) for p, reason in result.overridden} == {
        ("nik_birth_date_mismatch", "KTP salah cetak")
    }


def test_edit_after_acknowledgement_sends_only_changed_paths(store):
    result = records.save_household(store, household())
    store.record_results([(1, _applied(outbox(store)[0].change_id, rev=5))])
    answers = copy.deepcopy(store.get_record(result.record_id).answers)
    answers["kepala_keluarga"] = "Nama Baru"
    records.save_household(store, answers, record_id=result.record_id)
    edit = outbox(store)[-1]
    assert edit.base_rev == 5 and set(edit.fields) == {"kepala_keluarga"}


def test_edit_before_acknowledgement_sends_the_full_state(store):
    result = records.save_household(store, household())
    answers = copy.deepcopy(store.get_record(result.record_id).answers)
    answers["kepala_keluarga"] = "Nama Baru"
    records.save_household(store, answers, record_id=result.record_id)
    assert set(outbox(store)[-1].fields) >= set(flatten(answers))


def _applied(change_id, rev):
    from sync.protocol import ChangeResult

    return ChangeResult(change_id=change_id, status="applied", rev=rev)


def test_projections_follow_edits_member_status_and_deletes(store):
    result = records.save_household(store, household())
    answers = copy.deepcopy(store.get_record(result.record_id).answers)
    mid = sorted(answers["anggota"])[0]
    answers["anggota"][mid]["status_anggota"] = "meninggal"
    answers["anggota"][mid]["tanggal_status"] = "2026-10-01"
    born = date(1990, 3, 4)
    answers["anggota"]["b7f9a1c2-0000-4000-8000-000000000001"] = {
        "_pos": 50, "nama": "Sitti Aminah", "nik_status": "ada", "nik": nik_for(DESA, "P", born, 42),
        "jenis_kelamin": "P", "tanggal_lahir": born.isoformat(), "hubungan": "famili", "status_anggota": "aktif",
        "status_kawin": "kawin", "pekerjaan": "petani"}  # fmt: skip
    records.save_household(store, answers, record_id=result.record_id)
    persons = {p.member_id: p for p in search.list_persons(store, limit=50).rows}
    assert persons[mid].status == "meninggal"  # a status, not a delete
    assert persons["b7f9a1c2-0000-4000-8000-000000000001"].name == "Sitti Aminah"
    store.records.rebuild_index()
    assert {p.member_id: p.status for p in search.list_persons(store, limit=50).rows}[mid] == "meninggal"
    records.delete_record(store, result.record_id)
    assert search.totals(store)["persons"] == 0 and outbox(store)[-1].deleted


def test_complaint_gets_a_reference_and_the_received_event(store):
    result = records.save_complaint(store, make_complaint(random.Random(4), DESA))
    assert is_valid_reference(result.reference) and result.reference.startswith("6203012011-07-")
    events = store.db.reader().execute("SELECT step, origin FROM complaint_event").fetchall()
    assert events == [("diterima", "device")]
    [row] = search.list_complaints(store).rows
    assert row.status == "diterima" and row.reference == result.reference
    second = records.save_complaint(store, make_complaint(random.Random(5), DESA))
    assert second.reference != result.reference


def test_practice_mode_never_fills_the_outbox_and_marks_references(tmp_path):
    s, _ = new_store(tmp_path / "p", enrolled=False)
    result = records.save_complaint(s, make_complaint(random.Random(4), DESA))
    assert result.reference.startswith("LATIHAN-") and outbox(s) == [] and s.identity() is None
    s.close()


def test_nik_already_registered_lookup(store):
    answers = household()
    records.save_household(store, answers)
    nik = next(m["nik"] for m in answers["anggota"].values() if m.get("nik"))
    [found] = records.registered_nik(store, nik)
    assert found.nik == nik
    assert records.registered_nik(store, "6203010101010999") == []


@pytest.mark.parametrize(("typed", "stored"), [("Muhamad", "Muhammad Rizky"), ("Mohammad", "Muhammad Rizky"),
                                               ("muhammad", "Mohamad Rizky"), ("Nurhaliza", "Siti Nur Haliza"),
                                               ("Nur Haliza", "Siti Nurhaliza"), ("Sitti", "Siti Nurhaliza"),
                                               ("haliza", "Siti Nur Haliza")])  # fmt: skip
def test_search_tolerates_spelling_variants(store, typed, stored):
    answers = household()
    head_id = next(k for k, m in answers["anggota"].items() if m["hubungan"] == "kepala")
    answers["anggota"][head_id]["nama"] = stored
    answers["kepala_keluarga"] = stored
    records.save_household(store, answers)
    assert stored in {p.name for p in search.list_persons(store, query=typed).rows}


def test_search_by_nik_kk_desa_and_prefix(store):
    answers = household()
    records.save_household(store, answers)
    nik = next(m["nik"] for m in answers["anggota"].values() if m.get("nik"))
    assert search.list_persons(store, query=nik[:10]).total >= 1
    assert search.list_persons(store, query=answers["no_kk"]).total == len(answers["anggota"])
    assert search.list_persons(store, query="pulau telo").total == len(answers["anggota"])
    assert search.list_persons(store, query="zzzzqqq").total == 0


def test_paged_sorted_listing(store):
    for i in range(5):
        records.save_household(store, household(seed=i, serial=i))
    total = search.totals(store)["persons"]
    pages = [search.list_persons(store, offset=o, limit=7) for o in range(0, total, 7)]
    names = [p.name for page in pages for p in page.rows]
    assert len(names) == total and names == sorted(names, key=str.lower)
    desc = search.list_persons(store, sort="birth_date", descending=True, limit=total).rows
    assert [p.birth_date for p in desc] == sorted((p.birth_date for p in desc), reverse=True)


def test_drafts_save_list_resume_discard(store):
    draft_id, _ = drafts.save_draft(store, "ppks_registration", 1, {"kepala_keluarga": "Setengah"})
    drafts.save_draft(store, "ppks_registration", 1, {"kepala_keluarga": "Setengah jadi"}, draft_id=draft_id)
    [d] = drafts.list_drafts(store)
    assert d.answers == {"kepala_keluarga": "Setengah jadi"} and outbox(store) == []
    drafts.discard_draft(store, draft_id)
    assert drafts.list_drafts(store) == []


def test_export_masks_niks_and_leaves_out_disability_unless_asked_with_a_reason(store, tmp_path):
    make_demo_data(store, 5)
    out = tmp_path / "x.csv"
    export_persons(store, out, fmt="csv")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert "disabilitas" not in rows[0]
    niks = [r[1] for r in rows[1:] if r[1]]
    assert niks and all("******" in n for n in niks)
    with pytest.raises(ExportReasonRequired):
        export_persons(store, out, fmt="csv", full=True)
    export_persons(store, tmp_path / "full.xlsx", fmt="xlsx", full=True, reason="verifikasi Dukcapil")
    audit = store.db.reader().execute("SELECT detail FROM audit WHERE action = 'export'").fetchall()
    assert any("verifikasi Dukcapil" in d[0] for d in audit)


# --- encryption ----------------------------------------------------------------------------


def test_no_nik_name_or_kk_in_the_raw_bytes_of_any_file(tmp_path):
    s, _ = new_store(tmp_path / "d")
    make_demo_data(s, 20)
    people = search.list_persons(s, limit=1000).rows
    secrets = (
        {p.nik for p in people if p.nik}
        | {p.name for p in people[:50]}
        | {p.no_kk for p in people if p.no_kk}
    )
    s.db._writer.execute("SELECT 1")  # keep the WAL as it is: the -wal file is checked too
    files = data_files(tmp_path / "d")
    assert any(f.name.endswith("-wal") for f in files)
    blob = b"".join(f.read_bytes() for f in files)
    leaked = [x for x in secrets if x.encode() in blob]
    assert leaked == []
    s.close()


def test_the_database_file_is_not_readable_as_plain_sqlite(store):
    plain = sqlite3.connect(store.db.path)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()


# --- migrations ----------------------------------------------------------------------------


def test_a_version_1_database_is_upgraded_with_its_data_after_a_backup(tmp_path, monkeypatch):
    s, _ = new_store(tmp_path / "d")
    records.save_household(s, household())
    s.close()
    from app.store import database

    class AddColumn:
        @staticmethod
        def upgrade(conn):
            conn.execute("ALTER TABLE record ADD COLUMN verified_at TEXT")

    steps = database.available_migrations()
    latest = steps[-1][0]
    monkeypatch.setattr(database, "available_migrations", lambda: [*steps, (latest + 1, AddColumn)])
    opened = Store.open(tmp_path / "d", "ani", PASSWORD)
    assert opened.db.version() == latest + 1 and search.totals(opened)["households"] == 1
    assert list((tmp_path / "d").glob(f"{DB_FILE}.backup-pre-v{latest + 1}-*"))
    opened.close()


def test_a_failed_migration_restores_the_original(tmp_path, monkeypatch):
    s, _ = new_store(tmp_path / "d")
    records.save_household(s, household())
    key = s._key
    s.close()
    from app.store import database

    class Broken:
        @staticmethod
        def upgrade(conn):
            conn.execute("DELETE FROM household")
            raise RuntimeError("boom")

    steps = database.available_migrations()
    latest = steps[-1][0]
    monkeypatch.setattr(database, "available_migrations", lambda: [*steps, (latest + 1, Broken)])
    with pytest.raises(MigrationFailed):
        Store.open(tmp_path / "d", "ani", PASSWORD)
    db = Database(tmp_path / "d" / DB_FILE, key)
    assert db.version() == latest
    assert db.reader().execute("SELECT count(*) FROM household").fetchone()[0] == 1
    db.close()


# --- the CLI's bad input --------------------------------------------------------------------


def jaring(data_dir, *args, password=PASSWORD):
    env = {"JARING_PASSWORD": password, "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen",
           "JARING_TEST_CHEAP_KDF": os.environ.get("JARING_TEST_CHEAP_KDF", "")}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), *args], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip


def test_cli_init_status_and_bad_input_without_tracebacks(tmp_path):
    d = tmp_path / "cli"
    made = jaring(d, "--operator", "ani", "init", "--area", "62.03.01")
    assert made.returncode == 0 and len(made.stdout.strip().splitlines()[-1]) == 35  # the recovery code
    assert jaring(d, "status", "--json").returncode == 0
    for args, password in [(("status",), "wrong-password"), (("--operator", "budi", "status"), PASSWORD),
                           (("--operator", "x", "init", "--area", "99.99"), PASSWORD),
                           (("export", "--format", "csv", "--out", str(tmp_path / "o.csv"), "--full"), PASSWORD)]:  # fmt: skip
        result = jaring(d, *args, password=password)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "Galat:" in result.stderr and "Error:" in result.stderr


def test_cli_on_a_read_only_data_directory(tmp_path):
    import os
    import shutil

    if os.geteuid() == 0 and shutil.which("unshare") is None:
        pytest.skip("running as root, where chmod does not stop writes, and unshare is unavailable")
    d = tmp_path / "ro"
    d.mkdir()
    if os.geteuid() == 0:
        cmd = ["unshare", "-m", "sh", "-c", f"mount --bind -o ro {d} {d} && "
               f"JARING_PASSWORD={PASSWORD} {sys.executable} -m app --data-dir {d} --operator ani init"]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if "mount" in result.stderr and "permission" in result.stderr.lower():
            pytest.skip("cannot make a read-only bind mount here: " + result.stderr.strip()[:200])
    else:
        d.chmod(0o500)
        result = jaring(d, "--operator", "ani", "init")
    assert result.returncode == 2, result.stderr
    assert "tidak bisa ditulisi" in result.stderr and "Traceback" not in result.stderr


def test_a_setting_read_while_it_is_being_written_is_not_kept_stale(tmp_path):
    """Another thread reading `practice` between enrollment's write and its COMMIT sees the old row; the
    cache must not keep it, or the main window went on saying 'MODE LATIHAN' after enrolling."""
    import threading

    store, _code = new_store(tmp_path / "data", enrolled=False)
    assert store.practice
    seen = []
    with store.db.transaction() as conn:
        store.settings.put({"practice": "0"}, conn)
        reader = threading.Thread(target=lambda: seen.append(store.practice))  # the UI thread, say
        reader.start()
        reader.join()
    assert seen == [True]  # not committed yet: the old row
    assert store.practice is False  # and after the COMMIT, the new one
    store.close()
