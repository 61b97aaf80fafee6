"""Screenshots of the persons list, the reports and the export dialog at 1366×768, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/polish_screenshots.py            # 100 %
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1.25 .venv/bin/python scripts/polish_screenshots.py
    ... scripts/polish_screenshots.py en      # the English screens (to look for Indonesian left in them)

Writes docs/screenshots/polish-*.png (-125 at 125 %, -en in English) from a throwaway data dir with demo data
(practice mode, nothing real). The window is sized to the whole 1366×768 screen, as a maximised window is."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget  # noqa: E402

from app.services import lifecycle  # noqa: E402
from app.services.demo import make_demo_data  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402
from app.ui.translations import apply_language  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SCREEN = (1366, 768)


def settle(condition=lambda: True, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(widget: QWidget, name: str, suffix: str) -> None:
    settle()
    pixmap = widget.grab()
    path = OUT / f"polish-{name}{suffix}.png"
    pixmap.save(str(path))
    print(path.relative_to(ROOT), pixmap.width(), "x", pixmap.height())


def main() -> int:
    lang = sys.argv[1] if len(sys.argv) > 1 else "id"
    _app = QApplication(sys.argv[:1])  # kept: the application lives as long as the windows
    apply_language(lang)
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    suffix = ("-125" if scale > 1 else "") + ("-en" if lang != "id" else "")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jaring-polish-") as tmp:
        data_dir = Path(tmp)
        store, _code = lifecycle.create_store(data_dir, "sari", "rahasia-123")
        make_demo_data(store, 60, complaints_every=4)
        session = Session(data_dir, store, Runner())
        window = MainWindow(session)
        window.resize(round(SCREEN[0] / scale), round(SCREEN[1] / scale))
        window.show()
        persons = window.persons_view
        settle(lambda: persons.model.rowCount() > 0)
        shoot(window, "persons", suffix)
        persons.search.setText("aisah")
        settle(lambda: persons.model.query == "aisah" and not persons.model.loading)
        shoot(window, "persons-aisah", suffix)
        persons.search.setText("zzqx")
        settle(lambda: persons.model.query == "zzqx" and not persons.model.loading)
        shoot(window, "persons-empty", suffix)
        persons.search.clear()
        window.show_page(window.tr("Laporan"))
        reports = window.reports_view
        settle(lambda: reports.report is not None)
        shoot(window, "reports", suffix)
        reports.findChild(QTabWidget, "reportTabs").setCurrentIndex(1)
        shoot(window, "reports-table", suffix)

        def dialog_shot() -> None:
            dialog = QApplication.activeModalWidget()
            dialog.findChild(QWidget, "exportFull").setChecked(True)
            shoot(dialog, "export-dialog", suffix)
            dialog.reject()

        QTimer.singleShot(300, dialog_shot)
        reports.ask_export()
        session.runner.wait_idle()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
