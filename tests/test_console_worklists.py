"""The console's work lists besides complaints on SQLite and PostgreSQL (issue 30): review flags, duplicate
pairs, persons without NIK and devices are paged with their true count (every row once over all pages), filtered
by area inside the user's scope and by their own kind, acted on in bulk within the scope only, and acting lands
back on the same filtered page; opening a household writes an audit row."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from server.core.db import get_engine, session_scope
from server.crud import lists, person_search
from server.crud.erasure import erase
from server.models import Audit, PersonLink, PersonWord, Record, ReviewFlagRow
from support.console_lists import import_heads
from support.console_seed import ConsoleSeeder, add_complaint
from support.console_web import console_login, csrf_of, push_complaint

KEC, OTHER_KEC = "62.03.01", "62.03.02"
DESA_A, DESA_B, DESA_OTHER = "62.03.01.2011", "62.03.01.1006", "62.03.02.1001"


def db(settings):
    return session_scope(get_engine(settings.database_url))


def every_page(user, path: str, query: str, pattern: str) -> tuple[list[str], int]:
    """Every row over all the list's pages (following its own "next" links) and the count it states."""
    html = user.get(f"{path}?{query}").text
    count = int(re.search(r'<p id="count" role="status">(\d+)', html).group(1))
    seen = []
    while True:
        seen += re.findall(pattern, html)
        link = re.search(r'rel="next" href="([^"]+)"', html)
        if not link:
            return seen, count
        html = user.get(link.group(1).replace("&amp;", "&")).text


@pytest.fixture
def heads(client, settings, monkeypatch):
    """7 households in kecamatan 62.03.01 (5 in DESA_A, 2 in DESA_B), 3 in another; two name pairs inside the
    kecamatan, one across kecamatan."""
    monkeypatch.setattr(lists, "PAGE_SIZE", 3)
    names = ("Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurnia", "Eka Putri")
    rows = [(DESA_A, name, f"1970-01-0{n}") for n, name in enumerate(names, start=1)]
    rows += [(DESA_B, "Ani Lestari", "1970-01-01"), (DESA_B, "Budi Santoso", "1970-01-02")]
    rows += [(DESA_OTHER, "Fajar Hidayat", "1980-02-02"), (DESA_OTHER, "Gita Maharani", "1980-02-02")]
    rows += [(DESA_OTHER, "Citra Dewi", "1970-01-03")]
    import_heads(settings, rows)
    return rows


FLAG_ROW = r'<tr data-id="([^"]+)" data-code="imported">'
PAIR_ROW = r'class="pair" id="pair-\d+" data-a="([^"]+)"'
NO_NIK_ROW = r'<tr data-id="([^"]+)">'


def test_review_flags_paged_filtered_and_scoped(client, settings, heads):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    seen, count = every_page(tksk, "/console/quality/review", "", FLAG_ROW)
    assert count == len(seen) == len(set(seen)) == 7
    seen, count = every_page(tksk, "/console/quality/review", f"area={DESA_B}&kind=imported", FLAG_ROW)
    assert count == len(seen) == 2
    seen, _ = every_page(tksk, "/console/quality/review", f"area={DESA_OTHER}", FLAG_ROW)
    assert len(seen) == 7  # an area outside the scope is dropped, never a way into another kecamatan
    admin = console_login(client, settings, "admin", "admin")
    assert every_page(admin, "/console/quality/review", "", FLAG_ROW)[1] == 10


