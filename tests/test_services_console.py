"""The district's view of what was done for each person (issue #31), on SQLite and PostgreSQL, against the
hand-counted fixture of tests/support/care.py: coverage and the SPM report equal the figures counted by hand
(two records confirmed as one person count once), the SPM PDF read back, a person's page with one timeline
across the linked records (audited), the unserved and overdue lists, exports audited, and a recipients' list
imported by NIK then name + birth date with its unmatched rows reported per row."""

from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from server.core.db import get_engine, session_scope
from server.crud.duplicates import decide
from server.crud.recipients import import_recipients
from server.models import Audit, CareRow, Person
from server.web.care_words import WORDS
from support.care import fixture_care, fixture_households, member_of
from support.console_web import console_login

DESA = "62.03.01.2011"
NOV = "start=2026-11-01&end=2026-11-30"


@pytest.fixture
def fixture(client, settings, enroll):
    device = enroll(DESA)
    households = fixture_households(DESA)
    changes = {n: device.create(h) for n, h in households.items()}
    persons = {n: (changes[n].record_id, member_of(h)[0]) for n, h in households.items()}
    care = [device.create(a, kind=form, form_id=form) for form, a in fixture_care(persons, DESA)]
    answer = client.post(
        "/api/v1/sync/push", json=device.batch([*changes.values(), *care]), headers=device.headers
    )
    assert answer.status_code == 200, answer.text
    assert [r["status"] for r in answer.json()["results"]] == ["applied"] * 10, answer.text
    with session_scope(get_engine(settings.database_url)) as session:
        decide(session, scope="", one=persons[1], two=persons[5], decision="linked", actor="user:admin")
    return persons


def audits(settings, action: str) -> list[tuple[str, str]]:
    with session_scope(get_engine(settings.database_url)) as session:
        return [(a.target, (a.detail or {}).get("format", "")) for a in
                session.execute(select(Audit).where(Audit.action == action).order_by(Audit.id)).scalars()]  # fmt: skip


def cells(html: str, table: str) -> list[list[str]]:
    import re

    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S) if "<td" in row]  # fmt: skip


