"""The drafts screen: forms left half-filled (closed, locked or after a crash), newest first; opening one
continues it in the form editor with the same draft id, so the next autosave updates it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.services import drafts
from app.ui.runner import Changed
from app.ui.session import Session


class DraftsView(QWidget):
    open_draft = Signal(object)  # app.services.drafts.Draft
    loaded = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("draftsView")
        self.session = session
        self.items: list[drafts.Draft] = []
        title = QLabel(self.tr("Isian yang belum selesai, tersimpan otomatis"), objectName="draftsTitle")
        self.list = QListWidget(objectName="draftsList")
        self.list.itemActivated.connect(self._activated)
        open_button = QPushButton(self.tr("Lanjutkan isian"), objectName="draftsOpen")
        open_button.clicked.connect(lambda: self._activated(self.list.currentItem()))
        self.empty = QLabel(self.tr("Tidak ada draf."), objectName="draftsEmpty")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(open_button, 0, Qt.AlignmentFlag.AlignLeft)
        session.runner.changed.connect(self._on_changed)

    def _on_changed(self, note: Changed) -> None:
        if note.changes.drafts:
            self.reload()

    def reload(self) -> None:
        store = self.session.store
        self.session.runner.run(lambda: drafts.list_drafts(store), self._show, owner=self)

    def _show(self, found: list) -> None:
        self.items = found
        self.list.clear()
        for draft in found:
            head = (
                draft.answers.get("kepala_keluarga") or draft.answers.get("nama") or self.tr("(tanpa nama)")
            )
            text = self.tr("{form} — {name} — {when} ({operator})").format(
                form=draft.form_id,
                name=head,
                when=draft.updated_at[:16].replace("T", " "),
                operator=draft.operator,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, draft.id)
            self.list.addItem(item)
        self.empty.setVisible(not found)
        if found:
            self.list.setCurrentRow(0)
        self.loaded.emit()

    def _activated(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        draft_id = item.data(Qt.ItemDataRole.UserRole)
        draft = next((d for d in self.items if d.id == draft_id), None)
        if draft is not None:
            self.open_draft.emit(draft)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.reload()
        super().showEvent(event)
