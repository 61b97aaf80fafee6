"""The whole-area exports streamed from the database (server/web/export.py, crud/person_export.py): every person
of the user's area one row each, on SQLite and PostgreSQL, audited; the households export through the same
streaming writer. (Their memory and time at a district's 1.2 million persons: bench/district.py.)"""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from server.core.db import get_engine, session_scope
from server.models import Audit, Person
from support.console_seed import DESA_OTHER, KECAMATAN, NIK_RIZKI, seed_console
from support.console_web import console_login


@pytest.fixture
def seeded(client, settings):
    return seed_console(client, settings)


def persons_in(settings, scope: str) -> int:
    with session_scope(get_engine(settings.database_url)) as session:
        return session.execute(
            select(func.count()).select_from(Person).where(Person.desa.startswith(scope))
        ).scalar_one()


def test_the_persons_export_lists_every_person_of_the_area_once(client, settings, seeded):
    user = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    text = user.get("/console/persons/export", params={"format": "csv"}).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("desa_kode,desa,no_kk,kepala_keluarga,nama,nik")
    assert len(lines) - 1 == persons_in(settings, KECAMATAN) == 7  # imported Sri Wahyuni is one of them
    assert any("Muhammad Rizki" in line and NIK_RIZKI in line for line in lines)
    assert not any(line.startswith(DESA_OTHER) for line in lines[1:])  # another kecamatan's Agus Salim
    book = openpyxl.load_workbook(io.BytesIO(user.get("/console/persons/export").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][4] == "nama" and len(rows) == len(lines)
    with session_scope(get_engine(settings.database_url)) as session:
        logged = [(a.actor, a.target, a.area, a.detail) for a in
                  session.execute(select(Audit).where(Audit.action == "export").order_by(Audit.id)).scalars()]  # fmt: skip
    assert logged == [("user:tksk.selat", "list:persons", KECAMATAN, {"format": "csv", "rows": 7}),
                      ("user:tksk.selat", "list:persons", KECAMATAN, {"format": "xlsx", "rows": 7})]  # fmt: skip


def test_the_persons_export_needs_a_login(client):
    response = client.get("/console/persons/export", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/console/login"


def test_the_households_export_streams_every_household_past_a_page(client, settings, seeded, monkeypatch):
    from server.crud import records

    monkeypatch.setattr(records, "PAGE_SIZE", 1)
    admin = console_login(client, settings, "kepala", "admin")
    lines = admin.get("/console/records", params={"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert len(lines) - 1 == 5 and seeded.households["lain"] in "\n".join(lines)
