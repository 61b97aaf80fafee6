"""Screenshots of the laptop's screens for what was done for each person (issue #31), from real X windows:

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/care_screenshots.py
    (again with QT_SCALE_FACTOR=1.25 and SUFFIX=-125 for the 125 % shots)

Writes docs/screenshots/ui-person-page, ui-visit-schedule, ui-unserved and ui-coverage (.png) from a
throwaway data dir with demo data plus services and visits (practice mode, nothing real)."""

from __future__ import annotations

import os
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402
from ui_screenshots import OUT, grab  # noqa: E402

from app.services import care, lifecycle  # noqa: E402
from app.services.demo import make_demo_data  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402

PASSWORD = "rahasia-123"
TODAY = date(2026, 12, 8)
SUFFIX = os.environ.get("SUFFIX", "")


def shoot(window, name: str) -> None:
    grab(window, f"ui-{name}{SUFFIX}.png")


def add_care(store) -> tuple[str, str]:
    """Services and visits for the demo's PPKS persons; returns the person with the longest history."""
    rng = random.Random(3)
    rows = store.db.reader().execute(
        "SELECT record_id, member_id, desa FROM person WHERE ppks <> '[]' ORDER BY name").fetchall()  # fmt: skip
    codes = ["pkh", "bpnt", "aslut", "pbi_jk", "atensi", "alat_bantu", "kip"]
    agencies = {"pkh": "kemensos", "bpnt": "kemensos", "aslut": "kemensos", "pbi_jk": "bpjs", "atensi": "dinsos",
                "alat_bantu": "dinsos", "kip": "disdik"}  # fmt: skip
    for i, (h, m, _desa) in enumerate(rows):
        if i % 3 == 2:
            continue  # not served: the unserved list
        base = {**care.subject_answers(store, h, m), "sumber": "laptop"}
        for k in range(1 + (i == 0) * 3):
            code = codes[(i + k) % len(codes)]
            day = TODAY - timedelta(days=rng.randrange(20, 200))
            care.save_service(store, {**base, "layanan": code, "tanggal": day.isoformat(),
                                      "instansi": agencies[code], "jumlah": rng.choice([None, 300000, 600000])})  # fmt: skip
        if i % 2 == 0:
            last = TODAY - timedelta(days=rng.randrange(10, 60))
            care.save_visit(store, {**care.subject_answers(store, h, m), "tanggal": last.isoformat(),
                                    "kondisi": rng.choice(["membaik", "tetap", "memburuk"]),
                                    "kebutuhan": ["alat_bantu"] if i % 4 == 0 else [],
                                    "kunjungan_berikut": (last + timedelta(days=rng.choice([20, 30, 45, 60]))).isoformat()})  # fmt: skip
    return rows[0][0], rows[0][1]


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    runner = Runner()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store, _code = lifecycle.create_store(data_dir, "sari", PASSWORD)
        make_demo_data(store, 40)
        person = add_care(store)
        store.close()
        store = lifecycle.open_session(data_dir, "sari", PASSWORD)
        window = MainWindow(Session(data_dir, store, runner))
        window.today = lambda: TODAY
        window.resize(1366, 740)
        window.show()
        page = window.open_person_page(*person)
        page.resize(1100, 620)
        shoot(page, "person-page")
        page.service_button.click()  # Catat layanan: the form opens with the person filled in, ids not shown
        editor = window.editors[-1]
        editor.resize(1100, 700)
        shoot(editor, "service-form")
        editor.close()
        page.close()
        window.schedule_view.reload()
        window.show_page(window.tr("Jadwal kunjungan"))
        shoot(window, "visit-schedule")
        window.unserved_view.reload()
        window.show_page(window.tr("Belum terlayani"))
        shoot(window, "unserved")
        window.show_page(window.tr("Laporan"))
        reports = window.reports_view
        tab_widget = reports.findChild(QTabWidget, "reportTabs")
        tab_widget.setCurrentWidget(reports.coverage)
        reports.coverage.year.setValue(2026)
        reports.coverage.month.setCurrentIndex(0)
        shoot(window, "coverage")
        window.close()
        runner.wait_idle()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
