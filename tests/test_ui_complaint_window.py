"""The complaint window as a volunteer uses it: a description of several lines, a phone typed with spaces,
and after the save the receipt number with Print and Save PDF right there; no region dropdown cut."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from app.services import records
from app.ui.complaint_editor import ComplaintEditor
from app.ui.main_window import MainWindow
from support.store import make_store, session_for

LONG_NAMES_DESA = "62.02.06.1002"  # Kabupaten Kotawaringin Timur › Mentawa Baru Ketapang › Mentawa Baru Hilir


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


def _type(qtbot, root, name: str, text: str) -> None:
    edit = _w(root, QWidget, name + "_edit")
    edit.setFocus()
    qtbot.keyClicks(edit, text)  # ASCII only (docs/development.md#non-ascii-keyclicks)


def _new_complaint(qtbot, data_dir):
    store = make_store(data_dir)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    window.show_page("Pengaduan")
    qtbot.mouseClick(_w(window.complaints_view, QPushButton, "newComplaint"), Qt.MouseButton.LeftButton)
    editor = window.editors[-1]
    qtbot.waitExposed(editor)
    return store, window, editor


def _fill(qtbot, editor, desa: str) -> None:
    _pick(qtbot, _w(editor, QComboBox, "field_pelapor_jenis_combo"), "warga")
    qtbot.wait(150)  # the form's relevance refresh shows the reporter's name and phone
    _type(qtbot, editor, "field_pelapor_nama", "Budi Santoso")
    _type(qtbot, editor, "field_pelapor_telepon", "0812 5566 7788")
    _type(qtbot, editor, "field_subjek_nama", "Siti Aminah")
    region = editor.findChild(QWidget, "field_desa")
    region.set_value(desa)  # the cascade itself is exercised in test_ui_form
    region.edited.emit()
    _pick(qtbot, _w(editor, QComboBox, "field_kategori_combo"), "bantuan_tidak_diterima")
    description = _w(editor, QPlainTextEdit, "field_uraian_edit")
    description.setFocus()
    qtbot.keyClicks(description, "Keluarga lansia belum menerima bantuan sembako.")
    qtbot.keyClick(description, Qt.Key.Key_Return)  # a second line, as a description has
    qtbot.keyClicks(description, "Sudah ditanyakan ke ketua RT.")
    _pick(qtbot, _w(editor, QComboBox, "field_urgensi_combo"), "biasa")
    _pick(qtbot, _w(editor, QComboBox, "field_persetujuan_berbagi_combo"), True)


def test_after_saving_the_window_shows_the_reference_and_gives_the_receipt(
    qtbot, data_dir, tmp_path, monkeypatch
):
    store, _window, editor = _new_complaint(qtbot, data_dir)
    assert isinstance(editor, ComplaintEditor)
    panel = _w(editor, QWidget, "receiptPanel")
    assert not panel.isVisible()  # nothing to print before the save
    _fill(qtbot, editor, LONG_NAMES_DESA)
    with qtbot.waitSignal(editor.receipt_ready, timeout=10_000) as ready:
        qtbot.mouseClick(_w(editor, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    record = store.get_record(editor.record_id)
    assert ready.args[0] == record.reference and record.reference
    assert panel.isVisible() and _w(editor, QLabel, "receiptReference").text() == record.reference
    assert record.answers["pelapor_telepon"] == "+6281255667788"  # typed with spaces, stored normalised
    assert (
        record.answers["uraian"]
        == "Keluarga lansia belum menerima bantuan sembako.\nSudah ditanyakan ke ketua RT."
    )

    pdf = tmp_path / "tanda-terima.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), "PDF (*.pdf)"))
    buttons = panel.findChild(QWidget, "receiptButtons")
    with qtbot.waitSignal(buttons.saved, timeout=10_000):
        qtbot.mouseClick(_w(panel, QPushButton, "saveReceipt"), Qt.MouseButton.LeftButton)
    text = PdfReader(pdf).pages[0].extract_text().replace("\t", " ")
    assert record.reference in text and "Budi Santoso" in text and "Mentawa Baru Hilir" in text

    opened = []

    def cancel(dialog):  # the fault injection: the system print dialog answers at once, cancelled
        opened.append(dialog)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    qtbot.mouseClick(_w(panel, QPushButton, "printReceipt"), Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and isinstance(opened[0], QPrintDialog)


def test_a_stored_complaint_opened_again_offers_its_receipt(qtbot, data_dir):
    import random
    from datetime import date

    from forms.samples import make_complaint

    store = make_store(data_dir)
    saved = records.save_complaint(
        store, make_complaint(random.Random(4), LONG_NAMES_DESA, date(2026, 11, 1))
    )
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
        window.open_record(saved.record_id)
    editor = opened.args[0]
    qtbot.waitUntil(lambda: editor.receipt_panel.isVisible(), timeout=10_000)
    assert editor.receipt_panel.reference.text() == saved.reference


def _cut(combo: QComboBox) -> bool:
    """Whether the combo shows its current text elided (the text is wider than the box's text area)."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) > field.width()


def test_no_region_dropdown_is_cut_in_the_complaint_window(qtbot, data_dir):
    _store, _window, editor = _new_complaint(qtbot, data_dir)
    region = editor.findChild(QWidget, "field_desa")
    region.set_value(LONG_NAMES_DESA)
    qtbot.wait(50)  # layouts settle
    combos = [c for c in region.findChildren(QComboBox) if c.isVisible()]
    shown = [c.currentText() for c in combos]
    assert "Kabupaten Kotawaringin Timur" in shown and "Mentawa Baru Ketapang" in shown
    assert [c.currentText() for c in combos if _cut(c)] == []
    scroll = editor.scroll
    assert (
        not scroll.horizontalScrollBar().isVisible()
    )  # not made to fit by widening the form past the window
