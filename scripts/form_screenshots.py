"""Screenshots of the household form window on a 1366×768 laptop screen, at 100% and at 125% scaling,
taken from a real X window under Xvfb (the whole screen, so an open dropdown list shows too).

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb .venv/bin/python scripts/form_screenshots.py
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=1.25 \\
        .venv/bin/python scripts/form_screenshots.py

Writes docs/screenshots/form-{start,members,filter,drafts}[-125].png: a new household (the desa filled from
the enrolled area, the section list), a household of three members being entered (two folded under their
names, a NIK message in the line below the form), a dropdown filtering on "ker", and the drafts list. The
data is made up, in a throwaway data dir; the form is filled with real key presses and clicks
(scripts/household_input_driver.py's driver)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), str(ROOT / "scripts")] + [
    p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"
]
sys.argv = [sys.argv[0], "--style", "keyboard"]  # the driver reads its arguments when imported

import household_input_driver as driven  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(seconds: float = 0.4) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def shoot(name: str) -> None:
    settle()
    suffix = "-125" if os.environ.get("QT_SCALE_FACTOR") == "1.25" else ""
    pixmap = QApplication.primaryScreen().grabWindow(0)  # the whole screen: the form and any open list
    path = OUT / f"form-{name}{suffix}.png"
    pixmap.save(str(path))
    print(path.relative_to(ROOT), pixmap.width(), "x", pixmap.height())


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print("run under xvfb-run with QT_QPA_PLATFORM=xcb (a real X window)", file=sys.stderr)
        return 1
    from app.services import drafts
    from app.ui.main_window import MainWindow
    from app.ui.runner import Runner
    from app.ui.session import Session

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store, desa = driven.make_store(Path(tmp) / "data")
        session = Session(Path(tmp) / "data", store, Runner())
        window = MainWindow(session)
        window.show()
        editor = window.new_household()
        editor.activateWindow()
        driven.wait_until(lambda: not session.runner.busy)
        settle()
        shoot("start")

        counter = driven.Counter(editor)
        fill = driven.Driver(editor, counter, "keyboard", desa, new_ui=True)
        fill.choice("field_persetujuan", True)
        fill.text("field_no_kk", driven.nik_of(desa, "L", driven.date(2015, 3, 4), 9))
        fill.text("field_kepala_keluarga", driven.MEMBERS[0][0])
        for n, member in enumerate(driven.MEMBERS[:2], start=1):
            fill.add_member(n)
            fill.member(n, member)
        fill.add_member(3)
        fill.text("field_anggota_3_nama", driven.MEMBERS[2][0])
        nik = editor.findChild(QLineEdit, "field_anggota_3_nik_edit")
        nik.setFocus()
        QTest.keyClicks(nik, "6203 0152")  # half a NIK, typed as on the card: its message waits below
        editor.refresh()
        shoot("members")

        floor = editor.findChild(QComboBox, "field_perumahan_lantai_combo")
        editor.go_to(2)
        settle()
        floor.setFocus(Qt.FocusReason.TabFocusReason)
        QTest.keyClicks(floor, "ker")
        shoot("filter")
        QTest.keyClick(floor.completer().popup(), Qt.Key.Key_Escape)

        editor.autosave()
        driven.wait_until(lambda: editor.draft_id is not None)
        second = window.new_household()
        QTest.keyClicks(second.findChild(QWidget, "field_kepala_keluarga").focus_widget(), "Siti Rahma")
        second.autosave()
        driven.wait_until(lambda: second.draft_id is not None)
        for e in (editor, second):
            e.dirty = False
            e.close()
        drafts.list_drafts(store)  # warm: the drafts screen reads the same list
        window.show_page("Draf")
        window.activateWindow()
        shoot("drafts")
        window.close()
        session.runner.wait_idle()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
