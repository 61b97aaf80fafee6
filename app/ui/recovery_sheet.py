"""The recovery code on paper: one A4 page with the code in large type and what it is for, printed from the
first-run wizard or saved as a PDF (to print on another computer). The code opens every record on the laptop,
so the page says to keep it locked away and to delete a saved PDF once it is printed."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QPagedPaintDevice, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecoverySheet", text)


def sheet_html(code: str, operator: str, made: date) -> str:
    rows = [
        (QCoreApplication.translate("RecoverySheet", "Operator pertama"), operator),
        (QCoreApplication.translate("RecoverySheet", "Tanggal"), made.strftime("%d-%m-%Y")),
    ]
    table = "".join(f"<tr><td width='35%'>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    title = QCoreApplication.translate("RecoverySheet", "Kode pemulihan Jaring")
    use = QCoreApplication.translate(
        "RecoverySheet",
        "Kode ini membuka semua data di laptop ini bila semua kata sandi operator terlupa (di layar masuk: "
        "Lupa kata sandi?). Simpan kertas ini di tempat terkunci, misalnya lemari TKSK. Jangan difoto dan "
        "jangan disimpan di laptop.",
    )
    saved = QCoreApplication.translate(
        "RecoverySheet", "Bila kode ini disimpan sebagai PDF untuk dicetak, hapus berkasnya setelah dicetak."
    )
    return (
        f"<h1>{escape(title)}</h1>"
        f"<p style='font-family: DejaVu Sans Mono; font-size: 17pt; font-weight: bold; white-space: nowrap'>{escape(code)}</p>"
        f"<table cellpadding='4'>{table}</table><p>{escape(use)}</p><p>{escape(saved)}</p>"
    )


def print_on(device: QPagedPaintDevice, code: str, operator: str, made: date | None = None) -> None:
    """Lay the sheet out on a printer or a PDF writer (the document scales itself to the device's resolution)."""
    device.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))  # fmt: skip
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 12))
    doc.setHtml(sheet_html(code, operator, made or date.today()))
    doc.print_(device)


def save_pdf(path: Path, code: str, operator: str) -> Path:
    writer = QPdfWriter(str(path))
    writer.setTitle(_tr("Kode pemulihan Jaring"))
    print_on(writer, code, operator)
    return Path(path)


def print_with_dialog(parent: QWidget, code: str, operator: str) -> bool:
    """The system's print dialog, then the page; False when the user cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("recoveryPrintDialog")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    print_on(printer, code, operator)
    return True
