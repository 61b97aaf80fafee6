"""The console's audit page (UU 27/2022), on SQLite and PostgreSQL: every row a user may read, newest first
with the true count, filtered by record, user, device, action and dates; a laptop's own rows among them; a
TKSK reads only their kecamatan's rows; the export is itself audited; odd filters are ignored, never a 500."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from sqlalchemy import text

from forms.samples import make_household
from server.core.db import get_engine, session_scope
from support.console_web import DESA, KECAMATAN, OTHER_KEC_DESA, console_login
from support.server_db import push
from sync.protocol import AuditEntry, AuditUpload, ResultStatus


def rows_of(html: str) -> list[str]:
    """The actions of the rows on the page, as stored (data-action)."""
    return re.findall(r'<tr data-action="([^"]+)"', html)


def total(html: str) -> int:
    return int(re.search(r'id="count"[^>]*>\D*(\d[\d.,]*)', html).group(1).replace(".", "").replace(",", ""))


def test_the_audit_page_filters_and_keeps_each_user_to_their_area(client, settings, enroll):
    device, far = enroll(DESA), enroll(OTHER_KEC_DESA)
    change = device.create(make_household(random.Random(1), DESA, date(2026, 11, 1)))
    assert push(client, device, [change]).results[0].status is ResultStatus.APPLIED
    push(client, far, [far.create(make_household(random.Random(2), OTHER_KEC_DESA, date(2026, 11, 1)))])
    upload = AuditUpload(device_id=device.device_id, entries=[AuditEntry(
        seq=1, at="2026-12-02T01:30:00Z", operator="ani", action="open", record_id=change.record_id)])  # fmt: skip
    client.post("/api/v1/sync/audit", json=upload.model_dump(mode="json"), headers=device.headers)
    admin = console_login(client, settings, "kepala.dinsos", "admin")
    admin.get(f"/console/records/{change.record_id}")  # household.view

    page = admin.get("/console/audit")
    assert page.status_code == 200 and "<title>Audit akses data" in page.text
    shown = rows_of(page.text)
    with session_scope(get_engine(settings.database_url)) as session:
        stored = session.execute(text("SELECT count(*) FROM audit")).scalar_one()
    assert total(page.text) == stored and len(shown) == min(stored, 50)  # the true count; a page of 50
    assert "dibuka di laptop" in page.text and "perangkat #" in page.text and "(ani)" in page.text

    mine = rows_of(admin.get(f"/console/audit?person={change.record_id}").text)
    assert set(mine) >= {"laptop.open", "household.view"} and "login" not in mine
    assert set(rows_of(admin.get("/console/audit?user=kepala.dinsos").text)) <= {
        "login",
        "household.view",
        "audit.view",
    }
    assert rows_of(admin.get(f"/console/audit?device={device.device_id}&action=laptop").text) == [
        "laptop.open"
    ]
    yesterday = (date.today() - timedelta(days=3)).isoformat()
    assert rows_of(admin.get(f"/console/audit?to={yesterday}&action=household").text) == []
    for odd in ("from=garbage", "page=abc", "to=2026-13-45", "person=%00'%22", "action=" + "x" * 500):
        assert admin.get(f"/console/audit?{odd}").status_code in (200, 400), odd

    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    theirs = tksk.get("/console/audit").text
    assert "laptop.open" in rows_of(theirs)
    with session_scope(get_engine(settings.database_url)) as session:
        areas = set(session.execute(text("SELECT DISTINCT area FROM audit")).scalars())
    assert OTHER_KEC_DESA in areas  # the other kecamatan has rows...
    other = console_login(client, settings, "tksk.lain", "tksk", "62.03.02")
    assert (
        rows_of(other.get(f"/console/audit?person={change.record_id}").text) == []
    )  # ...and cannot see ours
    assert "laptop.open" not in rows_of(other.get("/console/audit").text)

    sheet = admin.get(f"/console/audit?person={change.record_id}&format=csv")
    assert sheet.status_code == 200 and "dibuka di laptop" in sheet.text
    with session_scope(get_engine(settings.database_url)) as session:
        assert (
            session.execute(
                text("SELECT count(*) FROM audit WHERE action = 'export' AND target = 'list:audit'")
            ).scalar_one()
            == 1
        )