def test_review_flags_resolved_in_bulk_within_scope_and_back_to_the_same_place(client, settings, heads):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    html = tksk.get(f"/console/quality/review?area={DESA_A}&page=2").text
    mine = re.findall(FLAG_ROW, html)
    with db(settings) as session:
        other = (
            session.execute(select(ReviewFlagRow.record_id).where(ReviewFlagRow.area == DESA_OTHER))
            .scalars()
            .first()
        )
    picked = [f"{r}|imported" for r in mine] + [f"{other}|imported"]
    done = tksk.post("/console/quality/flags/resolve-many", follow_redirects=False,
                     data={"csrf": csrf_of(html), "flag": picked, "back": f"area={DESA_A}&page=2&evil=http://x"})  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == f"/console/quality/review?area={DESA_A}&page=2&msg=bulk_resolved#list"
    with db(settings) as session:
        left = set(session.execute(select(ReviewFlagRow.record_id)).scalars())
        assert not set(mine) & left and other in left  # the other kecamatan's flag untouched
        assert [f["code"] for f in session.get(Record, other).review_flags] == ["imported"]
        assert all(session.get(Record, r).review_flags == [] for r in mine)
        audited = session.execute(
            select(func.count()).where(Audit.action == "review_flag.resolve")
        ).scalar_one()
        assert audited == len(mine) == 2
    assert (
        tksk.post("/console/quality/flags/resolve-many", data={"flag": picked}).status_code == 403
    )  # no CSRF
    assert every_page(tksk, "/console/quality/review", "", FLAG_ROW)[1] == 5


def test_duplicate_pairs_filtered_scoped_and_decided_in_bulk(client, settings, heads):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    seen, count = every_page(tksk, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)
    assert count == len(seen) == 2  # the pair across kecamatan is the district's, not the TKSK's
    seen, count = every_page(tksk, "/console/quality/duplicates", "kind=nik", PAIR_ROW)
    assert count == len(seen) == 0
    admin = console_login(client, settings, "admin", "admin")
    seen, count = every_page(admin, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)
    assert count == len(seen) == 3
    html = admin.get("/console/quality/duplicates?kind=name_birth&page=1").text
    picked = [p.replace("&amp;", "&") for p in re.findall(r'name="pair" value="([^"]+)"', html)]
    assert len(picked) == 3
    refused = tksk.post(
        "/console/quality/duplicates/decide-many",
        data={
            "csrf": csrf_of(tksk.get("/console/quality/duplicates").text),
            "pair": picked,
            "decision": "dismissed",
        },
    )
    assert refused.status_code == 403  # deciding is the district admin's
    done = admin.post(
        "/console/quality/duplicates/decide-many",
        follow_redirects=False,
        data={"csrf": csrf_of(html), "pair": picked[:2], "decision": "dismissed", "back": "kind=name_birth"},
    )
    assert done.headers["location"] == "/console/quality/duplicates?kind=name_birth&msg=bulk_dismissed#list"
    with db(settings) as session:
        assert session.execute(select(func.count()).select_from(PersonLink)).scalar_one() == 2
    seen, count = every_page(admin, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)
    assert count == len(seen) == 1


def test_persons_without_nik_paged_filtered_by_area_and_reason(client, settings, heads):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    seen, count = every_page(tksk, "/console/quality/no-nik", "", NO_NIK_ROW)
    assert count == len(seen) == len(set(seen)) == 7
    seen, count = every_page(tksk, "/console/quality/no-nik", f"area={DESA_B}&sort=name", NO_NIK_ROW)
    assert count == len(seen) == 2
    reasons = set(re.findall(r'data-reason="([^"]*)"', tksk.get("/console/quality/no-nik").text))
    for reason in reasons - {""}:
        seen, count = every_page(tksk, "/console/quality/no-nik", f"kind={reason}", NO_NIK_ROW)
        assert count == len(seen) and count > 0
    admin = console_login(client, settings, "admin", "admin")
    assert every_page(admin, "/console/quality/no-nik", "", NO_NIK_ROW)[1] == 10


def test_opening_a_household_is_audited(client, settings, heads):
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    with db(settings) as session:
        mine = session.execute(select(Record.id).where(Record.area == DESA_A)).scalars().first()
        other = session.execute(select(Record.id).where(Record.area == DESA_OTHER)).scalars().first()
    assert tksk.get(f"/console/records/{mine}").status_code == 200
    assert tksk.get(f"/console/records/{other}").status_code == 404
    with db(settings) as session:
        rows = session.execute(
            select(Audit.actor, Audit.target, Audit.area).where(Audit.action == "household.view")
        ).all()
    assert rows == [("user:tksk.selat", f"record:{mine}", DESA_A)]


