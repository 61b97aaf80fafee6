"""The app's windows in the tests: a main window opened on its Sync page, and closing every window on a store
before the store itself."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from app.ui.main_window import MainWindow
from support.store import session_for


def sync_window(qtbot, data_dir, store):
    """The main window on `store`, shown on its Sync page once the pending count is on screen."""
    session = session_for(store, data_dir)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_page("Sinkronisasi")
    view = window.sync_view
    qtbot.waitUntil(lambda: view.pending.text() != "")
    return window, view


def close_windows_on(store) -> None:
    """Close the windows on this store and let their background reads finish before the store closes: a read
    still running on a connection closed under it crashes inside SQLCipher (the app's lock does the same)."""
    for widget in QApplication.topLevelWidgets():
        if not isValid(widget):
            continue  # a form window the main window closed (and deleted) on its way out
        session = getattr(widget, "session", None)
        if session is not None and session.store is store:
            widget.close()
            session.runner.wait_idle()
            QApplication.processEvents()  # answers queued for the UI thread may start one more refresh
            session.runner.wait_idle()
    store.close()
