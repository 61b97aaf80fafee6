"""The application's flow: first-run wizard or login, then the main window; lock (Ctrl+L, idle time) and
switch operator return to login; closing the main window ends the app."""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from app.services import lifecycle, settings
from app.ui.runner import Runner
from app.ui.session import Session


class JaringApp(QObject):
    """Owns the top-level windows; `main_window_shown` fires after each login (tests wait on it)."""

    main_window_shown = Signal(object)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.runner = Runner(self)
        self.wizard = None
        self.login = None
        self.main_window = None
        self.session: Session | None = None
        self.idle = None
        self.idle_ms: int | None = None  # tests set a short idle time in milliseconds

    def start(self) -> None:
        """Show the first-run wizard when there is no store yet, else the login screen."""
        if lifecycle.store_exists(self.data_dir):
            self.show_login()
        else:
            from app.ui.first_run import FirstRunWizard

            self.wizard = FirstRunWizard(self.data_dir, self.runner)
            self.wizard.finished_with.connect(self.open_main_window)
            self.wizard.show()

    def show_login(self, operator: str | None = None, *, pick: bool = False) -> None:
        from app.ui.login import LoginWidget

        self.login = LoginWidget(self.data_dir, self.runner, locked_operator=operator, pick=pick)
        self.login.logged_in.connect(self.open_main_window)
        self.login.show()

    def open_main_window(self, store) -> None:
        from app.ui.main_window import MainWindow

        for window in (self.wizard, self.login):
            if window is not None:
                window.close()
                window.deleteLater()
        self.wizard = self.login = None
        self.session = Session(self.data_dir, store, self.runner)
        self.main_window = MainWindow(self.session)
        self.main_window.lock_requested.connect(self.lock)
        self.main_window.switch_requested.connect(self.switch_operator)
        self.main_window.quit_requested.connect(self.quit)
        self._watch_idle()
        self.main_window.show_restored()
        # What is built by now (Qt bindings, forms, regions, the window) lives as long as the session: kept out
        # of the collector's generations so a full collection during typing does not walk it all (a 35 ms pause
        # at one keystroke over 200,000 persons, bench/ui.py). lock() hands it back to the collector.
        gc.collect()
        gc.freeze()
        self.main_window_shown.emit(self.main_window)

    def _watch_idle(self) -> None:
        """Lock after the laptop's idle time without keyboard or mouse input; a saved change applies at once."""
        from app.ui.idle import IdleWatcher

        minutes = settings.load(self.data_dir).idle_minutes
        self.idle = IdleWatcher(self.idle_ms if self.idle_ms is not None else minutes * 60_000, self)
        self.idle.idle.connect(self.lock)
        if self.main_window.settings_view is not None:
            from app.ui.translations import apply_language

            # The new language shows in windows opened from now on, everywhere after a restart.
            self.main_window.settings_view.settings_saved.connect(
                lambda chosen: apply_language(chosen.language)
            )
            self.main_window.settings_view.settings_saved.connect(
                lambda chosen: self.idle.set_timeout(
                    self.idle_ms if self.idle_ms is not None else chosen.idle_minutes * 60_000
                )
            )

    def switch_operator(self) -> None:
        """Lock, then let another operator log in (no name chosen for them)."""
        self.lock(switch=True)

    def quit(self) -> None:
        """The main window was closed by hand: end the app, whatever other window is still open."""
        if self.session is None:
            return  # already shut down (the window outlived its session): nothing to end
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        self.shutdown()
        # exit(), not quit(): quit() first asks every top-level window to close and may be refused by one of
        # them; the person closed the main window, so the app ends now.
        QApplication.exit(0)

    def lock(self, *, switch: bool = False) -> None:
        """Close the session (the key leaves memory with the store) and return to the login screen."""
        if self.idle is not None:
            self.idle.stop()
            self.idle.deleteLater()
            self.idle = None
        if self.session is None:
            return
        operator = self.session.operator
        for editor in list(self.main_window.editors if self.main_window else []):
            editor.close()  # each open form saves its draft on close
        if self.main_window is not None:
            self.main_window.locking = True  # closed to lock, not to end the app
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None
        self.runner.cancel_jobs()  # a sync over a slow link stops at its next step instead of holding the lock
        self.runner.wait_idle()
        if self.session is not None:
            lifecycle.close_session(self.session.store)
            self.session = None
        gc.unfreeze()  # the closed window's cycles are collectable again
        self.show_login(None if switch else operator, pick=switch)

    def shutdown(self) -> None:
        if self.idle is not None:
            self.idle.stop()
            self.idle = None
        gc.unfreeze()
        self.runner.cancel_jobs()
        self.runner.wait_idle()
        if self.session is not None:
            lifecycle.close_session(self.session.store)
            self.session = None
