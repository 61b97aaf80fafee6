"""The main window: navigation on the left (Households & people, Complaints, Drafts, Sync, Reports, Visit
schedule, Not yet served, Settings), the chosen screen on the right, the operator and practice mode in the status bar with Lock (Ctrl+L)
and Switch operator beside them (also in the Account menu).

It opens maximised the first time and as it was left after that. Closing it ends the app (open forms save
their drafts first); locking closes it too, but back to the login screen.

Without a session (`jaring selfcheck`) it shows the same frame with empty screens.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.ui.form_editor import FormEditor
from app.ui.runner import Changed
from app.ui.session import Session


def placeholder(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


class MainWindow(QMainWindow):
    """`lock_requested` asks the app to lock (Ctrl+L, the Lock button or menu); `switch_requested` to lock and
    let another operator log in; `quit_requested` that the user closed the window (the app ends)."""

    lock_requested = Signal()
    switch_requested = Signal()
    quit_requested = Signal()
    record_opened = Signal(object)  # the FormEditor showing a saved record

    def __init__(self, session: Session | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        self.setWindowTitle(self.tr("Jaring {version}").format(version=__version__))
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(200)
        self.pages = QStackedWidget(objectName="pages")
        self.persons_view = None
        self.editors: list[FormEditor] = []
        self.person_pages: list[QWidget] = []
        self.today = date.today  # what "today" is for the visit schedule and unserved list (tests fix it)
        for title, page in self._make_pages():
            self.nav.addItem(title)
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.version_label = QLabel(self.tr("Jaring versi {version}").format(version=__version__),
                                    objectName="versionLabel")  # fmt: skip
        self.statusBar().addPermanentWidget(self.version_label)
        self.locking = False  # closed to lock or switch operator, not to end the app
        if session is not None:
            self._show_session_status()
            self._account_actions()
            session.runner.changed.connect(self._on_changes)
        self.resize(1000, 640)

    def _make_pages(self) -> list[tuple[str, QWidget]]:
        not_yet = self.tr("Belum tersedia di versi ini.")
        self.settings_view = None
        settings_page: QWidget = placeholder(not_yet, "settingsPlaceholder")
        if self.session is not None:
            from app.ui.persons_view import PersonsView
            from app.ui.settings_view import SettingsView

            self.settings_view = SettingsView(self.session)
            settings_page = self.settings_view
            from app.ui.drafts_view import DraftsView

            self.drafts_view = DraftsView(self.session)
            self.drafts_view.open_draft.connect(self.open_draft)
            drafts_page: QWidget = self.drafts_view
        else:
            self.drafts_view = None
            drafts_page = placeholder(not_yet, "draftsPlaceholder")
        if self.session is not None:
            self.persons_view = PersonsView(self.session)
            self.persons_view.new_household.connect(self.new_household)
            self.persons_view.open_person.connect(self.open_record)
            self.persons_view.open_person_page.connect(self.open_person_page)
            persons: QWidget = self.persons_view
            complaints_page: QWidget = self._make_complaints_view()
            from app.ui.reports_view import ReportsView

            self.reports_view = ReportsView(self.session)
            reports_page: QWidget = self.reports_view
            schedule_page, unserved_page = self._make_care_views()
            from app.ui.meeting_view import MeetingView

            self.meeting_view = MeetingView(self.session, lambda: self.today())
            self.meeting_view.new_proposal.connect(
                lambda answers: self.open_editor("usulan", answers=answers)
            )
            meeting_page: QWidget = self.meeting_view
            from app.ui.sync_view import SyncView

            self.sync_view = SyncView(self.session)
            self.sync_view.open_record.connect(self.open_record)
            sync_page: QWidget = self.sync_view
        else:
            persons = placeholder(self.tr("Belum ada sesi yang dibuka."), "personsPlaceholder")
            self.complaints_view = None
            self.reports_view = None
            self.sync_view = None
            sync_page = placeholder(self.tr("Sinkronisasi belum tersedia."), "syncPlaceholder")
            reports_page = placeholder(self.tr("Laporan belum tersedia."), "reportsPlaceholder")
            complaints_page = placeholder(not_yet, "complaintsPlaceholder")
            schedule_page = placeholder(not_yet, "schedulePlaceholder")
            unserved_page = placeholder(not_yet, "unservedPlaceholder")
            meeting_page = placeholder(not_yet, "meetingPlaceholder")
        return [
            (self.tr("Rumah tangga & orang"), persons),
            (self.tr("Pengaduan"), complaints_page),
            (self.tr("Draf"), drafts_page),
            (self.tr("Sinkronisasi"), sync_page),
            (self.tr("Laporan"), reports_page),
            (self.tr("Jadwal kunjungan"), schedule_page),
            (self.tr("Belum terlayani"), unserved_page),
            (self.tr("Musyawarah desa"), meeting_page),
            (self.tr("Pengaturan"), settings_page),
        ]

    def _make_care_views(self) -> tuple[QWidget, QWidget]:
        from app.ui.care_views import UnservedView, VisitScheduleView

        self.schedule_view = VisitScheduleView(self.session, lambda: self.today())
        self.unserved_view = UnservedView(self.session, lambda: self.today())
        for view in (self.schedule_view, self.unserved_view):
            view.open_person.connect(self.open_person_page)
        return self.schedule_view, self.unserved_view

    def open_person_page(self, household_id: str, member_id: str) -> QWidget:
        """A person's page in its own window (app/ui/person_page.py), its forms opened with the person filled."""
        from app.services import care
        from app.ui.person_page import PersonPage

        page = PersonPage(self.session, household_id, member_id)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.open_record.connect(self.open_record)
        page.record_service.connect(lambda h, m: self.open_editor(
            care.SERVICE_FORM, answers=care.new_service(self.session.store, h, m, self.today())))  # fmt: skip
        page.record_visit.connect(lambda h, m: self.open_editor(
            care.VISIT_FORM, answers=care.new_visit(self.session.store, h, m, self.today())))  # fmt: skip
        self.person_pages.append(page)
        page.destroyed.connect(
            lambda _o=None, p=page: self.person_pages.remove(p) if p in self.person_pages else None
        )
        page.resize(900, 600)
        page.show()
        return page

    def _make_complaints_view(self) -> QWidget:
        from app.ui.complaints_view import ComplaintsView

        self.complaints_view = ComplaintsView(self.session)
        self.complaints_view.new_complaint.connect(self.new_complaint)
        self.complaints_view.open_record.connect(self.open_record)
        return self.complaints_view

    def new_complaint(self) -> FormEditor:
        from app.services.records import COMPLAINT_FORM

        return self.open_editor(COMPLAINT_FORM)

    def open_editor(self, form_id: str, **kwargs) -> FormEditor:
        """Open a form in its own window (several can be open: a volunteer may look up another record)."""
        from app.ui.complaint_editor import editor_class

        editor = editor_class(self.session, form_id)(self.session, form_id, **kwargs)
        editor.setWindowTitle(self.tr("Jaring — isian"))
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open_record.connect(self.open_record)
        editor.saved.connect(lambda _rid: self.statusBar().showMessage(self.tr("Tersimpan."), 5000))
        editor.deleted.connect(lambda _rid: editor.close())
        editor.destroyed.connect(
            lambda _o=None, e=editor: self.editors.remove(e) if e in self.editors else None
        )
        self.editors.append(editor)
        editor.resize(820, 700)
        editor.show()
        return editor

    def new_household(self) -> FormEditor:
        from app.services.records import HOUSEHOLD_FORM

        return self.open_editor(HOUSEHOLD_FORM)

    def open_draft(self, draft) -> FormEditor:
        """Continue a draft where it was left (after closing, a lock or a crash); saving it discards it."""
        return self.open_editor(draft.form_id, answers=draft.answers, record_id=draft.record_id,
                                draft_id=draft.id, form_version=draft.form_version)  # fmt: skip

    def open_record(self, record_id: str, focus_path: str | None = None) -> None:
        """Load a saved record off the UI thread (the opening is audited), then edit it — at `focus_path` when
        given (a person opened from the list: their member unfolded and focused, not the household's top)."""
        from app.services import records

        store = self.session.store
        self.session.runner.run(
            lambda: records.open_record(store, record_id),
            lambda record: self.record_opened.emit(
                self.open_editor(
                    record.form_id,
                    answers=record.answers,
                    record_id=record.id,
                    form_version=record.form_version,
                    focus_path=focus_path,
                )  # fmt: skip
            ),
            parent_widget=self,
            owner=self,
        )

    def show_page(self, title: str) -> None:
        """Switch to the screen whose navigation entry reads `title`."""
        for row in range(self.nav.count()):
            if self.nav.item(row).text() == title:
                self.nav.setCurrentRow(row)
                return
        raise KeyError(title)

    def _show_session_status(self) -> None:
        self.status_label = QLabel(objectName="sessionStatus")
        self.statusBar().addWidget(self.status_label)
        self._status_text()
        # Said again once the event loop turns: a window opened right after enrolling was sometimes built
        # before this thread's reads saw the enrollment, and went on saying "MODE LATIHAN".
        QTimer.singleShot(0, self, self._status_text)

    def _status_text(self) -> None:
        text = self.tr("Operator: {name}").format(name=self.session.operator)
        if self.session.store.practice:
            text += " · " + self.tr("MODE LATIHAN — data tidak dikirim")
        self.status_label.setText(text)

    def _on_changes(self, note: Changed) -> None:
        if note.changes.settings:  # enrolled from Settings: practice mode is over
            self._status_text()

    def _account_actions(self) -> None:
        """Lock and Switch operator: in the Account menu, as buttons in the status bar, and Ctrl+L anywhere in
        the app (a form window in front included)."""
        self.lock_action = QAction(self.tr("Kunci layar"), self, objectName="lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_requested)
        self.switch_action = QAction(self.tr("Ganti operator…"), self, objectName="switchOperatorAction")
        self.switch_action.triggered.connect(self.switch_requested)
        quit_action = QAction(self.tr("Keluar"), self, objectName="quitAction")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        menu = self.menuBar().addMenu(self.tr("&Akun"))
        menu.setObjectName("accountMenu")
        for action in (self.lock_action, self.switch_action):
            menu.addAction(action)
            self.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_action)
        lock = QPushButton(self.tr("Kunci (Ctrl+L)"), objectName="lockButton")
        lock.setToolTip(self.tr("Kunci layar; masuk lagi dengan kata sandi"))
        lock.clicked.connect(self.lock_requested)
        switch = QPushButton(self.tr("Ganti operator"), objectName="switchOperatorButton")
        switch.clicked.connect(self.switch_requested)
        for button in (lock, switch):
            button.setFlat(True)
            self.statusBar().addPermanentWidget(button)

    # --- opening and closing --------------------------------------------------------------------

    def show_restored(self) -> None:
        """Show as it was left last time, or maximised the first time (1366×768 has no room to spare)."""
        from app.services import settings

        saved = settings.load(self.session.data_dir).window_geometry if self.session is not None else ""
        if saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii"))):
            self.show()
        else:
            self.showMaximized()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Open forms close first (each saves its draft); the size is kept; closing by hand ends the app."""
        for editor in list(self.editors):
            editor.close()
        if self.session is not None:
            from app.services import settings

            try:
                settings.remember_window(
                    self.session.data_dir, bytes(self.saveGeometry().toBase64()).decode()
                )
            except Exception:  # noqa: BLE001 - a size not kept must never keep the window from closing
                import logging

                logging.getLogger(__name__).exception("window size not saved")
        super().closeEvent(event)
        if not self.locking and self.session is not None:
            self.quit_requested.emit()
