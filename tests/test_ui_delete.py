"""Soft delete from the form editor: it asks first; "No" keeps the record, "Yes" removes it from the list and
search and queues the deletion for sync."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.services import records, search
from app.ui.main_window import MainWindow
from forms.samples import make_household, villages_of
from support.store import make_store, session_for
from sync.protocol import EnrollAnswer


def _answer_confirmation(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the confirmation dialog as a user would, once it is up (it is modal: exec() blocks)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append(box.objectName())
        box.button(button).click()

    QTimer.singleShot(0, click)


def test_soft_delete_asks_first_then_removes_the_record_from_list_and_search(qtbot, data_dir):
    store = make_store(data_dir, households=3)
    # Enrolled (not practice mode), so the deletion goes to the outbox like any change.
    store.apply_enrollment(EnrollAnswer(device_id="dev-1", device_number=1, token="t",
                                                    area=villages_of(store.area)[0], server_sign_key="x",
                                                    server_box_key="y"))  # fmt: skip
    # Made after enrollment: a practice record's deletion, like the record, never leaves the laptop.
    saved = records.save_household(
        store, make_household(random.Random(9), villages_of(store.area)[0], serial=99)
    )
    target = next(
        p for p in search.list_persons(store, query="", limit=1000).rows if p.record_id == saved.record_id
    )
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    record = records.open_record(store, target.record_id)
    editor = window.open_editor(record.form_id, answers=record.answers, record_id=record.id,
                                form_version=record.form_version)  # fmt: skip
    # not handed to qtbot: the main window closes (and deletes) it once the record is deleted
    before = store.outbox_counts()["pending"]
    delete = editor.findChild(QPushButton, "deleteButton")
    assert delete.isVisible()
    seen: list[str] = []
    _answer_confirmation(QMessageBox.StandardButton.No, seen)
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    window.session.runner.wait_idle()
    assert seen == ["confirmDelete"]
    assert target.record_id in {p.record_id for p in search.list_persons(store, query=target.name).rows}
    assert store.outbox_counts()["pending"] == before
    _answer_confirmation(QMessageBox.StandardButton.Yes, seen)
    with qtbot.waitSignal(editor.deleted, timeout=10_000) as deleted:
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert seen == ["confirmDelete", "confirmDelete"] and deleted.args == [target.record_id]
    assert target.record_id not in {p.record_id for p in search.list_persons(store, query=target.name).rows}
    assert target.record_id not in {p.record_id for p in search.list_persons(store, query="").rows}
    assert store.outbox_counts()["pending"] == before + 1
    window.session.runner.wait_idle()
    store.close()
