"""Reports screen over a real store: counts per desa and PPKS category agree with the data (table and chart),
persons without NIK and complaints by status and age are listed, and the export is masked, refused without a
reason for a full one (bilingual message, no file), and audited."""

from __future__ import annotations

import csv
import random

from openpyxl import load_workbook
from PySide6.QtWidgets import QTableWidget

from app.services import records, reports, search
from app.services.export import ExportRequest
from app.services.reports import ppks_name
from app.ui.main_window import MainWindow
from forms.samples import make_complaint, villages_of
from support.store import make_store, session_for


def _open(qtbot, data_dir, households=12, complaints=3):
    store = make_store(data_dir, households=households)
    rng = random.Random(3)
    for _ in range(complaints):
        records.save_complaint(store, make_complaint(rng, villages_of(store.area)[0]))
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.reports_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page("Laporan")
    qtbot.waitUntil(lambda: view.report is not None)
    return store, window, view


def test_counts_chart_without_nik_and_complaints(qtbot, data_dir):
    store, _window, view = _open(qtbot, data_dir)
    expected = search.counts_by_desa_and_ppks(store)
    assert expected, "the sample households have PPKS persons"
    table = view.findChild(QTableWidget, "reportByDesa")
    ppks = view.report.ppks
    shown = {}
    assert table.item(table.rowCount() - 1, 0).text() == "Semua desa"  # the totals' row
    for r in range(table.rowCount() - 1):
        desa = table.item(r, 0).text()
        for c, code in enumerate(ppks, start=2):  # after the desa and its persons
            if int(table.item(r, c).text()):
                shown[(desa, code)] = int(table.item(r, c).text())
    assert shown == {(d, k): n for d, k, n in expected}
    headers = [table.horizontalHeaderItem(c).toolTip() for c in range(2, len(ppks) + 2)]
    assert headers == [ppks_name(code) for code in ppks] and not set(headers) & set(ppks)  # names, not codes
    assert (ppks_name("lansia_terlantar"), ppks_name("lansia_terlantar", "en"), ppks_name("kode_baru")) == (
        "Lanjut Usia Terlantar", "Neglected elderly person", "kode_baru")  # fmt: skip
    series = view.chart.series()
    assert len(series) == 1
    chart_total = sum(sum(s.at(i) for i in range(s.count())) for s in series[0].barSets())
    assert chart_total == sum(n for _d, _k, n in expected)
    assert [b.label() for b in series[0].barSets()] == headers
    without = store.db.reader().execute("SELECT count(*) FROM person WHERE nik IS NULL").fetchone()[0]
    assert view.findChild(QTableWidget, "reportWithoutNik").rowCount() == min(without, 200)
    by_status = view.report.complaints_by_status
    assert sum(sum(v.values()) for v in by_status.values()) == 3
    assert by_status["diterima"]["0–3"] == 3
    assert (
        view.findChild(QTableWidget, "reportComplaints").item(0, 0).text() == "Diterima"
    )  # a label, not the code


def test_export_masked_then_full_only_with_reason(qtbot, data_dir, tmp_path):
    store, _window, view = _open(qtbot, data_dir, households=5, complaints=0)
    out = tmp_path / "daftar.csv"
    with qtbot.waitSignal(view.exported, timeout=10_000) as done:
        view.export_to(out, ExportRequest(fmt="csv"))
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert done.args[1] == len(rows) - 1 > 0
    disability = "Jenis disabilitas (jika ada)"
    assert rows[0][1] == "NIK" and disability not in rows[0]
    niks = [r[1] for r in rows[1:] if r[1]]
    assert niks and all("******" in n for n in niks)

    refused = tmp_path / "lengkap.xlsx"
    # No reason: the service refuses too, whatever the screen let through.
    view.export_to(refused, ExportRequest(full=True))
    qtbot.waitUntil(lambda: "alasan" in view.message.text())
    assert not refused.exists()

    with qtbot.waitSignal(view.exported, timeout=10_000):
        view.export_to(refused, ExportRequest(full=True, reason="Verifikasi data disabilitas oleh Dinsos"))
    sheet = load_workbook(refused).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert disability in header
    assert any(r[1] and "*" not in r[1] for r in sheet.iter_rows(min_row=2, values_only=True))
    details = [d for (d,) in store.db.reader().execute("SELECT detail FROM audit WHERE action = 'export'")]
    assert len(details) == 2 and "Verifikasi data disabilitas" in details[1]


def test_age_buckets():
    assert [reports.age_bucket(d) for d in (0, 3, 4, 7, 8, 30, 31, 400)] == [
        "0–3", "0–3", "4–7", "4–7", "8–30", "8–30", "> 30", "> 30",
    ]  # fmt: skip
