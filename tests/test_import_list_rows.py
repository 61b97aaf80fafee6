"""A DTKS/DTSEN list with good and bad rows: each row is checked by the form's validator (forms/domain's NIK and
No. KK rules) when it is imported, and the report says per row and column what was wrong and what was done.
Imported members start as `aktif`, so a device verifies an imported household without being asked for a date
of death or move: pulled by a real laptop store from a real server, verified, pushed, applied.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.services import records
from app.services.sync import enroll_online, sync_once
from forms.domain.names import name_key
from forms.registry import default_registry
from forms.validate import validate
from server.cli import main
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from server.crud.imports import import_list
from server.errors import BadRequest
from server.models import Person, Record
from support.console_web import admin, token_of, upload
from support.live_server import DESA, live_server
from support.server_db import new_code
from support.store import new_store
from sync.paths import unflatten

HEADER = [
    "desa",
    "no_kk",
    "kepala_keluarga",
    "rt",
    "nik",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "hubungan",
]
KK_GOOD, KK_BAD, KK_ODD, KK_MISMATCH, KK_SHORT_NIK = (
    "6203010101150001",
    "6203010202160000",  # serial 0000
    "6203010303170005",
    "6203010404180006",
    "6203010505190007",
)
ROWS = [
    # row 2-4: a good household; one member's NIK has serial 0000, one has none in the list
    [DESA, KK_GOOD, "Budi Saputra", "3", "6203011203800001", "Budi Saputra", "L", "1980-03-12", "kepala"],
    [DESA, KK_GOOD, "", "", "6203015507850000", "Siti Aminah", "P", "1985-07-15", "pasangan"],
    [DESA, KK_GOOD, "", "", "", "Rina", "P", "2010-01-05", "anak"],
    # row 5-6: a household whose No. KK has serial 0000: not imported
    [DESA, KK_BAD, "Joko", "", "6203011203800002", "Joko", "L", "1980-03-12", "kepala"],
    [DESA, KK_BAD, "", "", "", "Sri", "P", "1982-04-01", "pasangan"],
    # row 7-8: an RT that is no RT, a sex and a birth date the form does not know; a row without a name
    [DESA, KK_ODD, "Wati", "12345", "", "Wati", "X", "1980-02-30", "kepala"],
    [DESA, KK_ODD, "", "", "", "", "L", "2001-01-01", "anak"],
    # row 9: a NIK saying female (day + 40) for a man as listed: only the KTP can tell which is right
    [DESA, KK_MISMATCH, "Andi", "", "6203015203900007", "Andi", "L", "1990-03-12", "kepala"],
    # row 10: a NIK of 15 digits; row 11: a desa that does not exist
    [DESA, KK_SHORT_NIK, "Dewi", "", "620301120380001", "Dewi", "P", "1980-03-12", "kepala"],
    ["99.99.99.9999", "6203010606200008", "X", "", "", "X", "L", "1980-01-01", "kepala"],
]


def write_list(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        book.active.append(row)
    book.save(path)
    return path


def list_bytes() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in ROWS:
        book.active.append(row)
    book.save(out)
    return out.getvalue()


def household(session, no_kk: str) -> Record | None:
    return next(
        (r for r in session.execute(select(Record)).scalars() if r.fields.get("no_kk") == no_kk), None
    )


def members(record: Record) -> dict[str, dict]:
    """The record's members by name, from its flat fields."""
    by_id: dict[str, dict] = {}
    for path, value in record.fields.items():
        parts = path.split("/")
        if parts[0] == "anggota" and len(parts) == 3:
            by_id.setdefault(parts[1], {})[parts[2]] = value
    return {m.get("nama"): m for m in by_id.values()}


