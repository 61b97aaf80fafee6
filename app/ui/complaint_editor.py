"""The complaint-entry window: the `pengaduan` form (rendered by the generic FormEditor), and once the complaint
is saved its receipt number, large, with Print and Save PDF right there — the citizen waits at the desk for
the tanda terima, so the volunteer must not have to look for it in the complaints list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QBoxLayout, QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services import complaints, records
from app.ui.form_editor import FormEditor
from app.ui.receipt_actions import ReceiptButtons
from app.ui.session import Session


class ReceiptPanel(QFrame):
    """ "Pengaduan tersimpan" with the receipt number and the receipt's Print / Save PDF buttons."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#receiptPanel { background: #e8f5e9; border: 1px solid #81c784; border-radius: 4px; }"
        )
        self.title = QLabel(
            self.tr("Pengaduan tersimpan. Nomor tanda terima:"), objectName="receiptPanelTitle"
        )
        self.reference = QLabel(objectName="receiptReference")
        font = QFont(self.reference.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.reference.setFont(font)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy it
        self.hint = QLabel(
            self.tr("Cetak tanda terima dan berikan kepada pelapor."), objectName="receiptPanelHint"
        )
        self.hint.setWordWrap(True)
        self.buttons = ReceiptButtons(session, self)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.reference)
        text.addWidget(self.hint)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_reference(self, record_id: str, reference: str) -> None:
        self.reference.setText(reference)
        self.buttons.set_record(record_id, reference)
        self.show()


class ComplaintEditor(FormEditor):
    """`receipt_ready(reference)` once the saved complaint's receipt can be printed."""

    receipt_ready = Signal(str)

    def __init__(self, session: Session, form_id: str, **kwargs) -> None:
        super().__init__(session, form_id, **kwargs)
        self.receipt_panel = ReceiptPanel(session, self)
        layout = self.layout()
        layout.insertWidget(max(layout.count() - 1, 0), self.receipt_panel)  # just above the Save row
        self.saved.connect(self._find_reference)
        if self.record_id is not None:  # a stored complaint opened again: its receipt is offered too
            self._find_reference(self.record_id)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Inside the screen, so the Save row and the receipt panel under the form are never off it (a 1366×768
        laptop at 125% has 614 logical pixels of height; the editor opens 700 tall)."""
        super().showEvent(event)
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        title_bar = 40  # the window manager's frame is not known before the first show
        width, height = min(self.width(), room.width()), min(self.height(), room.height() - title_bar)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            self.move(room.left() + (room.width() - width) // 2, room.top())

    def build(self, focus: str | None = None) -> None:
        super().build(focus)
        self._stack_region_dropdowns()

    def _stack_region_dropdowns(self) -> None:
        """Provinsi, kabupaten, kecamatan and desa one under the other, each as wide as the answers column:
        side by side they were cut to "Kabup…" and "Pulau T…" in this window (issue 27)."""
        for f in self.form.walk():
            if f.type != "region":
                continue
            for widget in self.findChildren(QWidget, f"field_{f.name}"):
                if isinstance(widget.layout(), QBoxLayout) and widget.findChildren(QComboBox):
                    widget.layout().setDirection(QBoxLayout.Direction.TopToBottom)

    def _find_reference(self, record_id: str) -> None:
        store = self.session.store
        self.session.runner.run(lambda: complaints.reference_of(store, record_id),
                                lambda reference: self._reference_found(record_id, reference), owner=self)  # fmt: skip

    def _reference_found(self, record_id: str, reference: str | None) -> None:
        if reference and record_id == self.record_id:
            self.receipt_panel.show_reference(record_id, reference)
            self.receipt_ready.emit(reference)


def editor_class(session: Session, form_id: str) -> type[FormEditor]:
    """The window a form opens in: complaints in the complaint window, every other form in the plain editor."""
    form = records.form_definition(session.store, form_id)
    return ComplaintEditor if form.kind == "complaint" else FormEditor
