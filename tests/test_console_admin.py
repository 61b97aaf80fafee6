"""The console's admin half on SQLite and PostgreSQL: the dashboard's figures per scope, devices and
enrollment (a code issued on the page enrolls a real device; a revoked device's token is refused), forms
and lists (publish, import, verification progress per desa) and the admin-editable complaint deadlines.
Each page: success, each refusal (not logged in, wrong role, other kecamatan, missing CSRF token) and its
effect on the database."""

from __future__ import annotations

import base64
import io
import json
import random
import re
from datetime import date, timedelta

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from forms.registry import default_registry
from forms.samples import make_household
from server.api.main import create_app
from server.core.clock import utcnow
from server.core.db import get_engine, session_scope
from server.crud.dashboard import dashboard, stale_devices
from server.models import Device, EnrollmentCode, FormDefinition, Record, WorkflowDeadline
from support.console_web import (
    DESA,
    KECAMATAN,
    OTHER_KEC_DESA,
    admin,
    console_login,
    csrf_of,
    push_complaint,
    token_of,
    upload,
)
from support.server_db import enroll_request, verified_in_the_field
from sync.enrollment import read_enrollment_file
from sync.paths import flatten
from sync.protocol import PROTOCOL_HEADER, PullPage

SECOND_DESA = "62.03.01.1006"  # same kecamatan as DESA


def count(settings, model, *where) -> int:
    with session_scope(get_engine(settings.database_url)) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def tksk(client, settings):
    return console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)


