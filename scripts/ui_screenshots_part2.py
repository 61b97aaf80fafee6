"""Screenshots of the complaint, receipt, reports and sync screens, taken from the real X window under Xvfb.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/ui_screenshots_part2.py

Writes docs/screenshots/ui2-{complaints,receipt,reports,sync}.png from a throwaway data dir with demo data
(practice mode, nothing real). The receipt image is the PDF's page rasterised by poppler's pdftoppm."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_screenshots import OUT, PASSWORD, settle, shoot  # noqa: E402

from app.services import complaints, lifecycle, records  # noqa: E402
from app.services.demo import make_demo_data  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.receipt import render_receipt_pdf  # noqa: E402
from app.ui.runner import Runner  # noqa: E402
from app.ui.session import Session  # noqa: E402
from sync.protocol import ConflictNote, PulledRecord, PullPage, ReviewFlag  # noqa: E402


def shot(window, name: str) -> None:
    """The shared `shoot` names files ui-*.png; this part's are ui2-*.png."""
    shoot(window, f"2-{name}")
    (OUT / f"ui-2-{name}.png").replace(OUT / f"ui2-{name}.png")


def receipt_image(pdf: Path, path: Path) -> None:
    """The receipt PDF's page as a reader sees it, rasterised by poppler's pdftoppm."""
    subprocess.run(
        ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(path.with_suffix(""))], check=True
    )
    image = QImage(str(path))
    print(path.relative_to(ROOT), image.width(), "x", image.height())


def pull_a_district_edit(store) -> None:
    """What a pull brings after a concurrent edit elsewhere: the district's answer won over this laptop's,
    the server says so (a conflict note) and flags the record — applied through the store's real pull code."""
    record_id = store.db.reader().execute("SELECT record_id FROM household LIMIT 1").fetchone()[0]
    mine = records.open_record(store, record_id)
    answers = {**mine.answers, "alamat": {**mine.answers["alamat"], "jalan": "Jl. Tjilik Riwut No. 12"}}
    clocks = dict(mine.clocks)
    lost = clocks["alamat/jalan"]
    clocks["alamat/jalan"] = f"{int(lost[:13]) + 60_000:013d}-0000-tksk-selat"
    flag = ReviewFlag(code="imported", id="Alamat berbeda dengan daftar DTKS; mohon dicek di lapangan.",
                      en="The address differs from the DTKS list; please check in the field.", paths=["alamat/jalan"])  # fmt: skip
    note = ConflictNote(path="alamat/jalan", winner_value="Jl. Tjilik Riwut No. 12", winner_stamp=clocks["alamat/jalan"],
                        loser_value=mine.answers["alamat"].get("jalan"), loser_stamp=lost)  # fmt: skip
    pulled = PulledRecord(record_id=record_id, kind="household", form_id=mine.form_id, form_version=mine.form_version,
                          area=mine.area, answers=answers, clocks=clocks, rev=7, review_flags=[flag],
                          conflicts=[note], origin_device=store.device_id, created_by=mine.created_by)  # fmt: skip
    store.apply_pull_page(PullPage(cursor=0, next_cursor=0, has_more=False, records=[pulled]))


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jaring-shots2-") as tmp:
        data_dir = Path(tmp)
        store, _code = lifecycle.create_store(data_dir, "sari", PASSWORD)
        make_demo_data(store, 60, complaints_every=4)
        listed = complaints.list_complaints(store)
        long_ago = (datetime.now(UTC) - timedelta(days=6)).isoformat()
        with store.db.transaction() as conn:  # two complaints left waiting for verification: overdue
            for c in listed[:2]:
                conn.execute("UPDATE complaint SET received_at = ?, status_at = ? WHERE record_id = ?",
                             (long_ago, long_ago, c.record_id))  # fmt: skip
        pull_a_district_edit(store)
        session = Session(data_dir, store, Runner())
        window = MainWindow(session)
        window.resize(1200, 720)
        window.show()
        window.show_page("Pengaduan")
        view = window.complaints_view
        settle(lambda: view.model.rowCount() > 0)
        view.select(view.rows[0].record_id)
        settle(lambda: view.timeline.events.count() > 0)
        shot(window, "complaints")
        info = complaints.receipt(store, view.rows[0].record_id)
        receipt_image(render_receipt_pdf(info, data_dir / "receipt.pdf"), OUT / "ui2-receipt.png")
        window.show_page("Laporan")
        settle(lambda: window.reports_view.report is not None)
        shot(window, "reports")
        window.show_page("Sinkronisasi")
        settle(lambda: window.sync_view.pending.text() != "")
        settle(lambda: window.sync_view.review.list.count() > 0)
        shot(window, "sync")
        session.runner.wait_idle()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
