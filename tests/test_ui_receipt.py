"""The receipt a citizen takes home, read back as a reader would: the PDF's text sizes from the page's text
positions (pypdf), the page rendered to PNG by poppler's pdftoppm to see where the ink is and that the
signature lines are drawn; the header names the places, the status page's address is there, dates are
written as at home; and the Print button opens the system's print dialog."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPageSize
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from app.services import complaints, records
from app.ui.main_window import MainWindow
from app.ui.receipt import render_receipt_pdf
from app.ui.receipt_text import when_text
from app.ui.translations import apply_language
from forms.samples import make_complaint
from support.store import make_store, session_for
from sync.protocol import EnrollAnswer
from sync.reference import status_code

DESA = "62.03.01.2011"  # Pulau Telo, Kecamatan Selat, Kabupaten Kapuas
SERVER = "https://jaring.kapuaskab.go.id"
PRINTED = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)  # 14.05 WIB


def _complaint(store, summary: str | None = None):
    answers = make_complaint(random.Random(3), DESA, date(2026, 11, 1))
    answers.update(pelapor_jenis="warga", pelapor_nama="Budi Santoso", pelapor_telepon="0812 5566 7788",
                   subjek_nama="Siti Aminah", kategori="bantuan_tidak_diterima")  # fmt: skip
    answers["uraian"] = summary or "Keluarga lansia belum menerima bantuan sembako sejak tiga bulan."
    return records.save_complaint(store, answers)


def _enrolled(data_dir):
    store = make_store(data_dir, operator="Sari Wulandari")
    store.apply_enrollment(EnrollAnswer(device_id="dev-1", device_number=3, token="t", area=DESA,
                                                    server_sign_key="x", server_box_key="y"), server_url=SERVER)  # fmt: skip
    return store


def _spans(pdf: Path) -> list[tuple[str, float, float]]:
    """(text, size in points, height above the page's foot in points) of every text run on page 1."""
    found = []

    def visit(text, cm, tm, _font, size):
        if not text.strip():
            return
        a, b, c, d, e, f = tm
        scale = (c * cm[1] + d * cm[3]) ** 2 + (c * cm[0] + d * cm[2]) ** 2  # the y axis of tm × cm
        y = e * cm[1] + f * cm[3] + cm[5]
        found.append((text.replace("\t", " "), size * scale**0.5, y))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


def _png(pdf: Path, dpi: int = 100) -> QImage:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
                   check=True, capture_output=True)  # fmt: skip
    image = QImage(str(pdf.with_suffix(".png")))
    assert not image.isNull()
    return image