def test_each_row_is_checked_and_reported_with_what_was_done(db_url, tmp_path):
    migrate(db_url)
    with session_scope(get_engine(db_url)) as session:
        report = import_list(session, path=write_list(tmp_path / "dtks.xlsx"), actor="admin:dinsos")
    found = [(p.row, p.column, p.outcome, p.code) for p in report.problems]
    assert found == [
        (3, "nik", "imported_without_nik", "nik_serial_zero"),
        (5, "no_kk", "refused", "kk_serial_zero"),
        (6, "no_kk", "refused", "kk_serial_zero"),
        (7, "rt", "left_out", "constraint"),
        (7, "jenis_kelamin", "left_out", "invalid_choice"),
        (7, "tanggal_lahir", "left_out", "wrong_type"),
        (8, "nama", "refused", "required"),
        (9, "nik", "imported_to_check", "nik_sex_mismatch"),
        (10, "nik", "imported_without_nik", "nik_length"),
        (11, "desa", "refused", "unknown_desa"),
    ]
    assert report.refused_rows == [5, 6, 8, 11]
    assert (report.households, report.persons) == (4, 6)
    by_row = {(p.row, p.column): p for p in report.problems}
    assert by_row[(5, "no_kk")].message("id").startswith("Baris 5, kolom no_kk: ")
    assert (
        "0000" in by_row[(5, "no_kk")].message("id")
        and "baris tidak diimpor" in by_row[(5, "no_kk")].message()
    )
    assert by_row[(3, "nik")].message("en").startswith("Row 3, column nik: ")
    assert "imported without NIK" in by_row[(3, "nik")].message("en")

    with session_scope(get_engine(db_url)) as session:
        assert household(session, KK_BAD) is None
        good = household(session, KK_GOOD)
        people = members(good)
        assert {m["status_anggota"] for m in people.values()} == {"aktif"}  # as a new member on a device
        assert (
            people["Budi Saputra"]["nik"] == "6203011203800001"
            and people["Budi Saputra"]["nik_status"] == "ada"
        )
        assert "nik" not in people["Siti Aminah"] and people["Siti Aminah"]["nik_status"] == "tidak_diketahui"
        assert "nik" not in people["Rina"] and people["Rina"]["nik_status"] == "tidak_diketahui"
        [corrected] = [f for f in good.review_flags if f["code"] == "import_values_checked"]
        assert len(corrected["paths"]) == 1 and corrected["paths"][0].endswith("/nik")
        odd = household(session, KK_ODD)
        assert "alamat/rt" not in odd.fields and list(members(odd)) == ["Wati"]
        assert "jenis_kelamin" not in members(odd)["Wati"] and "tanggal_lahir" not in members(odd)["Wati"]
        assert members(household(session, KK_MISMATCH))["Andi"]["nik"] == "6203015203900007"
        persons = {p.name_key: p for p in session.execute(select(Person)).scalars()}
        assert persons[name_key("Siti Aminah")].nik is None
        assert persons[name_key("Budi Saputra")].nik == "6203011203800001"
        assert {p.status for p in persons.values()} == {"aktif"}
        # nothing that a push of the same answers would refuse, apart from what a volunteer adds in the field
        form = default_registry().get("ppks_registration", 1)
        for record in session.execute(select(Record)).scalars():
            listed = [p for p in validate(form, unflatten(record.fields)).errors if p.code != "required"]
            assert [p.code for p in listed if not p.overridable] == []


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("JARING_DATABASE_URL", db_url)
    monkeypatch.setenv("JARING_SERVER_DATA_DIR", str(tmp_path))
    return db_url