def test_coverage_and_spm_equal_the_hand_count_with_a_linked_pair_counted_once(client, settings, fixture):
    admin = console_login(client, settings, "admin", "admin")
    page = admin.get(f"/console/coverage?{NOV}")
    assert page.status_code == 200
    html = page.text
    assert 'id="ppks-total">4<' in html and 'id="ppks-served">2<' in html  # P1=P5, P2, P3, P4; P1=P5 and P3
    rows = {r[0]: r[1:3] for r in cells(html, "by-category")}
    assert rows == {
        "Lanjut Usia Terlantar": ["2", "1"],
        "Gelandangan": ["2", "1"],
        "Fakir Miskin": ["1", "0"],
    }
    services = {r[0]: r[1] for r in cells(html, "by-service")}
    assert sorted(services.values()) == ["1", "1", "1"] and len(services) == 3  # ASLUT, PBI-JK, ATENSI

    spm = {r[0]: r[1:3] for r in cells(admin.get(f"/console/spm?{NOV}").text, "spm")}
    words = WORDS["id"]
    assert len(spm) == 5
    assert spm["Rehabilitasi sosial dasar lanjut usia terlantar"] == ["2", "1"]
    assert spm["Rehabilitasi sosial dasar gelandangan dan pengemis"] == ["2", "1"]
    assert spm["Rehabilitasi sosial dasar penyandang disabilitas terlantar"] == ["0", "0"]
    whole_year = {
        r[0]: r[1:3] for r in cells(admin.get("/console/spm?start=2026-01-01&end=2026-12-31").text, "spm")
    }
    assert whole_year["Rehabilitasi sosial dasar lanjut usia terlantar"] == ["2", "2"]  # P2's September ASLUT

    pdf = admin.get(f"/console/spm?{NOV}&format=pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert words["spm"] in text and "2026-11-01 - 2026-11-30" in text
    assert "Rehabilitasi sosial dasar lanjut usia terlantar 2 1 50,0%" in text
    book = openpyxl.load_workbook(io.BytesIO(admin.get(f"/console/spm?{NOV}&format=xlsx").content))
    assert [list(r) for r in book.active.iter_rows(values_only=True)][1:3] == [
        ["Rehabilitasi sosial dasar penyandang disabilitas terlantar", 0, 0],
        ["Rehabilitasi sosial dasar anak terlantar", 0, 0]]  # fmt: skip
    exported = admin.get(f"/console/coverage?{NOV}&format=csv")
    assert exported.status_code == 200 and "Gelandangan" in exported.text
    assert audits(settings, "export") == [("spm:pdf", "pdf"), ("list:spm", "xlsx"), ("list:coverage", "csv")]


def test_a_persons_page_shows_one_timeline_across_the_linked_records(client, settings, fixture):
    admin = console_login(client, settings, "admin", "admin")
    for one, other in ((fixture[5], fixture[1]), (fixture[1], fixture[5])):
        html = admin.get(f"/console/persons/{one[0]}/{one[1]}").text
        timeline = cells(html, "timeline")
        kinds = [r[1] for r in timeline]
        assert kinds.count("Layanan") == 2 and kinds.count("Pendaftaran") == 2
        assert f'href="/console/persons/{other[0]}/{other[1]}"' in html
        assert [r[0] for r in timeline if r[1] == "Layanan"] == ["2026-11-05", "2026-11-02"]
    assert len(audits(settings, "person.view")) == 2
    assert admin.get("/console/persons/nobody/none").status_code == 404
    tksk = console_login(client, settings, "tksk", "tksk", "62.03.02")  # another kecamatan
    assert tksk.get(f"/console/persons/{fixture[1][0]}/{fixture[1][1]}").status_code == 404


def test_unserved_and_overdue_lists_per_desa_exported_and_audited(client, settings, fixture):
    admin = console_login(client, settings, "admin", "admin")
    html = admin.get("/console/care/unserved?months=6&today=2026-12-08").text
    assert [r[1] for r in cells(html, "care-list")] == [fixture_name(settings, fixture[4])]
    html = admin.get("/console/care/unserved?months=2&today=2026-12-08").text
    assert len(cells(html, "care-list")) == 2  # P2's September service is older than two months
    overdue = cells(admin.get("/console/care/overdue?today=2026-12-08").text, "care-list")
    assert [(r[2], r[3], r[4]) for r in overdue] == [("2026-11-01", "2026-11-20", "18")]
    assert admin.get("/console/care/unserved?months=99").status_code == 400
    assert admin.get("/console/care/overdue?today=kemarin").status_code == 400
    book = openpyxl.load_workbook(
        io.BytesIO(admin.get("/console/care/overdue?today=2026-12-08&format=xlsx").content)
    )
    assert list(book.active.iter_rows(values_only=True))[1][-1] == 18
    assert audits(settings, "export") == [("list:overdue_visits", "xlsx")]


def fixture_name(settings, person) -> str:
    with session_scope(get_engine(settings.database_url)) as session:
        from server.crud.care import names_of

        return names_of(session, [person])[person]


def test_a_recipients_list_makes_services_by_nik_then_name_and_birth_date(
    client, settings, fixture, tmp_path
):
    with session_scope(get_engine(settings.database_url)) as session:
        p2 = session.get(Person, fixture[2])
        p4 = session.get(Person, fixture[4])
    name4 = fixture_name(settings, fixture[4])
    listed = tmp_path / "aslut.csv"
    listed.write_text("nik;nama;tanggal_lahir;tanggal;jumlah\n"
                      f"{p2.nik};;;2026-11-15;600.000\n"
                      f";{name4.upper()};{p4.birth_date};2026-11-16;\n"
                      "3201010101010001;Orang Lain;1950-01-01;2026-11-16;\n"
                      f"{p2.nik};;;besok;\n", encoding="utf-8")  # fmt: skip
    with session_scope(get_engine(settings.database_url)) as session:
        report = import_recipients(session, path=listed, service="aslut", actor="user:admin")
    assert report.persons == 2 and report.refused_rows == [4, 5]
    assert [p.code for p in report.problems] == ["no_match", report.problems[1].code]
    assert report.problems[0].message("en").startswith("Row 4, column nik:")
    with session_scope(get_engine(settings.database_url)) as session:
        rows = session.execute(select(CareRow.household_id, CareRow.source, CareRow.code).where(
            CareRow.date >= "2026-11-15")).all()  # fmt: skip
        again = import_recipients(session, path=listed, service="aslut", actor="user:admin")
    assert sorted(rows) == sorted(
        [(fixture[2][0], "impor_daftar", "aslut"), (fixture[4][0], "impor_daftar", "aslut")]
    )
    assert (again.persons, again.skipped_existing) == (0, 2)
    admin = console_login(client, settings, "admin", "admin")
    assert 'id="ppks-served">4<' in admin.get(f"/console/coverage?{NOV}").text


def test_the_care_pages_have_the_same_words_in_both_languages():
    assert set(WORDS["id"]) == set(WORDS["en"])
    assert all(WORDS["id"][k] and WORDS["en"][k] for k in WORDS["id"])


def test_a_service_on_both_linked_records_counts_one_person(client, settings, enroll, fixture):
    from server.crud.care import coverage
    from support.care import service

    device = enroll(DESA)
    more = device.create(
        service(*fixture[1], DESA, "pbi_jk", "2026-11-06"), kind="service", form_id="service"
    )
    assert (
        client.post("/api/v1/sync/push", json=device.batch([more]), headers=device.headers).status_code == 200
    )
    with session_scope(get_engine(settings.database_url)) as session:
        found = coverage(session, scope="", start="2026-11-01", end="2026-11-30")
    assert found.by_service == {"aslut": 1, "pbi_jk": 1, "atensi": 1}  # P1 and P5 both had PBI-JK: one person
    assert (found.ppks_total, found.ppks_served) == (4, 2)
