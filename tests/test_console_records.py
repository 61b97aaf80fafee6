"""The console's records pages on SQLite and PostgreSQL: the paged search (name with spelling variants, NIK,
No. KK, desa), a household with its members, history, flags and attachments (held and missing), scope
(a TKSK sees their kecamatan), and the audited XLSX/CSV exports of what a list shows."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import select

from server.core.db import get_engine, session_scope
from server.crud import records
from server.models import Audit, Record
from server.web.export import _cell
from support.console_seed import DESA_OTHER, KECAMATAN, NIK_RIZKI, seed_console, tiny_png
from support.console_web import console_login


@pytest.fixture
def seeded(client, settings):
    return seed_console(client, settings)


def no_kk_of(settings, record_id):
    with session_scope(get_engine(settings.database_url)) as session:
        return session.get(Record, record_id).fields["no_kk"]


def exports(settings):
    with session_scope(get_engine(settings.database_url)) as session:
        return [(a.actor, a.target, a.area, a.detail) for a in
                session.execute(select(Audit).where(Audit.action == "export").order_by(Audit.id)).scalars()]  # fmt: skip


def listed(html: str, seeded) -> set[str]:
    return {label for label, record_id in seeded.households.items() if f'data-id="{record_id}"' in html}


def test_records_pages_need_a_login(client):
    for path in ("/console/records", "/console/records/x", "/console/records/x/attachments/ab",
                 "/console/records?format=xlsx", "/console/complaints/export"):  # fmt: skip
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/console/login", path


def test_search_by_name_variant_nik_no_kk_and_desa(client, settings, seeded):
    user = console_login(client, settings, "admin", "admin")
    page = lambda **q: user.get("/console/records", params=q).text  # noqa: E731
    assert listed(page(), seeded) == {"rizki", "muhamad", "rizky", "lain", "imported"}
    assert listed(page(q="Nurhaliza"), seeded) == {"rizki", "muhamad"}  # "Nur Haliza" in rizki's household
    assert listed(page(q="muhamad rizki"), seeded) == {
        "rizki",
        "muhamad",
    }  # Muhammad Rizki meets Muhamad Rizki
    assert listed(page(q=NIK_RIZKI), seeded) == {"rizki", "rizky"}
    kk = no_kk_of(settings, seeded.households["lain"])
    assert listed(page(q=kk), seeded) == {"lain"}
    assert listed(page(desa=DESA_OTHER), seeded) == {"lain"}
    assert listed(page(q="Mambulau"), seeded) == {"lain"}  # the desa's name
    assert listed(page(q="tidak ada orang begini"), seeded) == set()
    assert "Household records" in user.get("/console/records?lang=en").text


def test_the_list_is_paged(client, settings, seeded, monkeypatch):
    monkeypatch.setattr(records, "PAGE_SIZE", 2)
    user = console_login(client, settings, "admin", "admin")
    seen = []
    for number in (1, 2, 3):
        html = user.get("/console/records", params={"p": number}).text
        seen.append(listed(html, seeded))
        assert ('id="next-page"' in html) == (number < 3)
    assert [len(s) for s in seen] == [2, 2, 1] and len(set().union(*seen)) == 5


def test_a_tksk_sees_only_their_kecamatan(client, settings, seeded):
    user = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    html = user.get("/console/records").text
    assert "lain" not in listed(html, seeded) and {"rizki", "muhamad", "rizky"} <= listed(html, seeded)
    other = seeded.households["lain"]
    assert user.get(f"/console/records/{other}").status_code == 404
    assert user.get("/console/records", params={"desa": DESA_OTHER}).text.count("data-id=") == 0
    mine = user.get(f"/console/records/{seeded.households['rizki']}")
    assert mine.status_code == 200


def test_a_household_shows_members_history_flags_and_attachments(client, settings, seeded):
    user = console_login(client, settings, "admin", "admin")
    rizki = seeded.households["rizki"]
    html = user.get(f"/console/records/{rizki}").text
    for text in ("Muhammad Rizki", NIK_RIZKI, "Nur Haliza", "Belum punya NIK", "KTP salah cetak, akta lahir 1979",
                 "Data dibuat", "Data diubah", "Catatan petugas", "Atap bocor di dapur"):  # fmt: skip
        assert text in html, text
    # words, not codes: no action codes, device ids or field paths; times in the desa's zone
    assert ">record.update<" not in html and "device:" not in html and "anggota[" not in html
    assert "conflicts=" not in html and " WIB</td>" in html
    assert "Muhammad Rizki: Tanggal lahir" in html  # a member's field, as the question
    assert 'class="missing"' not in html
    answers = re.search(r'<details id="all-answers">.*?</details>', html, re.S).group(0)
    # every answer in words: the desa by name, a choice by its label, a member's answers under their number
    assert re.search(r'data-field="alamat/desa"><th>Desa/kelurahan</th><td>[^<(]+ \(62\.', answers)
    assert "<th>Anggota rumah tangga 1 — Nama lengkap</th><td>Muhammad Rizki</td>" in answers
    assert re.search(
        r"<th>Anggota rumah tangga 2 — [^<]+</th><td>Belum punya NIK</td>", answers
    )  # a choice's label
    assert "_pos" not in answers and "foto_rumah" not in answers  # no bookkeeping, photos shown apart
    photo = user.get(f"/console/records/{rizki}/attachments/{records_photo(settings, rizki)}")
    assert (
        photo.status_code == 200
        and photo.content == tiny_png()
        and photo.headers["content-type"] == "image/png"
    )
    muhamad = user.get(f"/console/records/{seeded.households['muhamad']}").text
    assert "foto_rumah" in muhamad and "belum diterima server" in muhamad
    english = user.get(f"/console/records/{seeded.households['muhamad']}?lang=en").text
    assert "not received by the server yet" in english
    imported = user.get(f"/console/records/{seeded.households['imported']}?lang=id").text
    assert "Data impor, perlu verifikasi" in imported and "verifikasi di lapangan" in imported
    missing = f"/console/records/{seeded.households['muhamad']}/attachments/{'0' * 64}"
    assert user.get(missing).status_code == 404
    assert user.get("/console/records/no-such-record").status_code == 404


def records_photo(settings, record_id):
    with session_scope(get_engine(settings.database_url)) as session:
        return session.get(Record, record_id).fields["foto_rumah"]


def test_exports_write_what_the_list_shows_and_are_audited(client, settings, seeded):
    user = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    xlsx = user.get("/console/records", params={"q": NIK_RIZKI, "format": "xlsx"})
    assert xlsx.status_code == 200 and "attachment;" in xlsx.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "No. KK" and rows[0][6] == "Diperbarui (WIB)" and len(rows) == 3
    # the header row styled and frozen, dates as dates
    assert (
        sheet.freeze_panes == "A2" and sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("0B5D5B")
    )
    assert isinstance(rows[1][6], datetime) and sheet["G2"].number_format == "dd-mm-yyyy hh:mm"
    assert {r[7] for r in rows[1:]} == {seeded.households["rizki"], seeded.households["rizky"]}
    csv_text = user.get("/console/records", params={"format": "csv"}).content.decode("utf-8-sig")
    assert (
        csv_text.splitlines()[0].startswith("No. KK,Kepala keluarga")
        and seeded.households["lain"] not in csv_text
    )
    complaints = user.get("/console/complaints/export", params={"format": "csv"})
    lines = complaints.content.decode("utf-8-sig").splitlines()
    assert (
        lines[1].startswith(seeded.complaints["old"][1]) and ",ya," in lines[1] and ",Diterima," in lines[1]
    )  # overdue first, as on screen; the status in words
    assert lines[2].startswith(seeded.complaints["fresh"][1])
    logged = exports(settings)
    # the whole-list exports are streamed: their rows are not counted before they are sent
    assert [(target, detail["format"], detail.get("rows", "streamed")) for _, target, _, detail in logged] == [
        ("list:records", "xlsx", "streamed"), ("list:records", "csv", "streamed"),
        ("list:complaints", "csv", "streamed")]  # fmt: skip
    assert all(actor == "user:tksk.selat" and area == KECAMATAN for actor, _, area, _ in logged)
    assert NIK_RIZKI not in repr(logged)  # the search text (a NIK) is never logged


def test_an_export_cell_is_never_a_formula():
    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("Siti") == "Siti" and _cell(3) == 3
