"""`jaring-server` commands: create-admin, enroll-code, enroll-file (and its key proof), device revoke,
forms publish and import-list reaching devices by pull, stats --json, attachments that resume."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from forms.registry import default_registry
from forms.samples import make_household
from server.cli import main
from server.core.db import get_engine, session_scope
from server.crud.devices import accept_enrollment_proof
from server.models import Device, User
from support.server_db import enroll_request
from sync.enrollment import make_enrollment_proof, read_enrollment_file
from sync.keys import KeyPair
from sync.protocol import PROTOCOL_HEADER, PullPage

DESA = "62.03.01.2011"


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("JARING_DATABASE_URL", db_url)
    monkeypatch.setenv("JARING_SERVER_DATA_DIR", str(tmp_path))
    return db_url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def pull(client, device) -> PullPage:
    return PullPage.model_validate(client.get("/api/v1/sync/pull", params={"cursor": 0},
                                              headers={**device.headers, PROTOCOL_HEADER: "1"}).json())  # fmt: skip


def test_enroll_code_prints_a_code_that_enrolls(cli_env, client, capsys):
    code, out, _ = run(capsys, "enroll-code", "--area", DESA)
    assert code == 0
    printed = out.strip().splitlines()[-1]
    response = client.post("/api/v1/enroll", json=enroll_request(printed)[0])
    assert response.status_code == 200 and response.json()["area"] == DESA


def test_user_errors_print_both_languages_and_exit_2(cli_env, capsys):
    code, _, err = run(capsys, "enroll-code", "--area", "99.99.99")
    assert code == 2 and "bukan kode desa" in err and "not a known desa" in err


def test_create_admin_stores_an_argon2_hash(cli_env, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("kata-sandi-kuat\n"))
    assert run(capsys, "create-admin", "Kepala", "--password-stdin")[0] == 0
    with session_scope(get_engine(cli_env)) as session:
        user = session.execute(select(User)).scalar_one()
    assert user.username == "kepala" and user.role == "admin" and user.password_hash.startswith("$argon2id$")


def test_enroll_file_opens_with_its_code_and_binds_keys_once(cli_env, capsys, tmp_path, client):
    out_file = tmp_path / "desa.jaring-enroll"
    code, out, _ = run(capsys, "enroll-file", "--area", DESA, "--out", str(out_file))
    printed = out.strip().splitlines()[-1]
    answer = read_enrollment_file(out_file.read_bytes(), printed)
    assert answer.area == DESA and answer.token
    keys = KeyPair.generate()
    proof = make_enrollment_proof(printed, answer.device_id, keys.sign_public, keys.box_public)
    forged = make_enrollment_proof("AAAA-BBBB-CCCC", answer.device_id, keys.sign_public, keys.box_public)
    with session_scope(get_engine(cli_env)) as session:
        assert not accept_enrollment_proof(session, device_id=answer.device_id, proof=forged)
        assert accept_enrollment_proof(session, device_id=answer.device_id, proof=proof)
        other = KeyPair.generate()
        stolen = make_enrollment_proof(printed, answer.device_id, other.sign_public, other.box_public)
        assert not accept_enrollment_proof(session, device_id=answer.device_id, proof=stolen)
        device = session.get(Device, answer.device_id)
        assert device.status == "active" and device.sign_key == keys.sign_public
    # the token in the file works over HTTP too (a village that later gets a network)
    headers = {"Authorization": f"Bearer {answer.token}", PROTOCOL_HEADER: "1"}
    assert client.get("/api/v1/sync/pull", headers=headers).status_code == 200
    # the file's code does not enroll a second device online
    assert client.post("/api/v1/enroll", json=enroll_request(printed)[0]).status_code == 403


def test_device_revoke_refuses_the_token(cli_env, enroll, client, capsys):
    device = enroll()
    assert run(capsys, "device", "revoke", device.device_id)[0] == 0
    response = client.get("/api/v1/sync/pull", headers={**device.headers, PROTOCOL_HEADER: "1"})
    assert response.status_code == 401
    assert run(capsys, "device", "revoke", "no-such-device")[0] == 2


def test_forms_publish_checks_first_and_reaches_devices_by_pull(cli_env, enroll, client, capsys, tmp_path):
    device = enroll()
    source = json.loads(default_registry().get("pengaduan", 1).to_json())
    source["version"] = 2
    good, bad = tmp_path / "pengaduan@2.json", tmp_path / "broken.json"
    good.write_text(json.dumps(source), encoding="utf-8")
    bad.write_text(
        json.dumps({**source, "version": 3, "fields": [{"name": "x", "type": "nope"}]}), encoding="utf-8"
    )
    assert run(capsys, "forms", "publish", str(bad))[0] == 2
    code, out, _ = run(capsys, "forms", "publish", str(good))
    assert code == 0 and "pengaduan@2 published" in out
    assert run(capsys, "forms", "publish", str(good))[1].strip().endswith("already published")
    source["title"] = {"id": "lain", "en": "other"}
    good.write_text(json.dumps(source), encoding="utf-8")
    assert run(capsys, "forms", "publish", str(good))[0] == 2  # same version, other content
    assert [(f.form_id, f.version) for f in pull(client, device).forms] == [("pengaduan", 2)]
    # a change captured with the new version is accepted
    import random

    from forms.samples import make_complaint

    change = device.create(
        make_complaint(random.Random(3), DESA), kind="complaint", form_id="pengaduan", form_version=2
    )
    result = client.post("/api/v1/sync/push", json=device.batch([change]), headers=device.headers).json()
    assert result["results"][0]["status"] == "applied"


def _write_list(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["desa", "no_kk", "kepala_keluarga", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"]
    )
    sheet.append(
        [
            DESA,
            "6203010101150001",
            "Budi Saputra",
            "6203011203800001",
            "Budi Saputra",
            "L",
            "1980-03-12",
            "kepala",
        ]
    )
    sheet.append(
        [
            DESA,
            "6203010101150001",
            "Budi Saputra",
            "6203015507850002",
            "Siti Aminah",
            "P",
            "1985-07-15",
            "pasangan",
        ]
    )
    sheet.append(["62.03.01.1006", "6203010202160003", "Agus", "", "Agus", "L", "1970-01-01", "kepala"])
    sheet.append(["99.99.99.9999", "1", "x", "", "x", "L", "", ""])
    book.save(path)


def test_import_list_creates_prefilled_records_per_desa_once(cli_env, enroll, client, capsys, tmp_path):
    path = tmp_path / "dtks.xlsx"
    _write_list(path)
    code, out, _ = run(capsys, "import-list", "--form", "ppks_registration", str(path))
    report = json.loads(out)
    assert report["households"] == 2 and report["persons"] == 3 and report["refused_rows"] == [5]
    assert code == 1 and [(p["row"], p["column"], p["outcome"]) for p in report["problems"]] == [
        (5, "desa", "refused")
    ]  # the unknown desa: refused rows make the exit status 1
    assert report["per_desa"] == {DESA: 1, "62.03.01.1006": 1}
    again = json.loads(run(capsys, "import-list", str(path))[1])
    assert again["households"] == 0 and again["skipped_existing"] == 2
    device = enroll(DESA)
    records = pull(client, device).records
    assert len(records) == 1 and records[0].review_flags[0].code == "imported"
    members = sorted(m["nama"] for m in records[0].answers["anggota"].values())
    assert members == ["Budi Saputra", "Siti Aminah"]


def test_stats_json_counts_per_kind_and_area(cli_env, enroll, client, capsys):
    import random
    from datetime import date

    from forms.samples import make_household

    device = enroll()
    changes = [
        device.create(make_household(random.Random(i), DESA, date(2026, 11, 1), serial=i)) for i in range(3)
    ]
    client.post("/api/v1/sync/push", json=device.batch(changes), headers=device.headers)
    code, out, _ = run(capsys, "stats", "--json")
    figures = json.loads(out)
    assert code == 0 and figures["records"] == {"household": 3}
    assert figures["by_area"] == {DESA: {"household": 3}} and figures["by_kecamatan"] == {
        "62.03.01": {"household": 3}
    }
    assert figures["devices"] == {"active": 1} and figures["persons"] > 3


def test_attachment_upload_resumes_and_is_checked(client, enroll):
    device = enroll()
    data = bytes(range(256)) * 300
    sha = hashlib.sha256(data).hexdigest()
    url = f"/api/v1/attachments/{sha}"
    first = client.put(
        url, params={"offset": 0, "size": len(data)}, content=data[:30000], headers=device.headers
    )
    assert first.json() == {"sha256": sha, "size": len(data), "received": 30000, "complete": False}
    # the connection dropped; the device asks where to resume
    status = client.get(url, headers=device.headers).json()
    assert status["received"] == 30000
    stale = client.put(
        url, params={"offset": 0, "size": len(data)}, content=data[:30000], headers=device.headers
    )
    assert stale.json()["received"] == 30000  # a repeated chunk changes nothing
    done = client.put(
        url, params={"offset": 30000, "size": len(data)}, content=data[30000:], headers=device.headers
    )
    assert done.json()["complete"] is True
    again = client.put(
        url, params={"offset": 0, "size": len(data)}, content=data[:10], headers=device.headers
    )
    assert again.json()["complete"] is True  # the server already has it
    wrong = b"x" * 100
    bad_sha = hashlib.sha256(b"something else").hexdigest()
    lie = client.put(f"/api/v1/attachments/{bad_sha}", params={"offset": 0, "size": 100}, content=wrong,
                     headers=device.headers)  # fmt: skip
    assert lie.json()["complete"] is False and lie.json()["received"] == 0


def test_a_device_downloads_a_photo_only_through_a_record_of_its_area_naming_it(client, enroll):
    """Another laptop of the desa gets the house photo a colleague captured; a laptop of another desa, a
    record not naming the file, a deleted record and an unfinished upload all get the same 404."""
    author, colleague, stranger = enroll(), enroll(), enroll("62.03.01.1006")
    data = bytes(range(256)) * 200
    sha = hashlib.sha256(data).hexdigest()
    url = f"/api/v1/attachments/{sha}"
    answers = make_household(random.Random(8), DESA, date(2026, 11, 1), serial=8)
    with_photo = author.create({**answers, "foto_rumah": sha})
    without = author.create(make_household(random.Random(9), DESA, date(2026, 11, 1), serial=9))
    pushed = client.post(
        "/api/v1/sync/push", json=author.batch([with_photo, without]), headers=author.headers
    )
    assert [r["status"] for r in pushed.json()["results"]] == ["applied", "applied"]

    def fetch(device, record_id):  # noqa: ANN001, ANN202
        return client.get(f"{url}/content", params={"record": record_id}, headers=device.headers)

    client.put(url, params={"offset": 0, "size": len(data)}, content=data[:1000], headers=author.headers)
    assert fetch(colleague, with_photo.record_id).status_code == 404  # not complete yet
    client.put(url, params={"offset": 1000, "size": len(data)}, content=data[1000:], headers=author.headers)
    got = fetch(colleague, with_photo.record_id)
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "application/octet-stream"
    refused = [fetch(stranger, with_photo.record_id), fetch(colleague, without.record_id),
               fetch(colleague, "no-such-record"), client.get(f"{url}/content", headers=colleague.headers)]  # fmt: skip
    assert [r.status_code for r in refused] == [404, 404, 404, 422]
    assert refused[0].json() == refused[1].json() == refused[2].json()  # nothing told about other areas
    assert client.get(f"{url}/content", params={"record": with_photo.record_id}).status_code == 401
    gone = author.change(with_photo.record_id, {}, deleted=True, base_rev=pushed.json()["results"][0]["rev"])
    client.post("/api/v1/sync/push", json=author.batch([gone]), headers=author.headers)
    assert fetch(colleague, with_photo.record_id).status_code == 404


def test_console_script_answers_help():
    out = subprocess.run(
        [sys.executable, "-m", "server.cli", "--help"], capture_output=True, text=True, check=True
    )
    assert "enroll-file" in out.stdout and "import-list" in out.stdout


def run_installed(env_url: str, tmp_path, *argv: str) -> subprocess.CompletedProcess:
    """`jaring-server` as an operator runs it: the installed script, in its own process."""
    script = Path(sys.executable).with_name("jaring-server")
    env = {**os.environ, "JARING_DATABASE_URL": env_url, "JARING_SERVER_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([str(script), *argv], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("url", ["not a database url", "nosuchdb://x/y", "sqlite:///{tmp}/a-file/x.sqlite3", "sqlite:///{tmp}/a-folder",
                                 "postgresql+psycopg://postgres:secret-pw@127.0.0.1:1/nowhere"])  # fmt: skip
def test_a_broken_database_url_is_a_message_not_a_traceback(tmp_path, url):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    done = run_installed(url.format(tmp=tmp_path), tmp_path, "stats")
    assert done.returncode == 2, done.stderr
    assert (
        "Traceback" not in done.stderr
        and "tidak dapat dibuka" in done.stderr
        and "Cannot open" in done.stderr
    )
    assert "secret-pw" not in done.stderr  # the password never reaches the terminal


def test_unreadable_and_unwritable_files_are_messages_not_tracebacks(tmp_path):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for argv in (["forms", "publish", str(tmp_path / "missing.json")], ["bundle", "import", str(folder)],
                 ["import-list", str(tmp_path / "missing.xlsx")],
                 ["enroll-file", "--area", DESA, "--out", str(tmp_path / "no" / "such" / "x.jaring-enroll")]):  # fmt: skip
        done = run_installed(url, tmp_path, *argv)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (argv, done.stderr)
        assert "Berkas" in done.stderr and "file" in done.stderr, (argv, done.stderr)


def test_an_unexpected_error_is_one_line_here_and_its_traceback_in_the_log(
    cli_env, tmp_path, capsys, monkeypatch
):
    def broken(_session) -> dict:
        raise RuntimeError("a bug in stats")

    monkeypatch.setattr("server.crud.stats.stats", broken)
    code, _, err = run(capsys, "stats")
    assert code == 70 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    log = (tmp_path / "jaring-server.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "a bug in stats" in log and str(tmp_path / "jaring-server.log") in err
