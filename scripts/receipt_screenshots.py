"""Screenshots of the receipt and the complaint window after a save, for the README.

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/receipt_screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        .venv/bin/python scripts/receipt_screenshots.py

Writes docs/screenshots/receipt-pdf.png and receipt-pdf-en.png (the PDF's A5 page rasterised by poppler's
pdftoppm at 150 dpi), receipt-complaint-window.png (the whole 1366×768 screen with the complaint window as
the volunteer sees it after a save) and receipt-complaints-list.png (the list with Print beside Save PDF);
under QT_SCALE_FACTOR=1.25 the two screens as *-125.png. A throwaway enrolled data dir: nothing real."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QPlainTextEdit, QWidget  # noqa: E402
from ui_screenshots import OUT, PASSWORD, settle  # noqa: E402

from app.services import complaints, lifecycle, records  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.receipt import render_receipt_pdf  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402
from app.ui.translations import apply_language  # noqa: E402
from forms.samples import make_complaint  # noqa: E402
from sync.protocol import EnrollAnswer  # noqa: E402

DESA = "62.02.06.1002"  # Mentawa Baru Hilir, Kabupaten Kotawaringin Timur: long names
SERVER = "https://jaring.kotimkab.go.id"


def page_png(pdf: Path, name: str) -> None:
    out = OUT / name
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(out.with_suffix(""))], check=True
    )
    print(out.relative_to(ROOT))


def receipts(store) -> None:
    answers = make_complaint(random.Random(11), DESA, date(2026, 12, 7))
    answers.update(pelapor_jenis="warga", pelapor_nama="Budi Santoso", pelapor_telepon="0812 5566 7788",
                   subjek_nama="Siti Aminah", kategori="bantuan_tidak_diterima", urgensi="biasa",
                   uraian="Keluarga lansia (dua orang) belum menerima bantuan sembako sejak September.\n"
                          "Sudah ditanyakan ke ketua RT dan ke kantor desa, belum ada jawaban.")  # fmt: skip
    saved = records.save_complaint(store, answers)
    printed = datetime(2026, 12, 7, 7, 5, tzinfo=UTC)
    with store.db.transaction() as conn:  # received at the same moment it is printed, as at the desk
        conn.execute(
            "UPDATE complaint SET received_at = ? WHERE record_id = ?", (printed.isoformat(), saved.record_id)
        )
    with tempfile.TemporaryDirectory() as tmp:
        for lang, name in (("id", "receipt-pdf.png"), ("en", "receipt-pdf-en.png")):
            apply_language(lang)
            info = complaints.receipt(store, saved.record_id, lang=lang)
            page_png(render_receipt_pdf(info, Path(tmp) / f"{lang}.pdf", printed=printed), name)
    apply_language("id")


def pick(combo: QComboBox, value) -> None:
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def shoot_screen(name: str) -> None:
    shot = QApplication.primaryScreen().grabWindow(0)
    path = OUT / name
    shot.save(str(path))
    print(path.relative_to(ROOT), shot.width(), "x", shot.height())


def complaints_list(window: MainWindow, name: str) -> None:
    """The complaints list with one chosen: Print receipt… beside Save PDF…."""
    room = QApplication.primaryScreen().availableGeometry()
    window.setGeometry(room)  # no window manager under Xvfb to maximise it
    window.show()
    window.show_page("Pengaduan")
    view = window.complaints_view
    settle(lambda: view.model.rowCount() > 0)
    view.select(view.rows[0].record_id)
    settle(lambda: view.timeline.events.count() > 0)
    shoot_screen(name)


def complaint_window(session: Session, name: str) -> MainWindow:
    window = MainWindow(session)
    window.showMaximized()
    window.show_page("Pengaduan")
    editor = window.new_complaint()
    settle()
    find = editor.findChild
    pick(find(QComboBox, "field_pelapor_jenis_combo"), "warga")
    settle()
    QTest.keyClicks(find(QWidget, "field_pelapor_nama_edit"), "Budi Santoso")
    QTest.keyClicks(find(QWidget, "field_pelapor_telepon_edit"), "0812 5566 7788")
    QTest.keyClicks(find(QWidget, "field_subjek_nama_edit"), "Siti Aminah")
    region = find(QWidget, "field_desa")
    region.set_value(DESA)
    region.edited.emit()
    pick(find(QComboBox, "field_kategori_combo"), "bantuan_tidak_diterima")
    description = find(QPlainTextEdit, "field_uraian_edit")
    QTest.keyClicks(description, "Keluarga lansia belum menerima bantuan sembako sejak September.")
    QTest.keyClick(description, Qt.Key.Key_Return)
    QTest.keyClicks(description, "Sudah ditanyakan ke ketua RT, belum ada jawaban.")
    pick(find(QComboBox, "field_urgensi_combo"), "biasa")
    pick(find(QComboBox, "field_persetujuan_berbagi_combo"), True)
    editor.save()
    settle(lambda: editor.receipt_panel.isVisible())
    editor.scroll.ensureWidgetVisible(region)
    editor.raise_()
    editor.activateWindow()
    settle()
    shoot_screen(name)
    editor.close()
    return window


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    scaled = os.environ.get("QT_SCALE_FACTOR", "1") not in ("", "1")
    with tempfile.TemporaryDirectory(prefix="jaring-receipt-shots-") as tmp:
        data_dir = Path(tmp)
        store, _code = lifecycle.create_store(data_dir, "Sari Wulandari", PASSWORD)
        store.apply_enrollment(EnrollAnswer(device_id="dev-shots", device_number=3, token="t", area=DESA,
                                                        server_sign_key="x", server_box_key="y"), server_url=SERVER)  # fmt: skip
        if not scaled:
            receipts(store)
        session = Session(data_dir, store, Runner())
        suffix = "-125" if scaled else ""
        window = complaint_window(session, f"receipt-complaint-window{suffix}.png")
        complaints_list(window, f"receipt-complaints-list{suffix}.png")
        window.close()
        session.runner.wait_idle()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