def test_records_and_devices_lists_are_paged_within_scope(client, settings, heads, enroll):
    for area in (DESA_A, DESA_A, DESA_B, DESA_B, DESA_OTHER):
        enroll(area)
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    seen, count = every_page(tksk, "/console/devices", "", r'<tr data-device="([^"]+)"')
    assert count == len(seen) == len(set(seen)) == 4
    seen, count = every_page(
        tksk, "/console/devices", f"area={DESA_B}&kind=active", r'<tr data-device="([^"]+)"'
    )
    assert count == len(seen) == 2
    html = tksk.get("/console/records", params={"desa": KEC, "sort": "desa", "flagged": "1"}).text
    assert 'id="total">7<' in html


def test_lists_follow_new_records_after_they_were_first_built(client, settings, heads):
    admin = console_login(client, settings, "admin", "admin")
    assert every_page(admin, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)[1] == 3
    import_heads(
        settings,
        [(DESA_B, "Dedi Kurnia", "1970-01-04"), (DESA_A, "Hana Pertiwi", "1990-09-09")],
        first_serial=500,
    )
    assert every_page(admin, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)[1] == 4
    assert every_page(admin, "/console/quality/review", "", FLAG_ROW)[1] == 12


def test_a_complaint_is_assigned_and_listed_as_my_task(client, settings, enroll):
    device = enroll(DESA_A)
    first, _ = push_complaint(client, device, DESA_A, 1)
    second, _ = push_complaint(client, device, DESA_A, 2)
    console_login(client, settings, "tksk.lain", "tksk", OTHER_KEC)
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    html = tksk.get(f"/console/complaints/{first}?list=status%3Dopen").text
    assert 'id="assigned">Belum ada<' in html and "tksk.lain" not in html  # only who may handle its area
    refused = tksk.post(
        f"/console/complaints/{first}/assign", data={"csrf": csrf_of(html), "username": "tksk.lain"}
    )
    assert refused.status_code == 400
    done = tksk.post(f"/console/complaints/{first}/assign", follow_redirects=False,
                     data={"csrf": csrf_of(html), "username": "tksk.selat", "list": "status=open"})  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].endswith("?list=status%3Dopen#assign")
    mine = tksk.get("/console/complaints?assigned=me").text
    assert re.findall(r'<tr class="[^"]*" data-id="([^"]+)"', mine) == [first]
    assert re.findall(
        r'<tr class="[^"]*" data-id="([^"]+)"', tksk.get("/console/complaints?assigned=none").text
    ) == [second]
    assert 'id="assigned">tksk.selat<' in tksk.get(f"/console/complaints/{first}").text
    with db(settings) as session:
        assert (
            session.execute(select(func.count()).where(Audit.action == "complaint.assign")).scalar_one() == 1
        )
    # a step rebuilds the list's row: the assignment stays
    html = tksk.get(f"/console/complaints/{first}").text
    tksk.post(f"/console/complaints/{first}/step", data={"csrf": csrf_of(html), "step": "diverifikasi"})
    assert first in tksk.get("/console/complaints?assigned=me").text


def test_a_name_search_lists_persons_best_first_whatever_the_order(client, settings, heads):
    import_heads(settings, [(DESA_A, "Wati Rahman", "1991-01-01"), (DESA_B, "Rahman Wati", "1992-02-02"),
                            (DESA_A, "Siti Rahmawati Lestari", "1993-03-03"), (DESA_OTHER, "Wati Rahman", "1994-04-04")],
                 first_serial=700)  # fmt: skip
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    html = tksk.get("/console/persons", params={"q": "Rahman Wati"}).text
    names = re.findall(r'<tr data-id="[^"]+"><td>([^<]+)</td>', html)
    assert names[:2] == ["Rahman Wati", "Wati Rahman"]  # as typed first, then the words reversed
    assert "Siti Rahmawati Lestari" not in names or names.index("Siti Rahmawati Lestari") > 1
    assert len(names) == int(re.search(r'<p id="count" role="status">(\d+)', html).group(1))
    assert "Lestari" not in " ".join(names[:2])
    # a person, not a household: the member found with their household; outside the scope not at all
    assert html.count('<tr data-id="') == len(names) and "1994-04-04" not in html
    admin = console_login(client, settings, "admin", "admin")
    assert (
        "1994-04-04" in admin.get("/console/persons", params={"q": "wati rahm"}).text
    )  # the start of a word
    assert "<tr data-id=" not in admin.get("/console/persons", params={"q": "Zulkarnain"}).text


