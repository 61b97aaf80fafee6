"""Complaints screen: a complaint registered through the `pengaduan` form appears with its status, its receipt
PDF carries the reference number (read back with pypdf), the district's steps show on the timeline, and an
overdue complaint is marked and listed first."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget

from app.services import complaints, records
from app.store import projections
from app.ui.main_window import MainWindow
from forms.samples import make_complaint, villages_of
from support.store import make_store, session_for
from sync.protocol import ComplaintStep


def _w(root, cls, name):
    found = root.findChild(cls, name)
    assert found is not None, name
    return found


def _pick(qtbot, combo: QComboBox, value) -> None:
    target = combo.findData(value)
    assert target >= 0, value
    combo.setFocus()
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)


def _type(qtbot, root, name: str, text: str) -> None:
    edit = _w(root, QWidget, name + "_edit")  # a QLineEdit, or a QPlainTextEdit for the description
    edit.setFocus()
    # ASCII only: non-ASCII keyClicks aborts the process (docs/development.md#non-ascii-keyclicks)
    qtbot.keyClicks(edit, text)


def _window(qtbot, data_dir, store):
    session = session_for(store, data_dir)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("Pengaduan")
    return window, session


def test_register_complaint_and_save_its_receipt(qtbot, data_dir, tmp_path):
    store = make_store(data_dir)
    desa = villages_of(store.area)[0]
    window, _session = _window(qtbot, data_dir, store)
    view = window.complaints_view
    qtbot.waitUntil(lambda: view.count.text() != "")
    assert view.model.rowCount() == 0

    qtbot.mouseClick(_w(view, QPushButton, "newComplaint"), Qt.MouseButton.LeftButton)
    editor = window.editors[-1]
    assert editor.form.form_id == records.COMPLAINT_FORM
    _pick(qtbot, _w(editor, QComboBox, "field_pelapor_jenis_combo"), "anonim")
    _type(qtbot, editor, "field_subjek_nama", "Siti Aminah")
    region = editor.findChild(QWidget, "field_desa")
    region.set_value(desa)  # the region cascade itself is exercised in test_ui_form
    region.edited.emit()
    _pick(qtbot, _w(editor, QComboBox, "field_kategori_combo"), "bantuan_tidak_diterima")
    _type(qtbot, editor, "field_uraian", "Keluarga lansia belum menerima bantuan sembako")
    _pick(qtbot, _w(editor, QComboBox, "field_urgensi_combo"), "biasa")
    _pick(qtbot, _w(editor, QComboBox, "field_persetujuan_berbagi_combo"), True)
    with (
        qtbot.waitSignal(editor.saved, timeout=10_000) as saved,
        qtbot.waitSignal(view.loaded, timeout=10_000),
    ):
        qtbot.mouseClick(_w(editor, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    record_id = saved.args[0]

    assert view.model.rowCount() == 1
    row = view.rows[0]
    assert row.record_id == record_id and row.status == "diterima" and not row.overdue
    assert row.reference and view.model.item(0, 0).text() == row.reference
    shown = [view.model.item(0, c).text() for c in range(view.model.columnCount())]
    assert "Bantuan tidak diterima / jumlah salah" in shown and "bantuan_tidak_diterima" not in shown
    assert view.select(record_id)
    qtbot.waitUntil(lambda: view.timeline.events.count() == 1)
    assert "Diterima" in view.timeline.events.item(0).text()
    assert _w(view, QPushButton, "saveReceipt").isEnabled()

    pdf = tmp_path / "tanda-terima.pdf"
    with qtbot.waitSignal(view.receipt_saved, timeout=10_000):
        view.save_receipt(record_id, pdf)
    page = PdfReader(pdf).pages[0]
    text = page.extract_text().replace("\t", " ")
    assert row.reference in text
    assert "lansia belum menerima bantuan" in text
    assert "Siti Aminah" in text
    assert (
        "Bantuan tidak diterima / jumlah salah" in text and "bantuan_tidak_diterima" not in text
    )  # words, not a code
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("DejaVu" in f for f in fonts), fonts
    audit = store.db.reader().execute("SELECT count(*) FROM audit WHERE action = 'receipt' AND record_id = ?",
                                      (record_id,)).fetchone()[0]  # fmt: skip
    assert audit == 1


def test_district_steps_on_the_timeline_and_overdue_first(qtbot, data_dir):
    store = make_store(data_dir)
    desa = villages_of(store.area)[0]
    rng = random.Random(5)
    old = records.save_complaint(store, make_complaint(rng, desa, date(2026, 11, 1)))
    fresh = records.save_complaint(store, make_complaint(rng, desa, date(2026, 11, 1)))
    long_ago = (datetime.now(UTC) - timedelta(days=5)).isoformat()
    with (
        store.db.transaction() as conn
    ):  # an old complaint, then the district's verification (as a pull does)
        conn.execute("UPDATE complaint SET received_at = ?, status_at = ? WHERE record_id = ?",
                     (long_ago, long_ago, old.record_id))  # fmt: skip
        conn.execute("UPDATE complaint_event SET at = ? WHERE record_id = ?", (long_ago, old.record_id))
        projections.add_event(conn, fresh.record_id, ComplaintStep.DIVERIFIKASI, datetime.now(UTC).isoformat(),
                              note="Data dicek petugas", origin="server", by="dinsos")  # fmt: skip
    window, _session = _window(qtbot, data_dir, store)
    view = window.complaints_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert view.rows[0].record_id == old.record_id and view.rows[0].overdue  # past the 3-day verification
    assert "TERLAMBAT" in view.model.item(0, 1).text()
    assert not view.rows[1].overdue and view.rows[1].status == "diverifikasi"
    view.select(fresh.record_id)
    qtbot.waitUntil(lambda: view.timeline.events.count() == 2)
    last = view.timeline.events.item(1).text()
    assert "Diverifikasi" in last and "kabupaten" in last and "Data dicek petugas" in last


def test_deadlines_follow_the_slrt_steps():
    received = "2026-11-01T00:00:00+00:00"
    assert complaints.next_deadline("diterima", received, received).date() == date(2026, 11, 4)
    verified = "2026-11-02T00:00:00+00:00"
    assert complaints.next_deadline("diverifikasi", received, verified).date() == date(2026, 11, 9)
    assert complaints.next_deadline("dirujuk", received, verified).date() == date(2026, 12, 1)
    assert complaints.next_deadline("selesai", received, verified) is None


def test_a_hidden_list_reloads_only_when_shown(qtbot, data_dir):
    store = make_store(data_dir)
    desa = villages_of(store.area)[0]
    window, session = _window(qtbot, data_dir, store)
    view = window.complaints_view
    qtbot.waitUntil(lambda: view.count.text() != "")
    window.show_page("Pengaturan")
    assert not view.isVisible()
    loads = []
    view.loaded.connect(lambda: loads.append(1))
    complaint = make_complaint(random.Random(8), desa, date(2026, 11, 1))
    with qtbot.waitSignal(session.runner.changed, timeout=10_000):
        session.runner.write(lambda: records.save_complaint(store, complaint))
    session.runner.wait_idle()
    QApplication.processEvents()  # any reload's answer, had one started, reaches the UI thread here
    session.runner.wait_idle()
    QApplication.processEvents()
    assert loads == [] and view.model.rowCount() == 0  # hidden: only marked stale
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page("Pengaduan")
    assert view.model.rowCount() == 1
