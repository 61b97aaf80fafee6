"""The complaints work list on SQLite and PostgreSQL (issue 30): paged in SQL with its true count, filtered by
step, area (inside the user's scope), overdue, urgency and category, searched by reference however typed; a
step is taken on the complaint's own page and lands back on the same filtered list; rejecting needs a reason
and a confirmation, and a refusal is the complaint's page with the message."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from server.crud import worklist
from tests.test_console_admin import received_days_ago
from tests.test_console_web import (
    DESA,
    OTHER_KEC_DESA,
    console_login,
    csrf_of,
    event_count,
    push_complaint,
)

DESA_B = "62.03.01.1006"  # another desa of the same kecamatan


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="[^"]*" data-id="([^"]+)"', html)


def total(html: str) -> int:
    return int(re.search(r'<p id="count">(\d+)', html).group(1))


def all_pages(user, query: str) -> tuple[list[str], int]:  # noqa: ANN001
    """Every row the list shows over all its pages, following its own "next" links, and the count it states."""
    seen, html = [], user.get(f"/console/complaints?{query}").text
    count = total(html)
    while True:
        seen += rows(html)
        link = re.search(r'rel="next" href="([^"]+)"', html)
        if not link:
            return seen, count
        html = user.get(link.group(1).replace("&amp;", "&")).text


def test_paging_counts_and_scope(client, settings, enroll, monkeypatch):
    monkeypatch.setattr(worklist, "PAGE_SIZE", 3)
    a, b, c = enroll(DESA), enroll(DESA_B), enroll(OTHER_KEC_DESA)
    mine = [push_complaint(client, a, DESA, n)[0] for n in range(1, 6)]
    mine += [push_complaint(client, b, DESA_B, n)[0] for n in range(6, 8)]
    other = [push_complaint(client, c, OTHER_KEC_DESA, n)[0] for n in range(8, 10)]
    tksk = console_login(client, settings, "tksk.selat", "tksk", "62.03.01")
    seen, count = all_pages(tksk, "")
    assert count == len(seen) == 7 and sorted(seen) == sorted(mine)  # three pages, no row twice or missing
    seen, count = all_pages(tksk, f"area={DESA_B}")
    assert count == len(seen) == 2
    # an area outside the TKSK's scope is ignored: never a way to see another kecamatan
    seen, _ = all_pages(tksk, f"area={OTHER_KEC_DESA}")
    assert not set(seen) & set(other) and len(seen) == 7
    admin = console_login(client, settings, "admin", "admin")
    seen, count = all_pages(admin, "")
    assert count == len(seen) == 9


def test_filters_and_reference_search(client, settings, enroll):
    device = enroll(DESA)
    old, ref_old = push_complaint(client, device, DESA, 1)
    fresh, _ = push_complaint(client, device, DESA, 2)
    received_days_ago(client, device, old, 40)
    user = console_login(client, settings, "admin", "admin")
    html = user.get("/console/complaints?overdue=1").text
    assert rows(html) == [old] and total(html) == 1
    html = user.get("/console/complaints?status=diterima").text
    assert sorted(rows(html)) == sorted([old, fresh]) and "Diterima" in html
    assert rows(user.get("/console/complaints?status=selesai").text) == []
    typed = " ".join(re.sub(r"[^0-9A-Z]", "", ref_old).lower()[i : i + 4] for i in range(0, 24, 4))
    html = user.get("/console/complaints", params={"q": typed}).text
    assert rows(html) == [old], typed
    assert rows(user.get("/console/complaints", params={"q": ref_old.replace("-", " - ")}).text) == [old]
    assert rows(user.get("/console/complaints", params={"sort": "age"}).text)[0] == old
    # words, not codes: the desa's name and the category's label from the form
    table = re.search(r'<table id="complaints">.*</table>', html, re.S).group(0)
    assert "Diterima" in table and ">diterima<" not in table
    assert not re.search(r">(belum_terdaftar|bantuan_tidak_diterima|data_salah|permintaan_layanan)<", table)


def test_acting_lands_back_on_the_same_filtered_list(client, settings, enroll):
    device = enroll(DESA)
    old, _ = push_complaint(client, device, DESA, 1)
    received_days_ago(client, device, old, 40)
    user = console_login(client, settings, "admin", "admin")
    listing = user.get(f"/console/complaints?area={DESA}&overdue=1&sort=age").text
    link = re.search(rf'href="(/console/complaints/{old}[^"]*)"', listing).group(1).replace("&amp;", "&")
    page = user.get(link)
    assert page.status_code == 200
    carried = re.search(r'name="list" value="([^"]*)"', page.text).group(1).replace("&amp;", "&")
    done = user.post(f"/console/complaints/{old}/step", follow_redirects=False,
                     data={"step": "diverifikasi", "csrf": csrf_of(page.text), "list": carried})  # fmt: skip
    assert done.status_code == 303
    where = urlsplit(done.headers["location"])
    assert where.path == "/console/complaints"
    assert parse_qs(where.query) == {"area": [DESA], "overdue": ["1"], "sort": ["age"]}
    # a "list" value naming another site is reduced to the list's own keys
    evil = user.post(f"/console/complaints/{old}/step", follow_redirects=False,
                     data={"step": "dirujuk", "referral": "Dinsos", "csrf": csrf_of(page.text),
                           "list": "//evil.example/?x=1"})  # fmt: skip
    assert evil.headers["location"] == "/console/complaints"


def test_rejecting_needs_a_reason_and_a_confirmation(client, settings, enroll):
    record_id, _ = push_complaint(client, enroll(DESA), DESA, 1)
    user = console_login(client, settings, "admin", "admin")
    page = user.get(f"/console/complaints/{record_id}").text
    # the step select never offers rejecting: it has its own form with a required reason and confirmation
    select = re.search(r'<select name="step"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert "ditolak" not in select and re.search(r'<option value="">', select)
    assert re.search(r'<textarea name="note" required', page) and 'name="confirm" value="1" required' in page
    step, token = f"/console/complaints/{record_id}/step", csrf_of(page)
    no_reason = user.post(step, data={"step": "ditolak", "confirm": "1", "csrf": token})
    assert no_reason.status_code == 400 and "Penolakan perlu alasan." in no_reason.text
    assert 'id="reject-form"' in no_reason.text  # the complaint's own page, not a bare error page
    unconfirmed = user.post(step, data={"step": "ditolak", "note": "Bukan wewenang dinas", "csrf": token})
    assert unconfirmed.status_code == 400 and "Centang konfirmasi" in unconfirmed.text
    assert event_count(settings) == 0
    done = user.post(step, data={"step": "ditolak", "note": "Bukan wewenang dinas", "confirm": "1",
                                 "csrf": token}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and event_count(settings) == 1
    html = user.get("/console/complaints?status=ditolak").text
    assert rows(html) == [record_id] and "Ditolak" in html


def test_new_deadlines_move_the_overdue_filter(client, settings, enroll):
    """The work list's due dates are stored, so the district changing its deadlines rewrites them."""
    device = enroll(DESA)
    record_id, _ = push_complaint(client, device, DESA, 1)
    received_days_ago(client, device, record_id, 5)  # past the default 3 days to verify
    user = console_login(client, settings, "admin", "admin")
    assert rows(user.get("/console/complaints?overdue=1").text) == [record_id]
    form = user.get("/console/deadlines").text
    saved = user.post("/console/deadlines", follow_redirects=False,
                      data={"verify_days": "10", "refer_days": "7", "close_days": "30", "csrf": csrf_of(form)})  # fmt: skip
    assert saved.status_code == 303
    assert rows(user.get("/console/complaints?overdue=1").text) == []
    assert rows(user.get("/console/complaints").text) == [record_id]