def pull(client, device, cursor=0):
    response = client.get("/api/v1/sync/pull", params={"cursor": cursor},
                          headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
    return response


# --- not logged in ------------------------------------------------------------------------------------


def test_every_admin_page_and_action_sends_a_stranger_to_the_login(client):
    for path in ("/console/", "/console/devices", "/console/devices/x/revoke", "/console/forms",
                 "/console/deadlines"):  # fmt: skip
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/console/login", path
    for path in ("/console/devices/code", "/console/devices/file", "/console/devices/x/revoke",
                 "/console/forms/publish", "/console/lists/import", "/console/deadlines"):  # fmt: skip
        response = client.post(path, data={"area": DESA}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/console/login", path


# --- dashboard ----------------------------------------------------------------------------------------


def push_households(client, device, desa, seeds):
    answers = [make_household(random.Random(seed), desa, date(2026, 11, 1), serial=seed) for seed in seeds]
    changes = [device.create(a) for a in answers]
    response = client.post("/api/v1/sync/push", json=device.batch(changes), headers=device.headers)
    assert all(r["status"] == "applied" for r in response.json()["results"]), response.text
    return answers


def expected_figures(answers):
    ppks, deciles, persons, without_nik = {}, {}, 0, 0
    for household in answers:
        decile = household["desil"] if household["desil"].isdigit() else ""
        deciles[decile] = deciles.get(decile, 0) + 1
        for member in household["anggota"].values():
            persons += 1
            without_nik += len(member.get("nik") or "") != 16
            for code in member.get("ppks") or []:
                ppks[code] = ppks.get(code, 0) + 1
    return ppks, deciles, persons, without_nik


def section(html: str, name: str) -> str:
    return re.search(rf'<section id="{name}">(.*?)</section>', html, re.S).group(1)


def test_dashboard_figures_per_area_ppks_decile_nik_arrivals_silent_devices(client, settings, enroll):
    mine, other = enroll(DESA), enroll(OTHER_KEC_DESA)
    silent = enroll(SECOND_DESA)  # enrolled, never synced
    answers = push_households(client, mine, DESA, range(4))
    push_households(client, other, OTHER_KEC_DESA, range(10, 13))
    push_complaint(client, mine, DESA, 1)
    # one person without NIK in DESA
    no_nik = make_household(random.Random(99), DESA, date(2026, 11, 1), serial=99)
    first = next(iter(no_nik["anggota"].values()))
    first.pop("nik", None)
    first["nik_status"] = "belum_punya"
    client.post("/api/v1/sync/push", json=mine.batch([mine.create(no_nik)]), headers=mine.headers)
    answers.append(no_nik)
    ppks, deciles, persons, without_nik = expected_figures(answers)

    with session_scope(get_engine(settings.database_url)) as session:
        board = dashboard(session, scope=KECAMATAN)
        district = dashboard(session, scope="")
    assert [r.code for r in board.kecamatan] == [KECAMATAN]
    assert {r.code: (r.households, r.persons, r.complaints) for r in board.desa} == {DESA: (5, persons, 1)}
    assert board.without_nik == without_nik == board.desa[0].without_nik and without_nik >= 1
    assert {code: n for code, _, _, n in board.ppks} == ppks and sum(ppks.values()) > 0
    assert dict(board.deciles) == deciles
    assert board.complaints_by_status == {"diterima": 1}
    assert board.flagged == 0 and board.open_conflicts == 0
    assert board.new_records == {"household": 5, "complaint": 1} and board.updated_records == 0
    assert [d.id for d in board.stale_devices] == [silent.device_id]  # TKSK scope: not the other kecamatan's
    assert [r.code for r in district.kecamatan] == [KECAMATAN, "62.03.02"]
    assert district.new_records == {"household": 8, "complaint": 1}

    user = tksk(client, settings)
    html = user.get("/console/").text
    assert f'data-area="{DESA}"' in html and OTHER_KEC_DESA not in html
    assert f'data-device="{silent.device_id}"' in section(html, "stale")
    assert f'id="without-nik">{without_nik}<' in html
    english = user.get("/console/?lang=en").text
    assert "Per DTSEN decile" in english and "Devices not synced for a long time" in english


def test_a_device_that_synced_recently_is_not_listed_as_silent(client, settings, enroll):
    device = enroll(DESA)
    push_households(client, device, DESA, [1])
    with session_scope(get_engine(settings.database_url)) as session:
        now = utcnow()
        assert stale_devices(session, scope="", now=now) == []
        assert [d.id for d in stale_devices(session, scope="", now=now + timedelta(days=8))] == [
            device.device_id
        ]


# --- devices and enrollment ---------------------------------------------------------------------------


def issued_code(html: str) -> str:
    return re.search(r'id="code">([A-Z0-9-]+)<', html).group(1)


def test_a_code_from_the_page_enrolls_a_device_and_revoked_its_token_is_refused(client, settings):
    user = admin(client, settings)
    token = token_of(client, user)
    missing = user.post("/console/devices/code", data={"area": DESA})
    assert missing.status_code == 403 and count(settings, EnrollmentCode) == 0
    unknown = user.post("/console/devices/code", data={"area": "99.99", "csrf": token})
    assert (
        unknown.status_code == 400
        and "bukan kode desa" in unknown.text
        and count(settings, EnrollmentCode) == 0
    )

    page = user.post("/console/devices/code", data={"area": DESA, "csrf": token})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    code = issued_code(page.text)
    assert count(settings, EnrollmentCode) == 1
    body, _keys = enroll_request(code, label="laptop desa")
    answer = client.post("/api/v1/enroll", json=body)
    assert answer.status_code == 200 and answer.json()["area"] == DESA
    device_id, device_token = answer.json()["device_id"], answer.json()["token"]
    headers = {"Authorization": f"Bearer {device_token}", PROTOCOL_HEADER: "1"}
    assert client.get("/api/v1/sync/pull", headers=headers).status_code == 200

    listing = user.get("/console/devices").text
    row = re.search(rf'<tr data-device="{device_id}".*?</tr>', listing, re.S).group(0)
    assert DESA in row and "laptop desa" in row and ">test<" in row and 'data-status="active"' in row

    confirm = user.get(f"/console/devices/{device_id}/revoke")
    assert confirm.status_code == 200 and "tidak bisa dibatalkan" in confirm.text
    no_token = user.post(f"/console/devices/{device_id}/revoke", data={})
    assert no_token.status_code == 403 and count(settings, Device, Device.status == "revoked") == 0
    done = user.post(f"/console/devices/{device_id}/revoke", data={"csrf": token},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and count(settings, Device, Device.status == "revoked") == 1
    refused = client.get("/api/v1/sync/pull", headers=headers)
    assert refused.status_code == 401 and refused.json()["code"] == "token_revoked"
    assert "Perangkat dicabut." in user.get(done.headers["location"]).text


def test_an_enrollment_file_downloads_once_and_opens_with_its_code(client, settings):
    user = admin(client, settings)
    missing = user.post("/console/devices/file", data={"area": DESA})
    assert (
        missing.status_code == 403 and count(settings, Device) == 0 and count(settings, EnrollmentCode) == 0
    )
    page = user.post("/console/devices/file", data={"area": DESA, "label": "Pulau Telo",
                                                      "csrf": token_of(client, user)})  # fmt: skip
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    code = issued_code(page.text)
    href = re.search(r'href="data:application/octet-stream;base64,([A-Za-z0-9+/=]+)"', page.text).group(1)
    answer = read_enrollment_file(base64.b64decode(href), code)
    assert answer.area == DESA
    with session_scope(get_engine(settings.database_url)) as session:
        device = session.get(Device, answer.device_id)
        assert device.status == "reserved" and device.label == "Pulau Telo" and device.enrolled_by == "file"


def test_a_tksk_issues_codes_in_their_kecamatan_only_and_never_revokes(client, settings, enroll):
    mine, other = enroll(DESA), enroll(OTHER_KEC_DESA)
    user = tksk(client, settings)
    page = user.get("/console/devices")
    assert f'data-device="{mine.device_id}"' in page.text and other.device_id not in page.text
    assert "/revoke" not in page.text and f'<option value="{SECOND_DESA}">' in page.text
    token = csrf_of(page.text)
    codes = count(settings, EnrollmentCode)
    outside = user.post("/console/devices/code", data={"area": OTHER_KEC_DESA, "csrf": token})
    assert outside.status_code == 403 and "di luar wilayah" in outside.text
    outside_file = user.post("/console/devices/file", data={"area": OTHER_KEC_DESA, "csrf": token})
    assert (
        outside_file.status_code == 403
        and count(settings, Device) == 2
        and count(settings, EnrollmentCode) == codes
    )
    assert user.post("/console/devices/code", data={"area": SECOND_DESA}).status_code == 403
    inside = user.post("/console/devices/code", data={"area": SECOND_DESA, "csrf": token})
    assert inside.status_code == 200 and count(settings, EnrollmentCode) == codes + 1
    body, _ = enroll_request(issued_code(inside.text))
    assert client.post("/api/v1/enroll", json=body).json()["area"] == SECOND_DESA
    for device in (mine, other):
        assert user.get(f"/console/devices/{device.device_id}/revoke").status_code == 403
        refused = user.post(f"/console/devices/{device.device_id}/revoke", data={"csrf": token})
        assert refused.status_code == 403
    assert count(settings, Device, Device.status == "revoked") == 0
    assert pull(client, mine).status_code == 200


def test_an_admin_cannot_revoke_a_device_that_does_not_exist(client, settings):
    user = admin(client, settings)
    response = user.post("/console/devices/nope/revoke", data={"csrf": token_of(client, user)})
    assert response.status_code == 404 and "tidak ditemukan" in response.text


# --- forms and lists ----------------------------------------------------------------------------------


def definition(version: int, **changes) -> bytes:
    source = json.loads(default_registry().get("pengaduan", 1).to_json())
    return json.dumps({**source, "version": version, **changes}).encode()


def test_publishing_a_form_checks_it_first_and_devices_pull_it(client, settings, enroll):
    device = enroll(DESA)
    user = admin(client, settings)
    token = token_of(client, user, "/console/forms")
    publish = "/console/forms/publish"
    assert upload(client, user, publish, "p.json", definition(2)).status_code == 403  # no CSRF token
    broken = upload(client, user, publish, "p.json", definition(3, fields=[{"name": "x", "type": "nope"}]),
                    csrf=token)  # fmt: skip
    assert broken.status_code == 400 and 'id="problems"' in broken.text and "nope" in broken.text
    not_json = upload(client, user, publish, "p.json", b"{not json", csrf=token)
    assert not_json.status_code == 400 and "bukan JSON" in not_json.text
    empty = user.post(publish, data={"csrf": token})
    assert empty.status_code == 400 and "Pilih berkas" in empty.text
    assert count(settings, FormDefinition) == 0
    done = upload(client, user, publish, "p.json", definition(2), csrf=token)
    assert done.status_code == 200 and "pengaduan@2 diterbitkan" in done.text
    assert 'data-form="pengaduan@2"' in done.text and count(settings, FormDefinition) == 1
    again = upload(client, user, "/console/forms/publish?lang=en", "p.json", definition(2), csrf=token)
    assert "already published with the same content" in again.text
    clash = upload(client, user, publish, "p.json", definition(2, title={"id": "x", "en": "x"}), csrf=token)
    assert (
        clash.status_code == 409 and "raise its version number" in clash.text
    )  # English: the cookie remembers
    forms = PullPage.model_validate(pull(client, device).json()).forms
    assert [(f.form_id, f.version) for f in forms] == [("pengaduan", 2)]


def sheet_bytes(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["desa", "no_kk", "kepala_keluarga", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"]
    )
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LIST = [
    [
        DESA,
        "6203010101150001",
        "Budi Saputra",
        "6203011203800001",
        "Budi Saputra",
        "L",
        "1980-03-12",
        "kepala",
    ],
    [DESA, "6203010101150002", "Siti Aminah", "6203015507850002", "Siti Aminah", "P", "1985-07-15", "kepala"],
    [SECOND_DESA, "6203010202160003", "Agus", "", "Agus", "L", "1970-01-01", "kepala"],
]


def progress_of(html: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(
        r'data-desa="([\d.]+)">.*?class="num imported">(\d+)<.*?class="num touched">(\d+)<', html, re.S
    )
    return {desa: (int(a), int(b)) for desa, a, b in rows}


def test_an_imported_list_shows_its_verification_per_desa(client, settings, enroll):
    user = admin(client, settings)
    token = token_of(client, user, "/console/forms")
    imports = "/console/lists/import"
    assert upload(client, user, imports, "dtks.xlsx", sheet_bytes(LIST)).status_code == 403  # no CSRF token
    bad = upload(client, user, imports, "dtks.xlsx", b"not a workbook", csrf=token)
    assert bad.status_code == 400 and "XLSX tidak bisa dibaca" in bad.text
    wrong_columns = _sheet_with_header(["desa", "kolom_aneh"])
    refused = upload(client, user, imports, "dtks.xlsx", wrong_columns, csrf=token)
    assert refused.status_code == 400 and "kolom_aneh" in refused.text and count(settings, Record) == 0

    done = upload(client, user, imports, "dtks.xlsx", sheet_bytes(LIST), csrf=token)
    assert done.status_code == 200 and "Diimpor: 3 keluarga, 3 jiwa" in done.text
    assert progress_of(done.text) == {DESA: (2, 0), SECOND_DESA: (1, 0)} and count(settings, Record) == 3
    with session_scope(get_engine(settings.database_url)) as session:
        assert dashboard(session, scope="").flagged == 3  # each imported household waits for verification
    again = upload(client, user, imports, "dtks.xlsx", sheet_bytes(LIST), csrf=token)
    assert "Diimpor: 0 keluarga, 0 jiwa; 3 keluarga sudah ada" in again.text and count(settings, Record) == 3

    # a field worker verifies one of DESA's households: its device edits the imported record
    device = enroll(DESA)
    page = PullPage.model_validate(pull(client, device).json())
    record = page.records[0]
    verified = flatten(verified_in_the_field(record.answers))
    edit = device.change(record.record_id, verified, base_rev=record.rev)
    result = client.post("/api/v1/sync/push", json=device.batch([edit]), headers=device.headers).json()
    assert result["results"][0]["status"] == "applied", result["results"][0]["rejections"]
    assert progress_of(user.get("/console/forms").text) == {
        DESA: (2, 1),
        SECOND_DESA: (1, 0),
    }


def _sheet_with_header(header) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_forms_and_lists_are_for_admins_only(client, settings):
    user = tksk(client, settings)
    token = token_of(client, user)
    page = user.get("/console/forms")
    assert page.status_code == 403 and "tidak boleh" in page.text
    assert 'href="/console/forms"' not in user.get("/console/").text
    assert (
        upload(client, user, "/console/forms/publish", "p.json", definition(2), csrf=token).status_code == 403
    )
    assert (
        upload(client, user, "/console/lists/import", "d.xlsx", sheet_bytes(LIST), csrf=token).status_code
        == 403
    )
    assert count(settings, FormDefinition) == 0 and count(settings, Record) == 0


# --- deadlines ----------------------------------------------------------------------------------------


def received_days_ago(client, device, record_id, days):
    at = (utcnow() - timedelta(days=days)).isoformat().replace("+00:00", "Z")
    event = device.change(f"ev-{record_id}", {"complaint_id": record_id, "step": "diterima", "at": at},
                          kind="complaint_event", form_id="", form_version=0)  # fmt: skip
    client.post("/api/v1/sync/push", json=device.batch([event]), headers=device.headers)


def overdue_ids(html: str) -> list[str]:
    return re.findall(r'class="overdue" data-id="([^"]+)"', html)


def test_edited_deadlines_sort_complaints_on_every_server_process(client, settings, enroll):
    device = enroll(DESA)
    fresh, _ = push_complaint(client, device, DESA, 1)
    two_days, _ = push_complaint(client, device, DESA, 2)
    received_days_ago(client, device, two_days, 2)
    user = admin(client, settings)
    assert overdue_ids(user.get("/console/complaints").text) == []  # 3 days by default
    page = user.get("/console/deadlines")
    assert page.status_code == 200 and 'name="verify_days" value="3"' in page.text
    token = csrf_of(page.text)
    values = {"verify_days": "1", "refer_days": "5", "close_days": "20"}
    assert user.post("/console/deadlines", data=values).status_code == 403
    for bad in (
        {**values, "verify_days": "0"},
        {**values, "close_days": "dua"},
        {**values, "verify_days": "30"},
    ):
        refused = user.post("/console/deadlines", data={**bad, "csrf": token})
        assert refused.status_code == 400 and 'role="alert"' in refused.text
    assert count(settings, WorkflowDeadline) == 0
    saved = user.post("/console/deadlines", data={**values, "csrf": token}, follow_redirects=False)
    assert saved.status_code == 303 and count(settings, WorkflowDeadline) == 3
    assert 'name="close_days" value="20"' in user.get("/console/deadlines").text
    html = user.get("/console/complaints").text
    assert overdue_ids(html) == [two_days] and html.index(two_days) < html.index(fresh)
    # another server process over the same database agrees at once
    with TestClient(create_app(settings), cookies=user.cookies) as second:
        assert overdue_ids(second.get("/console/complaints").text) == [two_days]


def test_deadlines_are_for_admins_only(client, settings):
    user = tksk(client, settings)
    token = token_of(client, user)
    assert user.get("/console/deadlines").status_code == 403
    values = {"verify_days": "1", "refer_days": "1", "close_days": "1", "csrf": token}
    assert user.post("/console/deadlines", data=values).status_code == 403
    assert count(settings, WorkflowDeadline) == 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_admin_pages_speak_both_languages(client, settings, lang):
    user = admin(client, settings)
    expected = {"id": ("Perangkat", "Formulir &amp; daftar", "Tenggat langkah pengaduan"),
                "en": ("Devices", "Forms &amp; lists", "Complaint step deadlines")}[lang]  # fmt: skip
    for path, text in zip(
        ("/console/devices", "/console/forms", "/console/deadlines"), expected, strict=True
    ):
        assert text in user.get(path, params={"lang": lang}).text
