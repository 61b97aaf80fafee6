"""The console's monthly DTSEN package (issue #34 item 3), on SQLite and PostgreSQL: proposals pushed by two
desa laptops in two kecamatan; the admin sees both, a TKSK only their kecamatan's; a desa laptop cannot push
a proposal of another desa; only the admin edits the layout, marks sending and imports outcomes (per-row
report on the page); the word tables have the same keys."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from server.web.dtsen_words import WORDS
from support.console_web import console_login, csrf_of

DESA, OTHER_KEC_DESA = "62.03.01.2011", "62.03.02.1001"


def _proposal(device, desa: str, name: str, nik: str, agreed: bool = True):
    answers = {"jenis": "tambah", "nama": name, "nik": nik, "desa": desa, "tanggal": "2026-11-03",
               "alasan": "Keluarga miskin baru", **({"keputusan_musdes": "disepakati_musdes"} if agreed else {})}  # fmt: skip
    return device.create(answers, kind="proposal", form_id="usulan")


def _push(client, device, changes) -> list[str]:
    answer = client.post("/api/v1/sync/push", json=device.batch(changes), headers=device.headers)
    assert answer.status_code == 200, answer.text
    return [r["status"] for r in answer.json()["results"]]


def test_the_package_is_scoped_and_only_the_admin_acts(client, settings, enroll):
    here, there = enroll(DESA), enroll(OTHER_KEC_DESA)
    assert _push(client, here, [_proposal(here, DESA, "Siti Aminah", "6203014101900002"),
                                _proposal(here, DESA, "Belum Rapat", "6203014101900003", agreed=False)]) == [
        "applied", "applied"]  # fmt: skip
    assert _push(client, there, [_proposal(there, OTHER_KEC_DESA, "Budi Jaya", "6203024101900001")]) == [
        "applied"
    ]
    assert _push(client, here, [_proposal(here, OTHER_KEC_DESA, "Bukan Desaku", "6203024101900009")]) == [
        "rejected"]  # desa scope: a laptop proposes only for its own desa  # fmt: skip

    admin = console_login(client, settings, "admin", "admin")
    html = admin.get("/console/dtsen?month=2026-11").text
    assert (
        'id="total">2<' in html
        and "Siti Aminah" in html
        and "Budi Jaya" in html
        and "Belum Rapat" not in html
    )
    tksk = console_login(client, settings, "tksk", "tksk", "62.03.01")
    html = tksk.get("/console/dtsen?month=2026-11").text
    assert 'id="total">1<' in html and "Siti Aminah" in html and "Budi Jaya" not in html
    assert 'id="mark-sent"' not in html
    book = load_workbook(io.BytesIO(tksk.get("/console/dtsen?month=2026-11&format=xlsx").content))
    assert [r[3] for r in book.active.iter_rows(values_only=True)] == ["NAMA", "Siti Aminah"]
    refused = tksk.post("/console/dtsen/sent", data={"csrf": csrf_of(html), "month": "2026-11"})
    assert refused.status_code == 403
    assert tksk.get("/console/dtsen?month=2026-13").status_code == 400

    page = admin.get("/console/dtsen?month=2026-11").text
    sent = admin.post("/console/dtsen/sent", data={"csrf": csrf_of(page), "month": "2026-11"})
    assert sent.status_code == 200 and "2 usulan ditandai dikirim" in sent.text
    csv_bytes = b"nik,hasil,desil\n6203014101900002,ditolak,\n6203000000000000,diterima,2\nabc,diterima,\n"
    done = admin.post("/console/dtsen/outcomes", data={"csrf": csrf_of(page), "month": "2026-11"},
                      files={"sheet": ("hasil.csv", csv_bytes, "text/csv")})  # fmt: skip
    assert done.status_code == 200 and "1 hasil dicatat" in done.text
    assert (
        "Baris 3, kolom nik: Tidak cocok" in done.text and "Baris 4, kolom nik: NIK atau No. KK" in done.text
    )
    bad = admin.post(
        "/console/dtsen/layout", data={"csrf": csrf_of(page), "layout": "NIK nik", "month": "2026-11"}
    )
    assert bad.status_code == 400 and "Susunan kolom tidak valid" in bad.text
    good = admin.post(
        "/console/dtsen/layout", data={"csrf": csrf_of(page), "layout": "N = nama\nK = kecamatan"}
    )
    assert good.status_code == 200
    csv_out = admin.get("/console/dtsen?month=2026-11&format=csv").content.decode("utf-8-sig").splitlines()
    assert csv_out[0] == "N,K" and len(csv_out) == 3


def test_the_words_tables_have_the_same_keys():
    assert WORDS["id"].keys() == WORDS["en"].keys()
