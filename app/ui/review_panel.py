"""The Sync screen's list of what to look at after a sync: edits that lost to a concurrent edit (with both
values) and records the district flagged for review. Opening an item opens its record in the form; a
conflict can be marked as reviewed. Reads and writes go through app/services/review.py on the runner."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import review
from app.ui.errors import language
from app.ui.runner import Changed
from app.ui.session import Session

RECORD_ROLE = Qt.ItemDataRole.UserRole
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 1


def _shown(value: object, empty: str) -> str:
    if value is None or value == "":
        return empty
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


class ReviewPanel(QWidget):
    open_record = Signal(str)
    loaded = Signal(int)  # how many items are listed, after each refresh

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("reviewPanel")
        self.session = session
        self.list = QListWidget(objectName="reviewList")
        self.list.itemActivated.connect(lambda item: self.open_record.emit(item.data(RECORD_ROLE)))
        self.list.currentItemChanged.connect(self._selection_changed)
        self.reviewed_button = QPushButton(self.tr("Tandai sudah ditinjau"), objectName="reviewDone")
        self.reviewed_button.setEnabled(False)
        self.reviewed_button.clicked.connect(self.mark_current_reviewed)
        self.open_button = QPushButton(self.tr("Buka data"), objectName="reviewOpen")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(
            lambda: (
                self.list.currentItem() and self.open_record.emit(self.list.currentItem().data(RECORD_ROLE))
            )
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reviewed_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Perlu ditinjau — konflik suntingan dan tanda dari kabupaten:")))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        session.runner.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, note: Changed) -> None:
        if note.changes.records:
            self.refresh()

    def refresh(self) -> None:
        store, lang = self.session.store, language()

        def read():
            return review.open_conflicts(store, lang), review.flagged_records(store, lang)

        self.session.runner.run(read, self._show, parent_widget=self, owner=self)

    def _show(self, found) -> None:
        conflicts, flagged = found
        empty = self.tr("(kosong)")
        self.list.clear()
        for c in conflicts:
            if c.lost_here:
                text = self.tr(
                    '{record}: {field} — suntingan Anda "{lost}" kalah oleh "{kept}" (perangkat lain)'
                )
            else:
                text = self.tr('{record}: {field} — "{kept}" menggantikan "{lost}" dari perangkat lain')
            item = QListWidgetItem(text.format(record=c.record_label, field=c.field_label, kept=_shown(c.kept, empty),
                                               lost=_shown(c.lost, empty)))  # fmt: skip
            item.setData(RECORD_ROLE, c.record_id)
            item.setData(CONFLICT_ROLE, c.id)
            self.list.addItem(item)
        for f in flagged:
            message = f.message_id if language() == "id" else (f.message_en or f.message_id)
            fields = ", ".join(f.field_labels)
            item = QListWidgetItem(self.tr("{record}: ditandai kabupaten — {message}{fields}").format(
                record=f.record_label, message=message, fields=f" ({fields})" if fields else ""))  # fmt: skip
            item.setData(RECORD_ROLE, f.record_id)
            self.list.addItem(item)
        self._selection_changed(self.list.currentItem(), None)
        self.loaded.emit(self.list.count())

    def _selection_changed(self, current, _previous) -> None:  # noqa: ANN001 - Qt passes list items
        self.open_button.setEnabled(current is not None)
        self.reviewed_button.setEnabled(current is not None and current.data(CONFLICT_ROLE) is not None)

    def mark_current_reviewed(self) -> None:
        item = self.list.currentItem()
        if item is None or item.data(CONFLICT_ROLE) is None:
            return
        store, conflict_id = self.session.store, int(item.data(CONFLICT_ROLE))
        self.session.runner.write(lambda: review.mark_reviewed(store, conflict_id), owner=self)