def test_a_csv_list_as_districts_export_it_is_read_like_the_sheet(db_url, tmp_path):
    """Semicolon-separated with a BOM (Excel in an Indonesian locale), every cell text: the same report."""
    migrate(db_url)
    lines = [";".join(HEADER)] + [";".join(str(v) for v in row) for row in ROWS]
    (tmp_path / "dtks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    with session_scope(get_engine(db_url)) as session:
        from_csv = import_list(session, path=tmp_path / "dtks.csv", actor="admin:dinsos")
    assert from_csv.refused_rows == [5, 6, 8, 11] and (from_csv.households, from_csv.persons) == (4, 6)
    assert [(p.row, p.column, p.code) for p in from_csv.problems][:3] == [
        (3, "nik", "nik_serial_zero"), (5, "no_kk", "kk_serial_zero"), (6, "no_kk", "kk_serial_zero")]  # fmt: skip
    (tmp_path / "latin1.csv").write_bytes(";".join(HEADER).encode() + "\nDésa".encode("latin-1"))
    with session_scope(get_engine(db_url)) as session, pytest.raises(BadRequest) as refused:
        import_list(session, path=tmp_path / "latin1.csv", actor="admin:dinsos")
    assert "UTF-8" in refused.value.en
    with session_scope(get_engine(db_url)) as session:
        assert len(session.execute(select(Record)).scalars().all()) == 4  # the refused file wrote nothing


def test_a_household_whose_rows_are_apart_is_one_household_and_chunks_change_nothing(db_url, tmp_path,
                                                                                    monkeypatch):  # fmt: skip
    """The list is read row by row; a KK whose rows are not together (here the good household's last member
    at the end) still becomes one household with every member, also when households are inserted in chunks
    of one."""
    from server.crud import imports

    monkeypatch.setattr(imports, "CHUNK", 1)
    migrate(db_url)
    rows = ROWS[:2] + ROWS[3:] + [ROWS[2]]
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in rows]
    (tmp_path / "apart.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with session_scope(get_engine(db_url)) as session:
        report = import_list(session, path=tmp_path / "apart.csv", actor="admin:dinsos")
    assert (report.households, report.persons) == (4, 6) and report.refused_rows == [4, 5, 7, 10]
    with session_scope(get_engine(db_url)) as session:
        assert set(members(household(session, KK_GOOD))) == {"Budi Saputra", "Siti Aminah", "Rina"}
        assert len(session.execute(select(Person)).scalars().all()) == 6


def test_the_cli_prints_the_report_and_exits_1_when_rows_were_refused(cli_env, capsys, tmp_path):
    code = main(["import-list", "--form", "ppks_registration", str(write_list(tmp_path / "dtks.xlsx"))])
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert code == 1 and report["refused_rows"] == [5, 6, 8, 11] and report["households"] == 4
    assert {"row": 5, "column": "no_kk", "outcome": "refused"}.items() <= report["problems"][1].items()
    assert "Baris 5, kolom no_kk:" in err and "Row 5, column no_kk:" in err and "not imported" in err
    assert "4 baris tidak diimpor" in err and "4 rows not imported" in err
    # the same list again: nothing new, the refused rows refused again (the list still needs fixing)
    assert main(["import-list", str(tmp_path / "dtks.xlsx")]) == 1
    assert json.loads(capsys.readouterr().out)["skipped_existing"] == 4
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(ROWS[0])
    book.save(good)
    assert main(["import-list", str(good)]) == 0  # already imported, nothing refused


def test_the_console_page_shows_the_report_per_row(client, settings):
    cookies = admin(client, settings)
    token = token_of(client, cookies, "/console/forms")
    done = upload(client, cookies, "/console/lists/import", "dtks.xlsx", list_bytes(), csrf=token)
    assert done.status_code == 200 and "Diimpor: 4 keluarga, 6 jiwa" in done.text
    assert 'data-row="5" data-column="no_kk" data-outcome="refused"' in done.text
    assert "Baris 3, kolom nik:" in done.text and "4 baris tidak diimpor" in done.text
    english = upload(client, cookies, "/console/lists/import?lang=en", "dtks.xlsx", list_bytes(), csrf=token)
    # again, in English: the households exist (row 8's with them); the refused rows are refused again
    assert "Row 5, column no_kk:" in english.text and "3 rows not imported" in english.text


def test_a_device_verifies_an_imported_household_without_extra_questions(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, server):
        with session_scope(get_engine(server.database_url)) as session:
            import_list(session, path=write_list(tmp_path / "dtks.xlsx"), actor="admin:dinsos")
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(server, DESA))
        assert sync_once(store).complete
        pulled = {
            json.loads(a)["no_kk"]: i for i, a in store.db.reader().execute("SELECT id, answers FROM record")
        }
        assert set(pulled) == {KK_GOOD, KK_ODD, KK_MISMATCH, KK_SHORT_NIK}
        record_id = pulled[KK_GOOD]
        imported = store.get_record(record_id).answers

        # the volunteer answers what a list cannot hold (consent, home ownership) and nothing per member
        verified = {**imported, "persetujuan": True, "perumahan": {"kepemilikan": "milik_sendiri"}}
        form = default_registry().get("ppks_registration", 1)
        without_status = json.loads(json.dumps(verified))
        for member in without_status["anggota"].values():
            member.pop("status_anggota")
        asked = {p.path.rsplit("/", 1)[-1] for p in validate(form, without_status).errors}
        assert asked == {"status_anggota", "tanggal_status"}  # what the list used to leave to the volunteer
        records.save_household(store, verified, record_id=record_id)  # SaveRefused if anything were missing
        outcome = sync_once(store)
        assert outcome.complete and outcome.run.sent == 1 and outcome.run.applied == 1

        with session_scope(get_engine(server.database_url)) as session:
            record = session.get(Record, record_id)
            assert record.fields["persetujuan"] is True and record.origin_device == "server"
            assert {m["status_anggota"] for m in members(record).values()} == {"aktif"}
        store.close()


def test_a_nik_left_out_for_its_own_error_is_not_also_reported_to_check(db_url, tmp_path):
    migrate(db_url)
    path = tmp_path / "one.xlsx"
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    # province 99 does not exist, and the NIK's date says male for a woman as listed
    book.active.append([DESA, KK_GOOD, "Ani", "", "9903011203800001", "Ani", "P", "1980-03-12", "kepala"])
    book.save(path)
    with session_scope(get_engine(db_url)) as session:
        report = import_list(session, path=path)
        assert [(p.row, p.column, p.outcome, p.code) for p in report.problems] == [
            (2, "nik", "imported_without_nik", "nik_unknown_province")
        ]
        ani = members(household(session, KK_GOOD))["Ani"]
        assert "nik" not in ani and ani["nik_status"] == "tidak_diketahui"
