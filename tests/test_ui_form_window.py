"""The form window itself: it leaves no stray windows behind (issue #27: message labels without a parent
became 6×14 px top-level windows that kept the app from quitting), and at 125% scaling on a 1366×768
laptop it fits the screen with Save reachable."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.services import records
from app.ui.main_window import MainWindow
from forms.samples import make_household, villages_of
from support.store import make_store, session_for

ROOT = Path(__file__).resolve().parent.parent


def test_opening_and_closing_forms_leaves_no_parentless_window(qtbot, data_dir):
    store = make_store(data_dir)
    desa = villages_of(store.area)[0]
    saved = records.save_household(store, make_household(random.Random(3), desa, serial=3))
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    before = set(QApplication.topLevelWidgets())
    editor = window.new_household()
    qtbot.mouseClick(editor.findChild(QPushButton, "field_anggota_add"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
        window.open_record(saved.record_id)
    editors = [editor, opened.args[0]]
    for e in editors:
        e.refresh()
    QApplication.processEvents()
    # While open: every window without a parent is one of ours (popups such as a dropdown's list have one).
    strays = [
        w
        for w in QApplication.topLevelWidgets()
        if w.parent() is None and w not in before and w not in editors
    ]
    assert strays == [], [f"{type(w).__name__} {w.objectName()!r}" for w in strays]
    shown = [
        w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before and w not in editors
    ]
    assert shown == [], [f"{type(w).__name__} {w.objectName()!r}" for w in shown]
    for e in editors:
        e.dirty = False
        e.close()
    qtbot.waitUntil(lambda: window.editors == [])
    QApplication.sendPostedEvents(None, 52)  # QEvent.DeferredDelete: the closed windows are deleted
    QApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w not in before and isinstance(w, QWidget)]
    assert left == [], [f"{type(w).__name__} {w.objectName()!r}" for w in left]
    window.session.runner.wait_idle()
    store.close()


FIT = """
import json, sys
from PySide6.QtWidgets import QApplication, QPushButton
app = QApplication(sys.argv[:1])
sys.path.insert(0, sys.argv[2])
from support.store import make_store, session_for
from pathlib import Path
from app.ui.main_window import MainWindow
store = make_store(Path(sys.argv[1]))
window = MainWindow(session_for(store, Path(sys.argv[1])))
window.show()
editor = window.new_household()
app.processEvents()
save = editor.findChild(QPushButton, "saveButton")
room = editor.screen().availableGeometry()
corner = save.mapToGlobal(save.rect().bottomRight())
print(json.dumps({"room": [room.width(), room.height()], "window": [editor.frameGeometry().x(),
      editor.frameGeometry().y(), editor.width(), editor.height()], "save": [corner.x(), corner.y()],
      "save_visible": save.isVisible(), "scale": editor.devicePixelRatio()}))
window.session.runner.wait_idle()
store.close()
"""


def test_at_125_percent_on_1366x768_the_form_window_fits_and_save_is_on_screen(tmp_path):
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBpi": 96, "dpr": 1}]}))  # fmt: skip
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "QT_SCALE_FACTOR": "1.25",
           "JARING_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}  # fmt: skip
    out = subprocess.run([sys.executable, "-c", FIT, str(data), str(ROOT / "tests")], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    room_w, room_h = shown["room"]
    x, y, w, h = shown["window"]
    assert shown["scale"] == 1.25 and (room_w, room_h) == (1093, 614)  # 1366×768 at 125%, in Qt's pixels
    assert w <= room_w and h <= room_h - 30, shown  # room left for the title bar
    assert 0 <= x and 0 <= y and x + w <= room_w and y + h <= room_h
    assert shown["save_visible"] and shown["save"][0] <= room_w and shown["save"][1] <= room_h, shown
