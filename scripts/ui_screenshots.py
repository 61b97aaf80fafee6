"""Screenshots of each desktop screen, taken from the real X window under Xvfb.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/ui_screenshots.py

Writes docs/screenshots/ui-{wizard,login,persons,form,drafts,settings,operators}.png from a throwaway
data dir with demo data (practice mode, nothing real)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QWidget  # noqa: E402

from app.services import drafts, lifecycle, operators  # noqa: E402
from app.services.demo import make_demo_data  # noqa: E402
from app.ui.first_run import FirstRunWizard  # noqa: E402
from app.ui.login import LoginWidget  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "rahasia-123"


def settle(condition=lambda: True, timeout: float = 10.0) -> None:
    """Let Qt paint and the runner answer until `condition()` holds (then a few more rounds to paint)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.02)


def grab(window: QWidget, filename: str) -> None:
    """The window as it is on the (X) screen, once Qt has painted it, saved as docs/screenshots/`filename`."""
    window.raise_()
    window.activateWindow()
    settle()
    pixmap = QApplication.primaryScreen().grabWindow(window.winId())
    if pixmap.isNull() or pixmap.width() < 10:
        pixmap = window.grab()
    path = OUT / filename
    pixmap.save(str(path))
    print(path.relative_to(ROOT), pixmap.width(), "x", pixmap.height())


def shoot(window: QWidget, name: str) -> None:
    grab(window, f"ui-{name}.png")


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    runner = Runner()
    with tempfile.TemporaryDirectory() as tmp:
        wizard_dir, data_dir = Path(tmp) / "wizard", Path(tmp) / "data"
        wizard_dir.mkdir()
        wizard = FirstRunWizard(wizard_dir, runner)
        wizard.show()
        QTest.keyClicks(wizard.findChild(QWidget, "operatorName"), "Sari")
        shoot(wizard, "wizard")
        wizard.close()

        store, _code = lifecycle.create_store(data_dir, "sari", PASSWORD)
        make_demo_data(store, 40)
        operators.add(store, "budi", "budi-sandi-99")
        store.close()
        login = LoginWidget(data_dir, runner)
        login.show()
        QTest.keyClicks(login.password, "rahasia")
        shoot(login, "login")
        login.close()

        store = lifecycle.open_session(data_dir, "sari", PASSWORD)
        session = Session(data_dir, store, runner)
        window = MainWindow(session)
        window.resize(1100, 700)
        window.show()
        model = window.persons_view.model
        settle(lambda: model.rowCount() > 0)
        shoot(window, "persons")

        editor = window.new_household()
        editor.resize(900, 760)
        QTest.keyClicks(editor.findChild(QWidget, "field_kepala_keluarga").focus_widget(), "Budi Santoso")
        editor.add_item(("anggota",))
        settle(lambda: editor.findChild(QWidget, "field_anggota_1_nik") is not None)
        status = editor.findChild(QComboBox, "field_anggota_1_nik_status_combo")
        status.setFocus()
        while status.currentIndex() < status.findData("ada"):
            QTest.keyClick(status, Qt.Key.Key_Down)  # chosen by keyboard, as a volunteer does
        settle(lambda: editor.findChild(QWidget, "field_anggota_1_nik").isVisible())
        QTest.keyClicks(editor.findChild(QWidget, "field_anggota_1_nama").focus_widget(), "Budi Santoso")
        QTest.keyClicks(editor.findChild(QWidget, "field_anggota_1_nik").focus_widget(), "32010117058")
        message = editor.findChild(QWidget, "field_anggota_1_nik_message")
        settle(lambda: bool(message.text()))
        editor.scroll.ensureWidgetVisible(message, 50, 200)
        shoot(editor, "form")
        editor.autosave()
        settle(lambda: editor.draft_id is not None)
        editor.dirty = False
        editor.close()

        drafts.save_draft(store, "ppks_registration", 1, {"kepala_keluarga": "Siti Aminah"})
        window.show_page(window.tr("Draf"))
        settle(lambda: window.drafts_view.list.count() >= 2)
        shoot(window, "drafts")

        window.show_page(window.tr("Pengaturan"))
        shoot(window, "settings")
        view = window.settings_view
        QTest.keyClicks(view.new_name, "dewi")
        QTest.keyClicks(view.new_password, "dewi-sandi-77")
        QTest.keyClicks(view.new_password_again, "dewi-sandi-77")
        view.add_operator()
        settle(lambda: view.operator_list.count() == 3)
        view.operator_list.setCurrentRow(2)
        shoot(window, "operators")

        window.close()
        runner.wait_idle()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
