"""Export (issue #27): persons or households chosen in a dialog that asks a full export's reason before the file
dialog opens; the XLSX has the form's questions as headings, answers in words, NIK and No. KK as whole text
cells wide enough for sixteen digits, dates as dates, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime as dt
import random

from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPushButton, QRadioButton

from app.services import search
from app.services.export import ExportRequest, export
from app.services.records import save_household
from app.ui.export_dialog import ExportDialog
from app.ui.main_window import MainWindow
from forms.samples import make_household, villages_of
from support.store import make_store, session_for

PERSON_HEADINGS = ["Nama lengkap", "NIK", "Apakah punya NIK?", "Jenis kelamin", "Tanggal lahir", "Desa/kelurahan",
                   "Nomor Kartu Keluarga (No. KK)", "Nama kepala keluarga", "Status anggota", "Kategori PPKS"]  # fmt: skip
HOUSEHOLD_HEADINGS = ["Nomor Kartu Keluarga (No. KK)", "Nama kepala keluarga", "Desa/kelurahan", "Alamat lengkap",
                      "Desil DTSEN (jika diketahui)", "Jumlah anggota"]  # fmt: skip


def _sheet(path):
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows())
    return sheet, [c.value for c in rows[0]], rows[1:]


def _when_modal(qtbot, kind, act, seen: list) -> None:
    """Call `act(widget)` once a modal `kind` is open (a modal dialog's exec() blocks the test until closed)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            seen.append(kind.__name__)
            act(widget)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def test_the_reason_is_asked_before_the_file_and_households_can_be_chosen(qtbot, data_dir, tmp_path):
    store = make_store(data_dir, households=6)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.reports_view
    out = tmp_path / "rumah-tangga.xlsx"
    seen: list[str] = []
    asked: dict = {}

    def fill_in(dialog: ExportDialog) -> None:
        choose = dialog.findChild(QPushButton, "exportChooseFile")
        dialog.findChild(QRadioButton, "exportHouseholds").setChecked(True)
        dialog.full.setChecked(True)
        # A full export cannot go on to the file without a reason.
        asked["without_reason"] = choose.isEnabled()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "exportReason"), "Verifikasi DTSEN oleh Dinsos")
        asked["with_reason"] = choose.isEnabled()
        _when_modal(qtbot, QFileDialog, save_as, seen)
        choose.click()

    def save_as(files: QFileDialog) -> None:
        asked["file_dialog"] = files.objectName()
        files.selectFile(str(out))
        files.accept()

    _when_modal(qtbot, ExportDialog, fill_in, seen)
    with qtbot.waitSignal(view.exported, timeout=20_000) as done:
        view.ask_export()
    assert seen == ["ExportDialog", "QFileDialog"]  # the reason first, then where to save
    assert asked == {"without_reason": False, "with_reason": True, "file_dialog": "exportFileDialog"}
    _sheet_, headings, rows = _sheet(out)
    assert headings == HOUSEHOLD_HEADINGS and done.args[1] == len(rows) == 6
    kk = [r[0] for r in rows]
    assert all(
        c.data_type == "s" and c.number_format == "@" and len(c.value) == 16 and c.value.isdigit() for c in kk
    )
    assert all(str(r[4].value).startswith("Desil ") for r in rows if r[4].value)  # a label, not "3"
    assert all(isinstance(r[5].value, int) for r in rows)
    audit = store.db.reader().execute("SELECT detail FROM audit WHERE action = 'export'").fetchall()
    assert [d for (d,) in audit] == ["households xlsx 6 rows full=True reason='Verifikasi DTSEN oleh Dinsos'"]
    view.session.runner.wait_idle()


def test_cancelling_the_dialog_asks_no_file_and_writes_nothing(qtbot, data_dir, tmp_path):
    store = make_store(data_dir, households=2)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []
    _when_modal(qtbot, ExportDialog, lambda d: d.reject(), seen)
    window.reports_view.ask_export()
    qtbot.wait(100)
    assert seen == ["ExportDialog"] and QApplication.activeModalWidget() is None
    assert store.db.reader().execute("SELECT count(*) FROM audit WHERE action = 'export'").fetchone()[0] == 0


def test_persons_xlsx_in_words_with_whole_niks_as_text(data_dir, tmp_path):
    store = make_store(data_dir, households=8)
    rng = random.Random(11)
    answers = make_household(rng, villages_of(store.area)[0], serial=90)
    head = next(m for m in answers["anggota"].values() if m["hubungan"] == "kepala")
    head["nama"] = answers["kepala_keluarga"] = '=HYPERLINK("http://x","klik")'
    save_household(store, answers)
    out = tmp_path / "orang.xlsx"
    count = export(store, out, ExportRequest(full=True, reason="verifikasi Dukcapil"))
    sheet, headings, rows = _sheet(out)
    assert headings == [*PERSON_HEADINGS, "Jenis disabilitas (jika ada)"]
    assert count == len(rows) == search.totals(store)["persons"]
    by_heading = {h: [r[i] for r in rows] for i, h in enumerate(headings)}
    assert {c.value for c in by_heading["Jenis kelamin"]} <= {"Laki-laki", "Perempuan"}
    assert {c.value for c in by_heading["Status anggota"]} == {"Aktif"}
    categories = [c.value for c in by_heading["Kategori PPKS"] if c.value]
    # "Lanjut Usia Terlantar", not lansia_terlantar
    assert categories and not any("_" in c for c in categories)
    niks = [c for c in by_heading["NIK"] if c.value]
    assert niks and all(c.data_type == "s" and c.number_format == "@" and len(c.value) == 16 for c in niks)
    assert all(
        c.value
        for c, n in zip(by_heading["Apakah punya NIK?"], by_heading["NIK"], strict=True)
        if not n.value
    )
    born = [c for c in by_heading["Tanggal lahir"] if c.value]
    assert born and all(isinstance(c.value, dt.datetime) and c.number_format == "DD-MM-YYYY" for c in born)
    for heading, least in (("NIK", 16), ("Nomor Kartu Keluarga (No. KK)", 16), ("Nama lengkap", 12)):
        letter = by_heading[heading][0].column_letter
        assert sheet.column_dimensions[letter].width >= least + 2, heading
    formula = next(c for c in by_heading["Nama lengkap"] if str(c.value).startswith("="))
    assert formula.data_type == "s"  # shown as the text typed, never run
    masked = tmp_path / "samar.xlsx"
    export(store, masked, ExportRequest())
    _s, headings, rows = _sheet(masked)
    assert headings == PERSON_HEADINGS
    assert all("******" in r[1].value for r in rows if r[1].value) and all(
        "******" in r[6].value for r in rows
    )


def test_english_export_speaks_english(data_dir, tmp_path):
    store = make_store(data_dir, households=3)
    out = tmp_path / "persons.csv"
    export(store, out, ExportRequest(fmt="csv", lang="en"))
    header, *rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert header.startswith("Full name,NIK,Does this person have a NIK?,Sex,Date of birth,Village,")
    assert all(",Male," in r or ",Female," in r for r in rows)
