"""Screenshots of the laptop's village meeting (issue #34) from a real X window, and the minutes PDF rendered:

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/dtsen_screenshots.py
    (again with QT_SCALE_FACTOR=1.25 and SUFFIX=-125 for the 125 % shot)

Writes docs/screenshots/ui-meeting(.png) and dtsen-minutes-pdf.png (pdftoppm) from a throwaway data dir with
demo data and a month of proposals (practice data, nothing real)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_screenshots import OUT, grab  # noqa: E402

from app.services import lifecycle, proposals  # noqa: E402
from app.services.demo import make_demo_data  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402

PASSWORD = "rahasia-123"
TODAY = date(2026, 12, 8)
SUFFIX = os.environ.get("SUFFIX", "")
REASONS = ["pindah", "meninggal", "sudah_mampu"]


def add_proposals(store) -> None:
    rows = store.db.reader().execute("SELECT record_id FROM household ORDER BY record_id LIMIT 6").fetchall()
    day = TODAY.replace(day=3)
    for i, (hid,) in enumerate(rows):
        if i % 3 == 0:
            answers = {**proposals.new_proposal(store, "hapus", hid, today=day), "alasan_hapus": REASONS[i % 3],
                       "alasan": "Dilaporkan ketua RT"}  # fmt: skip
        elif i % 3 == 1:
            answers = {**proposals.new_proposal(store, "sanggah", hid, today=day), "sanggah_atas": "desil",
                       "desil": 7, "alasan": "Penghasilan tidak tetap, rumah menumpang"}  # fmt: skip
        else:
            answers = proposals.with_correction(store, {**proposals.new_proposal(store, "perbaikan", hid, today=day),
                                                        "alasan": "Salah ketik"}, "alamat/rt", "4")  # fmt: skip
        pid = proposals.save_proposal(store, answers).record_id
        if i < 4:
            proposals.decide(store, pid, proposals.AGREED if i != 2 else proposals.DROPPED, TODAY)
    desa = store.get_record(rows[0][0]).answers["alamat"]["desa"]
    proposals.save_proposal(store, {**proposals.new_proposal(store, "tambah", today=day), "nama": "Ahmad Fauzi", "desa": desa,
                                    "alamat": "Jl. Sudirman RT 2/RW 1", "alasan": "Keluarga miskin baru"})  # fmt: skip


def shoot(window, name: str) -> None:
    grab(window, f"{name}{SUFFIX}.png")


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    runner = Runner()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store, _code = lifecycle.create_store(data_dir, "sari", PASSWORD)
        make_demo_data(store, 12)
        add_proposals(store)
        store.close()
        store = lifecycle.open_session(data_dir, "sari", PASSWORD)
        window = MainWindow(Session(data_dir, store, runner))
        window.today = lambda: TODAY
        scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
        window.resize(int(1366 / scale), int(740 / scale))  # the 1366×768 screen, at 125 % too
        window.show()
        window.show_page(window.tr("Musyawarah desa"))
        view = window.meeting_view
        view.attendance.setPlainText(
            "Budi Santoso — Kepala Desa\nSri Wahyuni — Sekretaris Desa\nAgus — Ketua BPD"
        )
        view.reload()
        shoot(window, "ui-meeting")
        if not SUFFIX:
            pdf = view.save_minutes(Path(tmp) / "minutes.pdf")
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", str(pdf), str(OUT / "dtsen-minutes-pdf")],
                           check=True)  # fmt: skip
            print("docs/screenshots/dtsen-minutes-pdf.png")
        window.close()
        runner.wait_idle()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