def _ink_rows(image: QImage) -> list[list[bool]]:
    """Per pixel row, which pixels are dark (the page in grey, read a row at a time)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width = grey.width()
    return [[v < 128 for v in bytes(grey.constScanLine(y))[:width]] for y in range(grey.height())]


def _long_runs(row: list[bool], min_length: int) -> int:
    """How many unbroken dark runs of at least `min_length` pixels a row holds."""
    runs = run = 0
    for dark in row:
        run = run + 1 if dark else 0
        runs += run == min_length
    return runs


def test_the_receipt_is_readable_and_fills_an_a5_page(data_dir, tmp_path, qapp):
    store = _enrolled(data_dir)
    saved = _complaint(store)
    info = complaints.receipt(store, saved.record_id)
    pdf = render_receipt_pdf(info, tmp_path / "receipt.pdf", printed=PRINTED)

    page = PdfReader(pdf).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (420, 595)  # A5 in points
    spans = _spans(pdf)
    text = " ".join(t for t, _s, _y in spans)
    sizes = Counter(round(s, 1) for _t, s, _y in spans for _word in _t.split())
    assert min(sizes) >= 9.0, sizes  # nothing small print
    body = sizes.most_common(1)[0][0]
    assert 10.0 <= body <= 11.0, sizes
    title = next(s for t, s, _y in spans if "TANDA TERIMA PENGADUAN" in t)
    reference = next(s for t, s, _y in spans if saved.reference in t)
    assert title >= 14 and reference >= title

    assert "PUSKESOS DESA PULAU TELO" in text
    assert "Kecamatan Selat" in text and "Kabupaten Kapuas" in text and "Kalimantan Tengah" in text
    assert "62.03" not in text  # names, never codes
    assert f"{SERVER}/status" in text and "Cek status" in text
    code = status_code(saved.record_id)  # what the public status page asks for beside the number
    assert f"Kode status: {code[:3]} {code[3:]}" in text
    assert "Bantuan tidak diterima / jumlah salah" in text
    assert "Pelapor," in text and "Petugas penerima," in text
    assert "Budi Santoso" in text and "Sari Wulandari" in text  # the reporter and the officer, by name
    assert "Pulau Telo, 7 Desember 2026" in text and "Dicetak 7 Desember 2026, 14.05 WIB" in text
    assert re.search(r"\b\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|"
                     r"Desember) \d{4}, \d{2}\.\d{2} WIB\b", text)  # fmt: skip
    assert not re.search(r"\b(19|20)\d\d-[01]\d-[0-3]\d\b", text.replace(saved.reference, ""))  # no ISO dates

    # The page is used: the header near the top, the signatures and footer near the foot.
    heights = [y for _t, _s, y in spans]
    assert max(heights) > height * 0.85 and min(heights) < height * 0.10

    image = _png(pdf)
    assert abs(image.width() / image.height() - width / height) < 0.01
    rows = _ink_rows(image)
    inked = [y for y, row in enumerate(rows) if any(row)]
    assert inked[0] < len(rows) * 0.12 and inked[-1] > len(rows) * 0.92  # from the top to the foot
    signature_rows = [
        y for y, row in enumerate(rows) if y > len(rows) * 0.75 and _long_runs(row, image.width() // 3) == 2
    ]
    assert signature_rows, "two signature lines side by side at the foot of the page"


def test_the_dates_are_written_as_at_home(qapp):
    assert when_text(PRINTED, "WIB", "id") == "7 Desember 2026, 14.05 WIB"
    assert when_text(PRINTED, "WITA", "id") == "7 Desember 2026, 15.05 WITA"
    assert when_text(PRINTED, "WIT", "en") == "7 December 2026, 16:05 WIT"
    assert when_text(PRINTED, "WIB", "en", time=False) == "7 December 2026"


def test_a_bali_complaint_is_received_in_wita(data_dir):
    store = make_store(data_dir)
    desa = "51.71.01.1001"  # Denpasar
    saved = records.save_complaint(store, make_complaint(random.Random(6), desa, date(2026, 11, 1)))
    info = complaints.receipt(store, saved.record_id)
    assert info.zone == "WITA" and info.place.kabupaten.startswith("Kota")
    assert info.received_local.utcoffset().total_seconds() == 8 * 3600


def test_in_english_the_receipt_speaks_english(data_dir, tmp_path, qapp):
    store = _enrolled(data_dir)
    saved = _complaint(store)
    assert apply_language("en")
    try:
        info = complaints.receipt(store, saved.record_id, lang="en")
        pdf = render_receipt_pdf(info, tmp_path / "receipt-en.pdf", printed=PRINTED)
    finally:
        apply_language("id")
    text = " ".join(t for t, _s, _y in _spans(pdf))
    assert "COMPLAINT RECEIPT" in text and "Assistance not received / wrong amount" in text
    assert "Printed 7 December 2026, 14:05 WIB" in text and "Receiving officer," in text
    assert "Bantuan tidak diterima" not in text and "Desember" not in text


def test_a_practice_receipt_says_so_and_promises_no_status_page(data_dir, tmp_path, qapp):
    store = make_store(data_dir)
    saved = _complaint(store)
    info = complaints.receipt(store, saved.record_id)
    assert info.practice and info.status_url == ""
    text = " ".join(t for t, _s, _y in _spans(render_receipt_pdf(info, tmp_path / "p.pdf")))
    assert "LATIHAN — bukan pengaduan sungguhan" in text and "tidak dikirim ke kabupaten" in text
    assert "/status" not in text
    assert (
        info.status_code is None and "Kode status" not in text
    )  # a practice complaint is never on the server


def test_a_long_description_is_cut_on_its_one_page(data_dir, tmp_path, qapp):
    store = _enrolled(data_dir)
    long = " ".join(["Rumah rusak berat setelah banjir, keluarga tinggal di pengungsian."] * 60)
    saved = _complaint(store, long)
    pdf = render_receipt_pdf(complaints.receipt(store, saved.record_id), tmp_path / "long.pdf")
    assert len(PdfReader(pdf).pages) == 1
    text = " ".join(t for t, _s, _y in _spans(pdf))
    assert "…" in text and "Petugas penerima," in text and f"{SERVER}/status" in text
    assert min(s for _t, s, _y in _spans(pdf)) >= 9.0


def _list_window(qtbot, data_dir, store):
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    window.show_page("Pengaduan")
    view = window.complaints_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    return window, view


def test_print_beside_save_pdf_opens_the_print_dialog_on_a5(qtbot, data_dir, monkeypatch):
    store = _enrolled(data_dir)
    saved = _complaint(store)
    _window, view = _list_window(qtbot, data_dir, store)
    print_button = view.findChild(QPushButton, "printReceipt")
    save_button = view.findChild(QPushButton, "saveReceipt")
    assert print_button.parent() is save_button.parent()  # side by side
    assert not print_button.isEnabled()  # nothing chosen yet
    view.select(saved.record_id)
    assert print_button.isEnabled()

    opened = []

    def cancel(dialog):  # fault injection: the system print dialog answers at once, cancelled
        opened.append((dialog.objectName(), dialog.printer().pageLayout().pageSize().id()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    qtbot.mouseClick(print_button, Qt.MouseButton.LeftButton)
    assert opened == [("receiptPrintDialog", QPageSize.PageSizeId.A5)]
    audited = "SELECT count(*) FROM audit WHERE action = 'receipt'"
    assert store.db.reader().execute(audited).fetchone()[0] == 0  # cancelled: nothing was read or printed


def test_a_chosen_printer_gets_the_receipt(qtbot, data_dir, tmp_path, monkeypatch):
    store = _enrolled(data_dir)
    saved = _complaint(store)
    _window, view = _list_window(qtbot, data_dir, store)
    view.select(saved.record_id)
    printed_to = tmp_path / "printer.pdf"

    def choose(dialog):  # the volunteer picks a printer (here Qt's PDF printer) and presses Print
        dialog.printer().setOutputFileName(str(printed_to))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose)
    with qtbot.waitSignal(view.receipt_buttons.printed, timeout=10_000) as printed:
        qtbot.mouseClick(view.findChild(QPushButton, "printReceipt"), Qt.MouseButton.LeftButton)
    assert printed.args == [saved.reference]
    spans = _spans(printed_to)
    assert any(saved.reference in t for t, _s, _y in spans) and min(s for _t, s, _y in spans) >= 9.0


def test_a_folder_that_cannot_be_written_is_said_not_raised(qtbot, data_dir, tmp_path):
    store = _enrolled(data_dir)
    saved = _complaint(store)
    _window, view = _list_window(qtbot, data_dir, store)
    view.save_receipt(saved.record_id, tmp_path / "no-such-folder" / "receipt.pdf")
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "errorDialog") is not None, timeout=10_000)
    assert "tidak dapat ditulis" in view.findChild(QMessageBox, "errorDialog").text()
