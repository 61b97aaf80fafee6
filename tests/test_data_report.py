"""A person's data report (UU 27/2022), on SQLite and PostgreSQL: the admin's PDF holds the person's answers in
words, the complaint naming them (without its reporter), the service they received and the photo's listing,
and every access made in the test — console views, a laptop's opening, an export of their area — by name and
time; another member's data and another person's complaint stay out. Only an admin may make it, and making it
is audited."""

from __future__ import annotations

import io
import random
import subprocess
from datetime import date

from pypdf import PdfReader
from sqlalchemy import text

from forms.samples import make_complaint, make_household
from server.core.db import get_engine, session_scope
from support.care import member_of, service
from support.console_web import DESA, KECAMATAN, console_login
from support.server_db import push
from sync.protocol import AuditEntry, AuditUpload, ResultStatus
from sync.reference import make_reference


def pushed(client, device, change):
    assert push(client, device, [change]).results[0].status is ResultStatus.APPLIED, change
    return change.record_id


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_the_report_holds_what_is_kept_about_the_person_and_every_access(client, settings, enroll, tmp_path):
    device = enroll(DESA)
    answers = make_household(random.Random(5), DESA, date(2026, 11, 1), serial=5)
    (mid, person), (_, other) = member_of(answers, 0), member_of(answers, 1)
    person["nama"] = answers["kepala_keluarga"] = "Ratna Laporanpribadi"
    other["nama"] = "Bukan Diminta"
    household = pushed(client, device, device.create(answers))
    pushed(client, device, device.create(service(household, mid, DESA, "aslut", catatan="diantar petugas"),
                                         kind="service", form_id="service"))  # fmt: skip
    about_her = {**make_complaint(random.Random(1), DESA), "subjek_nik": person["nik"],
                 "pelapor_jenis": "warga", "pelapor_nama": "Tetangga Pelapor"}  # fmt: skip
    complaint = device.create(about_her, kind="complaint", form_id="pengaduan")
    pushed(client, device, complaint.model_copy(update={"reference": make_reference(DESA, 1, 1)}))
    someone_else = {**make_complaint(random.Random(2), DESA), "subjek_nama": "Orang Lain Sekali"}
    other_complaint = device.create(someone_else, kind="complaint", form_id="pengaduan")
    pushed(client, device, other_complaint.model_copy(update={"reference": make_reference(DESA, 1, 2)}))
    # A laptop opened her household; the console looked at her; the district exported her desa's households.
    upload = AuditUpload(device_id=device.device_id, entries=[AuditEntry(
        seq=1, at="2026-12-02T01:30:00Z", operator="ani", action="open", record_id=household)])  # fmt: skip
    assert (
        client.post(
            "/api/v1/sync/audit", json=upload.model_dump(mode="json"), headers=device.headers
        ).status_code
        == 200
    )
    admin = console_login(client, settings, "kepala.dinsos", "admin")
    assert admin.get(f"/console/persons/{household}/{mid}").status_code == 200
    assert admin.get("/console/records?format=csv").status_code == 200

    tksk = console_login(client, settings, "tksk.selat", "tksk", KECAMATAN)
    assert tksk.get(f"/console/persons/{household}/{mid}/laporan.pdf").status_code == 403  # admins only
    missing = admin.get(f"/console/persons/{household}/no-such-member/laporan.pdf")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.text

    page = admin.get(f"/console/persons/{household}/{mid}")
    assert (
        'id="data-report"' in page.text
        and 'id="data-report"' not in tksk.get(f"/console/persons/{household}/{mid}").text
    )
    answer = admin.get(f"/console/persons/{household}/{mid}/laporan.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    said = pdf_text(answer.content)
    for expected in ("Laporan data pribadi", "Ratna Laporanpribadi", person["nik"], "Rumah tangga", "Pengaduan",
                     "Layanan", "diantar petugas", "dibuka di laptop", "perangkat #", "(ani)", "dilihat di konsol",
                     "pengguna kepala.dinsos", "daftar diekspor", "WIB"):  # fmt: skip
        assert expected in said, expected
    for absent in ("Bukan Diminta", other["nik"], "Tetangga Pelapor", "Orang Lain Sekali"):
        assert absent not in said, absent
    with session_scope(get_engine(settings.database_url)) as session:
        made = session.execute(text("SELECT actor FROM audit WHERE action = 'person.report'")).scalars().all()
    assert made == ["user:kepala.dinsos"]
    out = tmp_path / "laporan.pdf"
    out.write_bytes(answer.content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True)  # fmt: skip
    assert list(tmp_path.glob("page*.png"))  # it renders
