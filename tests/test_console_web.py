"""The district console's pages on SQLite and PostgreSQL: login (throttled), sessions, CSRF, role and area
scope, the complaint workflow (a step taken in the console reaches the device's next pull) and the public
status page."""

from __future__ import annotations

import hashlib
import random
import re

from sqlalchemy import func, select, text

from forms.samples import make_complaint
from server.core.db import get_engine, session_scope
from server.models import ComplaintEventRow, UserSession
from support.console_web import (
    DESA,
    OTHER_KEC_DESA,
    PASSWORD,
    add_user,
    console_login,
    csrf_of,
    login_post,
    push_complaint,
)
from sync.protocol import PROTOCOL_HEADER, PullPage
from sync.reference import status_code


def pull_events(client, device, cursor=0):
    response = client.get("/api/v1/sync/pull", params={"cursor": cursor},
                          headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
    return PullPage.model_validate(response.json())


def event_count(settings) -> int:
    with session_scope(get_engine(settings.database_url)) as session:
        return session.execute(select(func.count()).select_from(ComplaintEventRow)).scalar_one()


def test_pages_need_a_login_and_a_wrong_password_is_refused_bilingually(client, settings):
    for path in ("/console/", "/console/complaints"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/console/login"
    add_user(settings, "admin", "admin")
    wrong = login_post(client, {"username": "admin", "password": "salah-sekali"})
    assert wrong.status_code == 401 and "Nama pengguna atau kata sandi salah." in wrong.text
    english = login_post(
        client, {"username": "admin", "password": "salah-sekali"}, url="/console/login?lang=en"
    )
    assert "Wrong user name or password." in english.text


def test_login_is_throttled_through_the_shared_table(client, settings):
    add_user(settings, "admin", "admin")
    for _ in range(settings.throttle_max_failures):
        login_post(client, {"username": "admin", "password": "salah-sekali"})
    right = login_post(client, {"username": "admin", "password": PASSWORD}, follow_redirects=False)
    assert right.status_code == 429 and "Terlalu banyak percobaan" in right.text


def test_a_session_lives_in_the_database_and_logout_ends_it(client, settings):
    user = console_login(client, settings, "admin", "admin")
    page = user.get("/console/")
    assert page.status_code == 200 and "Ringkasan" in page.text
    assert user.post("/console/logout", data={}).status_code == 403  # no CSRF token
    user.post("/console/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
    with session_scope(get_engine(settings.database_url)) as session:
        assert session.execute(select(func.count()).select_from(UserSession)).scalar_one() == 0
    assert user.get("/console/", follow_redirects=False).status_code == 303


def test_a_step_taken_in_the_console_reaches_the_device_as_dirujuk(client, settings, enroll):
    device = enroll(DESA)
    record_id, _ = push_complaint(client, device, DESA)
    cursor = pull_events(client, device).next_cursor
    user = console_login(client, settings, "admin", "admin")
    page = user.get("/console/complaints")
    assert record_id in page.text
    token = csrf_of(page.text)
    step = f"/console/complaints/{record_id}/step"
    missing = user.post(step, data={"step": "diverifikasi"})
    assert missing.status_code == 403 and event_count(settings) == 0
    skip = user.post(step, data={"step": "selesai", "csrf": token})
    assert skip.status_code == 400 and "tidak bisa" in skip.text and event_count(settings) == 0
    assert user.post(step, data={"step": "diverifikasi", "csrf": token},
                       follow_redirects=False).status_code == 303  # fmt: skip
    no_dest = user.post(step, data={"step": "dirujuk", "csrf": token})
    assert no_dest.status_code == 400 and "Rujukan perlu tujuan" in no_dest.text
    user.post(step, data={"step": "dirujuk", "referral": "Dinsos", "csrf": token})
    page = pull_events(client, device, cursor)
    assert [(e.record_id, e.step.value) for e in page.events] == [
        (record_id, "diverifikasi"),
        (record_id, "dirujuk"),
    ]
    assert page.events[-1].referral == "Dinsos" and page.events[-1].by == "user:admin"


def test_a_tksk_sees_and_moves_only_their_kecamatan(client, settings, enroll):
    mine, _ = push_complaint(client, enroll(DESA), DESA, 1)
    other, _ = push_complaint(client, enroll(OTHER_KEC_DESA), OTHER_KEC_DESA, 2)
    user = console_login(client, settings, "tksk.selat", "tksk", "62.03.01")
    page = user.get("/console/complaints")
    assert mine in page.text and other not in page.text
    refused = user.post(f"/console/complaints/{other}/step", data={"step": "diverifikasi", "csrf": csrf_of(page.text)})  # fmt: skip
    assert refused.status_code == 404 and event_count(settings) == 0


def test_overdue_complaints_come_first(client, settings, enroll):
    device = enroll(DESA)
    fresh, _ = push_complaint(client, device, DESA, 1)
    old, _ = push_complaint(client, device, DESA, 2)
    event = device.change("ev-old", {"complaint_id": old, "step": "diterima", "at": "2026-01-02T03:00:00Z"},
                          kind="complaint_event", form_id="", form_version=0)  # fmt: skip
    client.post("/api/v1/sync/push", json=device.batch([event]), headers=device.headers)
    user = console_login(client, settings, "admin", "admin")
    html = user.get("/console/complaints").text
    assert html.index(old) < html.index(fresh)
    assert re.search(rf'class="overdue" data-id="{old}"', html)
    assert not re.search(rf'class="overdue" data-id="{fresh}"', html)


def test_public_status_shows_status_and_dates_only(client, settings, enroll):
    record_id, reference = push_complaint(client, enroll(DESA), DESA)
    page = client.get("/status", params={"ref": reference, "code": status_code(record_id)})
    assert page.status_code == 200 and "diterima" in page.text
    assert record_id not in page.text and DESA not in page.text
    refused = client.get("/status", params={"ref": "TIDAK-ADA"})
    assert refused.status_code == 400 and "Periksa nomornya" in refused.text  # no digits: not a number at all
    for _ in range(40):
        last = client.get("/status", params={"ref": reference, "code": status_code(record_id)})
    assert last.status_code == 429


def test_a_reference_number_belongs_to_one_complaint(client, settings, enroll):
    device = enroll(DESA)
    record_id, reference = push_complaint(client, device, DESA)
    clash = device.create(make_complaint(random.Random(9), DESA), kind="complaint", form_id="pengaduan")
    clash = clash.model_copy(update={"reference": reference})
    result = client.post("/api/v1/sync/push", json=device.batch([clash]), headers=device.headers).json()
    assert result["results"][0]["status"] == "rejected"
    assert "sudah dipakai" in result["results"][0]["rejections"][0]["id"]
    pulled = {r.record_id: r.reference for r in pull_events(client, device).records}
    assert pulled == {record_id: reference}  # kept on the first complaint, served back by pull


def test_a_complaint_opens_with_what_was_reported_its_photo_and_its_steps(client, settings, enroll):
    """Before verifying or referring, the district reads the complaint itself: the answers in words (choice
    labels, not codes; in English on request), the supporting photo, and each step with who and why."""
    device = enroll(DESA)
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    sha = hashlib.sha256(photo).hexdigest()
    answers = {**make_complaint(random.Random(7), DESA), "kategori": "data_salah", "foto_bukti": sha,
               "persetujuan_berbagi": True, "urgensi": "darurat"}  # fmt: skip
    change = device.create(answers, kind="complaint", form_id="pengaduan")
    assert (
        client.post("/api/v1/sync/push", json=device.batch([change]), headers=device.headers).status_code
        == 200
    )
    record_id = change.record_id
    user = console_login(client, settings, "admin", "admin")
    listed = user.get("/console/complaints").text
    assert f'href="/console/complaints/{record_id}"' in listed
    assert 'class="category">Data salah</td>' in listed  # triage on the list: the category in words
    assert 'class="urgency">Darurat (keselamatan terancam)</td>' in listed
    page = user.get(f"/console/complaints/{record_id}")
    assert page.status_code == 200
    assert '<tr data-field="kategori"><th>Kategori pengaduan</th><td>Data salah</td>' in page.text
    assert answers["uraian"] in page.text and "<td>Ya</td>" in page.text
    assert "belum diterima server" in page.text and sha[:12] in page.text  # the photo is not uploaded yet
    client.put(f"/api/v1/attachments/{sha}", params={"offset": 0, "size": len(photo)}, content=photo,
               headers=device.headers)  # fmt: skip
    moved = user.post(f"/console/complaints/{record_id}/step", follow_redirects=False,
                      data={"step": "diverifikasi", "note": "dicek ke lapangan", "csrf": csrf_of(page.text),
                            "list": "status=diterima&page=2"})  # fmt: skip
    assert moved.headers["location"] == "/console/complaints?status=diterima&page=2"  # back to the same list
    elsewhere = user.post(f"/console/complaints/{record_id}/step", follow_redirects=False,
                          data={"step": "dirujuk", "referral": "PKH", "csrf": csrf_of(page.text),
                                "list": "https://example.org/"})  # fmt: skip
    assert elsewhere.headers["location"] == "/console/complaints"  # never anywhere else
    page = user.get(f"/console/complaints/{record_id}")
    shown = f"/console/records/{record_id}/attachments/{sha}"
    assert f'<img src="{shown}"' in page.text and user.get(shown).content == photo
    events = re.search(r'<table id="events">.*?</table>', page.text, re.S).group(0)
    assert (
        "<td>Diverifikasi</td>" in events
        and "<td>admin</td>" in events
        and "user:admin" not in events
        and "dicek ke lapangan" in events
    )
    assert "<td>Dirujuk</td>" in events and "<td>PKH</td>" in events
    english = user.get(f"/console/complaints/{record_id}", params={"lang": "en"}).text
    assert "<th>Complaint category</th><td>Wrong data</td>" in english.replace(
        '<tr data-field="kategori">', ""
    )
    tksk = console_login(client, settings, "tksk.lain", "tksk", "62.03.02")
    assert tksk.get(f"/console/complaints/{record_id}").status_code == 404


def test_a_complaint_of_a_form_version_unknown_here_still_opens_as_stored(client, settings, enroll):
    """A record whose form version this server does not know (restored from another server, say): the list
    and the page still open, the answers shown as stored instead of in words."""
    record_id, _ = push_complaint(client, enroll(DESA), DESA)
    with session_scope(get_engine(settings.database_url)) as session:
        session.execute(text("UPDATE record SET form_version = 99 WHERE id = :id"), {"id": record_id})
    user = console_login(client, settings, "admin", "admin")
    assert record_id in user.get("/console/complaints").text
    page = user.get(f"/console/complaints/{record_id}")
    assert page.status_code == 200 and '<tr data-field="kategori"><th>kategori</th>' in page.text
