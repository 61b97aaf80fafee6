"""Screenshots of enrollment, lock and sync-failure screens, from real windows under Xvfb on a 1366×768 screen,
against a real district server on a loopback port:

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/enroll_screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        .venv/bin/python scripts/enroll_screenshots.py

Writes docs/screenshots/enroll-*.png (with a -125 suffix at 125 % scaling) from throwaway data directories."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QPushButton, QRadioButton, QWidget  # noqa: E402

from app.services import lifecycle, operators, records  # noqa: E402
from app.ui.first_run import FirstRunWizard  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "rahasia-123"
SUFFIX = "-125" if os.environ.get("QT_SCALE_FACTOR") == "1.25" else ""


def settle(condition=lambda: True, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(15):
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(window: QWidget, name: str) -> None:
    window.raise_()
    window.activateWindow()
    settle()
    pixmap = QApplication.primaryScreen().grabWindow(window.winId())
    if pixmap.isNull() or pixmap.width() < 10:
        pixmap = window.grab()
    path = OUT / f"enroll-{name}{SUFFIX}.png"
    pixmap.save(str(path))
    print(path.relative_to(ROOT), pixmap.width(), "x", pixmap.height())


def fill(form: QWidget, address: str, code: str) -> None:
    form.findChild(QRadioButton, "enrollServer").click()
    for name, text in (("enrollServerAddress", address), ("enrollCode", code)):
        field = form.findChild(QLineEdit, name)
        field.clear()
        QTest.keyClicks(field, text)


def wizard_pages(tmp: Path, base: str, runner: Runner) -> None:
    wizard = FirstRunWizard(tmp / "wizard", runner)
    wizard.show()
    QTest.keyClicks(wizard.findChild(QLineEdit, "operatorName"), "Sari")
    for name in ("operatorPassword", "operatorPasswordConfirm"):
        QTest.keyClicks(wizard.findChild(QLineEdit, name), PASSWORD)
    wizard.findChild(QPushButton, "wizardNext").click()
    shoot(wizard, "wizard-creating")
    settle(lambda: bool(wizard.recovery_page.code.text()))
    shoot(wizard, "wizard-recovery")
    wizard.findChild(QCheckBox, "recoveryConfirmed").click()
    wizard.findChild(QPushButton, "wizardNext").click()
    form = wizard.enroll_page.form
    fill(form, base.removeprefix("http://"), "ABCD-EFGH-JKMN")
    form.start()
    settle(lambda: not form.busy)
    shoot(wizard, "wizard")  # the enrollment page, with the server's answer to a wrong code
    wizard.close()
    runner.wait_idle()
    wizard.store.close()


def settings_and_sync(tmp: Path, base: str, settings, runner: Runner) -> None:
    from support.live_server import DESA, household
    from support.server_db import new_code

    data_dir = tmp / "laptop"
    store, _code = lifecycle.create_store(data_dir, "sari", PASSWORD, area=DESA)
    operators.add(store, "budi", "budi-sandi-99")
    records.save_household(store, household(1))  # a training day's household
    window = MainWindow(Session(data_dir, store, runner))
    window.setGeometry(
        QApplication.primaryScreen().availableGeometry()
    )  # maximised (Xvfb has no window manager)
    window.show()
    window.show_page(window.tr("Pengaturan"))
    view = window.settings_view
    settle(lambda: view.operator_list.count() == 2)
    fill(view.enroll_form, base, new_code(settings, DESA))
    shoot(window, "settings")
    view.enroll_form.start()
    settle(lambda: view.enroll_form.result is not None)
    shoot(window, "settings-enrolled")
    records.save_household(store, household(2))
    window.show_page(window.tr("Rumah tangga & orang"))
    window.persons_view.model.reload()
    settle(lambda: window.persons_view.model.rowCount() > 0)
    shoot(window, "persons")
    window.show_page(window.tr("Sinkronisasi"))
    sync = window.sync_view
    sync.refresh()
    settle(lambda: sync.sync_button.isEnabled() and sync.pending.text().startswith("1 "))
    store.set_settings({"server_url": base.rsplit(":", 1)[0] + ":1"})  # the district server goes away
    sync.start_sync()
    settle(lambda: "Mencoba lagi" in sync.stage_label.text() or "Trying again" in sync.stage_label.text())
    shoot(window, "sync-retrying")
    settle(lambda: not sync._syncing)
    shoot(window, "sync-failed")
    window.locking = True
    window.close()
    runner.wait_idle()
    store.close()


def main() -> int:
    from support.live_server import live_server

    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    runner = Runner()
    with tempfile.TemporaryDirectory() as name, live_server(Path(name)) as (base, settings):
        wizard_pages(Path(name), base, runner)
        settings_and_sync(Path(name), base, settings, runner)
    return 0


if __name__ == "__main__":
    sys.exit(main())
