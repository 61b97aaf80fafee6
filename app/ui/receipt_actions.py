"""Print… and Save PDF… for one complaint's receipt, side by side wherever a receipt is offered (the complaints
list, the complaint window after a save). The receipt's data is read on the runner (the read is audited: it
shows the complaint's summary) only once the volunteer has chosen a printer or a file, so a cancelled dialog
leaves no trace; painting happens here, on the UI thread, as Qt requires."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QPushButton, QWidget

from app.services import complaints
from app.ui.errors import language, show_error
from app.ui.receipt import ReceiptNotWritten, a5_layout, paint_on, render_receipt_pdf
from app.ui.session import Session


class ReceiptButtons(QWidget):
    """`printed(reference)` once the receipt went to the printer, `saved(path)` once its PDF is written."""

    printed = Signal(str)
    saved = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptButtons")
        self.session = session
        self.record_id: str | None = None
        self.reference: str | None = None
        self.print_button = QPushButton(self.tr("Cetak tanda terima…"), objectName="printReceipt")
        self.print_button.setToolTip(self.tr("Cetak tanda terima untuk pelapor (kertas A5)"))
        self.print_button.clicked.connect(self.ask_printer)
        self.save_button = QPushButton(self.tr("Simpan PDF…"), objectName="saveReceipt")
        self.save_button.setToolTip(self.tr("Simpan tanda terima sebagai berkas PDF"))
        self.save_button.clicked.connect(self.ask_path)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        self.set_record(None)

    def set_record(self, record_id: str | None, reference: str | None = None) -> None:
        """The complaint whose receipt the buttons give (None: nothing chosen, the buttons are disabled)."""
        self.record_id, self.reference = record_id, reference
        for button in (self.print_button, self.save_button):
            button.setEnabled(record_id is not None)

    # --- print --------------------------------------------------------------------------------------
    def ask_printer(self) -> None:
        """The system's print dialog on an A5 page; print once a printer is chosen."""
        if self.record_id is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(a5_layout())
        printer.setDocName(self.tr("Tanda terima {reference}").format(reference=self.reference or ""))
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("receiptPrintDialog")
        dialog.setWindowTitle(self.tr("Cetak tanda terima"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._with_receipt(lambda info: self._print(printer, info))

    def _print(self, printer: QPrinter, info) -> None:  # noqa: ANN001 - app.services.complaints.Receipt
        try:
            paint_on(printer, info)
        except ReceiptNotWritten as err:
            show_error(self, err)
            return
        self.printed.emit(info.reference)

    # --- save ---------------------------------------------------------------------------------------
    def ask_path(self) -> None:
        if self.record_id is None:
            return
        name = f"tanda-terima-{self.reference}.pdf" if self.reference else "tanda-terima.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan tanda terima"), str(Path.home() / name),
                                              self.tr("PDF (*.pdf)"))  # fmt: skip
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        """Write the receipt's PDF to `path`; `saved(path)` when it is there."""
        if self.record_id is None:
            return

        def write(info) -> None:  # noqa: ANN001 - app.services.complaints.Receipt
            try:
                render_receipt_pdf(info, path)
            except ReceiptNotWritten as err:  # a read-only folder, a full disk: said, not raised
                show_error(self, err)
                return
            self.saved.emit(str(path))

        self._with_receipt(write)

    def _with_receipt(self, use) -> None:  # noqa: ANN001 - a callable taking the Receipt
        store, record_id, lang = self.session.store, self.record_id, language()
        self.session.runner.run(lambda: complaints.receipt(store, record_id, lang=lang), use, parent_widget=self,
                                owner=self)  # fmt: skip
