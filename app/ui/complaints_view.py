"""Complaints (pengaduan): every complaint with its status, age and next deadline, overdue ones first and
marked; register a new one from the `pengaduan` form, print its receipt (tanda terima) or save it as PDF, and
follow its SLRT timeline."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import complaints
from app.services.complaints import ComplaintStatus
from app.store.store import Changes
from app.ui.complaint_timeline import ComplaintTimeline, step_label
from app.ui.errors import language
from app.ui.receipt_actions import ReceiptButtons
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_BRUSH = QBrush(QColor("#fde2e1"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("ComplaintsView", text)


class ComplaintsView(ReloadWhenShown, QWidget):
    """`new_complaint` asks the main window for the form; `receipt_saved(path)` after a receipt is written;
    `loaded` after the list has been (re)read."""

    new_complaint = Signal()
    open_record = Signal(str)
    receipt_saved = Signal(str)
    loaded = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("complaintsView")
        self.session = session
        self.rows: list[ComplaintStatus] = []
        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Nomor"), self.tr("Status"), self.tr("Umur (hari)"), self.tr("Batas waktu"),
            self.tr("Desa"), self.tr("Atas nama"), self.tr("Kategori"),
        ])  # fmt: skip
        self.table = QTableView(objectName="complaintsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda index: self.open_record.emit(self.rows[index.row()].record_id))
        self.add = QPushButton(self.tr("Pengaduan baru"), objectName="newComplaint")
        self.add.clicked.connect(self.new_complaint)
        self.receipt_buttons = ReceiptButtons(session, self)  # Print… and Save PDF… for the chosen complaint
        self.receipt_buttons.saved.connect(self.receipt_saved)
        self.count = QLabel(objectName="complaintsCount")
        self.timeline = ComplaintTimeline()
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.receipt_buttons)
        top.addWidget(self.add)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.timeline)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        session.runner.changed.connect(self.on_changes)
        self.reload()

    # --- list -------------------------------------------------------------------------------------
    def cares_about(self, changes: Changes) -> bool:
        return changes.complaints or changes.records

    def reload(self) -> None:
        store = self.session.store
        self.session.runner.run(lambda: complaints.list_complaints(store, lang=language()), self._show, parent_widget=self,
                                owner=self)  # fmt: skip

    def _show(self, rows: list[ComplaintStatus]) -> None:
        current = self.selected()
        self.rows = rows
        self.model.removeRows(0, self.model.rowCount())
        for c in rows:
            due = (c.due or "")[:10]
            status = step_label(c.status)
            if c.overdue:
                status += " · " + self.tr("TERLAMBAT")
            cells = [c.reference, status, str(c.age_days), due, c.desa_name or "", c.subject_name or "",
                     c.category or ""]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            for item in items:
                item.setData(c.record_id, RECORD_ROLE)
                if c.overdue:
                    item.setBackground(OVERDUE_BRUSH)
            self.model.appendRow(items)
        overdue = sum(c.overdue for c in rows)
        self.count.setText(self.tr("{n} pengaduan, {late} terlambat").format(n=len(rows), late=overdue))
        self.table.resizeColumnToContents(0)  # the whole receipt number: people read it out to each other
        if current:
            self.select(current)
        self.loaded.emit()

    def selected(self) -> str | None:
        index = self.table.currentIndex()
        return self.rows[index.row()].record_id if index.isValid() and index.row() < len(self.rows) else None

    def select(self, record_id: str) -> bool:
        for row, c in enumerate(self.rows):
            if c.record_id == record_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def _current_changed(self, current, _previous) -> None:
        if not current.isValid() or current.row() >= len(self.rows):
            self.receipt_buttons.set_record(None)
            self.timeline.clear()
            return
        chosen = self.rows[current.row()]
        self.receipt_buttons.set_record(chosen.record_id, chosen.reference)
        store = self.session.store
        self.session.runner.run(
            lambda: complaints.timeline(store, chosen.record_id),
            lambda events: self.timeline.show_events(chosen.reference, events),
            parent_widget=self,
            owner=self,
        )

    # --- receipt ----------------------------------------------------------------------------------
    def save_receipt(self, record_id: str, path: Path) -> None:
        """Write a complaint's receipt PDF to `path` (as Save PDF… does once a file is chosen)."""
        reference = next((c.reference for c in self.rows if c.record_id == record_id), None)
        self.receipt_buttons.set_record(record_id, reference)
        self.receipt_buttons.save_pdf(path)
