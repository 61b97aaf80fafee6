"""The drafts screen: forms left half-filled (closed, locked or after a crash), newest first, each named by
the household head, a member or the complaint's subject typed so far; opening one continues it in the
form editor with the same draft id, so the next autosave updates it. A draft nobody needs is deleted here,
after a confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import drafts
from app.ui.errors import language
from app.ui.runner import Changed
from app.ui.session import Session


class DraftsView(QWidget):
    open_draft = Signal(object)  # app.services.drafts.Draft
    loaded = Signal()
    deleted = Signal(str)  # draft id

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("draftsView")
        self.session = session
        self.items: list[drafts.Draft] = []
        title = QLabel(self.tr("Isian yang belum selesai, tersimpan otomatis"), objectName="draftsTitle")
        self.list = QListWidget(objectName="draftsList")
        self.list.itemActivated.connect(self._activated)
        self.open_button = QPushButton(self.tr("Lanjutkan isian"), objectName="draftsOpen")
        self.open_button.clicked.connect(lambda: self._activated(self.list.currentItem()))
        self.delete_button = QPushButton(self.tr("Hapus draf…"), objectName="draftsDelete")
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence.StandardKey.Delete, self.list, self.delete_current)
        self.empty = QLabel(self.tr("Tidak ada draf."), objectName="draftsEmpty")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        session.runner.changed.connect(self._on_changed)

    def _on_changed(self, note: Changed) -> None:
        if note.changes.drafts:
            self.reload()

    def reload(self) -> None:
        store = self.session.store
        self.session.runner.run(lambda: drafts.list_drafts(store), self._show, owner=self)

    def _text(self, draft: drafts.Draft) -> str:
        lang = language()
        form = (draft.form_title or {}).get(lang) or (draft.form_title or {}).get("id") or draft.form_id
        return self.tr("{name} — {form} — {when} ({operator})").format(
            name=draft.name or self.tr("(belum ada nama)"),
            form=form,
            when=draft.updated_at[:16].replace("T", " "),
            operator=draft.operator,
        )

    def _show(self, found: list) -> None:
        self.items = found
        self.list.clear()
        for draft in found:
            item = QListWidgetItem(self._text(draft))
            item.setData(Qt.ItemDataRole.UserRole, draft.id)
            self.list.addItem(item)
        self.empty.setVisible(not found)
        for button in (self.open_button, self.delete_button):
            button.setEnabled(bool(found))
        if found:
            self.list.setCurrentRow(0)
        self.loaded.emit()

    def _draft(self, item: QListWidgetItem | None) -> drafts.Draft | None:
        if item is None:
            return None
        draft_id = item.data(Qt.ItemDataRole.UserRole)
        return next((d for d in self.items if d.id == draft_id), None)

    def _activated(self, item: QListWidgetItem | None) -> None:
        draft = self._draft(item)
        if draft is not None:
            self.open_draft.emit(draft)

    def delete_current(self) -> None:
        """Delete the chosen draft once the user confirms (what was typed in it is gone for good)."""
        draft = self._draft(self.list.currentItem())
        if draft is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Hapus draf"),
                          self.tr("Hapus draf “{name}”? Isian yang belum disimpan ini hilang.").format(
                              name=draft.name or self.tr("(belum ada nama)")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("confirmDeleteDraft")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ya, hapus"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Batal"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        store, draft_id = self.session.store, draft.id
        self.session.runner.write(lambda: drafts.discard_draft(store, draft_id),
                                  lambda _c: self.deleted.emit(draft_id), parent_widget=self)  # fmt: skip

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.reload()
        super().showEvent(event)