def test_every_person_is_exported_streamed_in_chunks_within_scope(client, settings, heads, monkeypatch):
    monkeypatch.setattr(person_search, "KEYSET_CHUNK", 2)  # several chunks for a few persons
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    lines = tksk.get("/console/persons?format=csv").content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Nama,NIK,Jenis kelamin,Tanggal lahir") and len(lines) == 1 + 7
    assert len({line.split(",")[-1] for line in lines[1:]}) == 7  # every person once
    assert "Fajar Hidayat" not in "\n".join(lines)  # another kecamatan's
    xlsx = tksk.get("/console/persons", params={"format": "xlsx", "area": DESA_B})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 2 and sheet.freeze_panes == "A2" and isinstance(rows[1][3], datetime)
    with db(settings) as session:
        logged = session.execute(select(Audit.target, Audit.detail).where(Audit.action == "export")).all()
    assert [(target, detail["streamed"]) for target, detail in logged] == [("list:persons", True)] * 2


def test_complaints_assigned_in_bulk_within_scope_and_back_to_the_list(client, settings, enroll):
    device = enroll(DESA_A)
    mine = [push_complaint(client, device, DESA_A, n)[0] for n in (1, 2)]
    seeder = ConsoleSeeder(client, settings)
    other = add_complaint(seeder, seeder.enroll("lain", DESA_OTHER), DESA_OTHER, 3, None)
    tksk = console_login(client, settings, "tksk.selat", "tksk", KEC)
    html = tksk.get("/console/complaints?status=open").text
    done = tksk.post(
        "/console/complaints/assign-many",
        follow_redirects=False,
        data={
            "csrf": csrf_of(html),
            "complaint": [*mine, other],
            "username": "tksk.selat",
            "list": "status=open",
        },
    )
    assert done.headers["location"] == "/console/complaints?status=open&msg=bulk_assigned#complaints"
    mine_now = re.findall(
        r'<tr class="[^"]*" data-id="([^"]+)"', tksk.get("/console/complaints?assigned=me").text
    )
    assert sorted(mine_now) == sorted(mine)  # the other kecamatan's complaint was skipped
    admin = console_login(client, settings, "admin", "admin")
    assert other in admin.get("/console/complaints?assigned=none").text


def test_an_erased_household_leaves_no_trace_in_the_lists(client, settings, heads):
    admin = console_login(client, settings, "admin", "admin")
    assert "Ani Lestari" in admin.get("/console/persons", params={"q": "ani lestari"}).text  # tables built
    with db(settings) as session:
        ani = session.execute(select(Record.id).where(Record.area == DESA_B)).scalars().all()
        erase(
            session,
            list(ani),
            reason="permintaan warga",
            legal_basis="UU 27/2022 Pasal 8",
            actor="user:admin",
        )
    html = admin.get("/console/persons", params={"q": "ani lestari"}).text
    assert html.count("<tr data-id=") == 1  # only the one in the other desa
    assert every_page(admin, "/console/quality/review", f"area={DESA_B}", FLAG_ROW)[1] == 0
    assert (
        every_page(admin, "/console/quality/duplicates", "kind=name_birth", PAIR_ROW)[1] == 1
    )  # Citra's only
    with db(settings) as session:
        for model in (ReviewFlagRow, PersonWord):
            assert not session.execute(select(model).where(model.record_id.in_(ani))).first(), model
