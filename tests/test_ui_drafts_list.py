"""The drafts screen names each draft by who it is about (the head, else a member, else the complaint's
subject) and the form in words, and a draft can be deleted after a confirmation (issue #27: drafts could not
be deleted and were listed as "(tanpa nama)" with a member's name typed)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.services import drafts
from app.ui.main_window import MainWindow
from support.store import make_store, session_for


def _answer_confirmation(button: QMessageBox.StandardButton) -> None:
    """Press a button of the confirmation as soon as it is shown (it is modal)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            assert box.objectName() == "confirmDeleteDraft"
            assert {
                box.button(b).text() for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)
            } == {
                "Ya, hapus",
                "Batal",
            }
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(0, press)


def test_drafts_are_named_by_person_and_form_and_can_be_deleted(qtbot, data_dir):
    store = make_store(data_dir)
    drafts.save_draft(store, "ppks_registration", 1, {"kepala_keluarga": "Budi Santoso", "no_kk": "62"})
    drafts.save_draft(store, "ppks_registration", 1, {"anggota": {"b": {"_pos": 2, "nama": "Rudi"},
                                                                  "a": {"_pos": 1, "nama": "Siti Aminah"}}})  # fmt: skip
    drafts.save_draft(store, "pengaduan", 1, {"subjek_nama": "Rina Wati"})
    drafts.save_draft(store, "ppks_registration", 1, {"persetujuan": True})
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.drafts_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page("Draf")
    texts = [view.list.item(i).text() for i in range(view.list.count())]
    assert len(texts) == 4
    by_name = {t.split(" — ")[0]: t for t in texts}
    assert set(by_name) == {"Budi Santoso", "Siti Aminah", "Rina Wati", "(belum ada nama)"}
    assert "Pendaftaran Rumah Tangga dan PPKS" in by_name["Siti Aminah"]
    assert "Pengaduan" in by_name["Rina Wati"] and not any("ppks_registration" in t for t in texts)
    delete = view.findChild(QPushButton, "draftsDelete")
    # Cancelled: nothing goes.
    view.list.setCurrentRow(texts.index(by_name["Siti Aminah"]))
    _answer_confirmation(QMessageBox.StandardButton.No)
    delete.click()
    window.session.runner.wait_idle()
    assert len(drafts.list_drafts(store)) == 4
    # Confirmed: that draft, and only that one, is gone from the store and the list.
    _answer_confirmation(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        delete.click()
    assert sorted(d.name for d in drafts.list_drafts(store)) == ["", "Budi Santoso", "Rina Wati"]
    assert view.list.count() == 3 and not any("Siti" in view.list.item(i).text() for i in range(3))
    window.session.runner.wait_idle()
    store.close()
