"""Locking and switching operator by hand, closing the main window, and the window's size: through the real app
(JaringApp) on a real encrypted store. Ctrl+L locks from the main window and from a form window in front of it;
Switch operator returns to a login with nobody chosen; the login's password field has the focus; closing the
main window ends the app; the window opens maximised the first time and as it was left after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QWidget

from app.services import drafts, lifecycle
from app.ui.app import JaringApp
from support.store import PASSWORD, make_store


def _login(qtbot, app: JaringApp, name: str):
    login = app.login
    login.show()
    box = login.findChild(QListWidget, "operatorList")
    if (
        box.currentItem() is None or box.currentItem().text() != name
    ):  # a click on the name, as a person picks it
        item = box.item([box.item(i).text() for i in range(box.count())].index(name))
        QTest.mouseClick(box.viewport(), Qt.MouseButton.LeftButton, pos=box.visualItemRect(item).center())
    assert login.focusWidget() is login.findChild(QLineEdit, "loginPassword")  # type the password at once
    with qtbot.waitSignal(app.main_window_shown, timeout=10_000):
        QTest.keyClicks(login.focusWidget(), PASSWORD if name == "sari" else "budi-sandi-99")
        QTest.keyClick(login.focusWidget(), Qt.Key.Key_Return)
    return app.main_window


def _press_ctrl_l(widget: QWidget) -> None:
    widget.activateWindow()
    QTest.keyClick(widget, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_l_locks_and_switch_operator_asks_who(qtbot, jaring_app, data_dir):
    store = make_store(data_dir)
    store.add_operator("budi", "budi-sandi-99")
    store.close()
    app = jaring_app
    app.start()
    window = _login(qtbot, app, "sari")
    qtbot.waitExposed(window)
    _press_ctrl_l(window)
    qtbot.waitUntil(lambda: app.session is None, timeout=10_000)
    assert (
        app.main_window is None and app.login.operators.currentItem().text() == "sari"
    )  # locked: sari again

    # From a form window in front, with something typed: Ctrl+L still locks, and the draft is kept.
    window = _login(qtbot, app, "sari")
    editor = window.new_household()
    qtbot.waitExposed(editor)
    QTest.keyClicks(editor.findChild(QWidget, "field_kepala_keluarga").focus_widget(), "Budi Santoso")
    _press_ctrl_l(editor)
    qtbot.waitUntil(lambda: app.session is None, timeout=10_000)
    opened = lifecycle.open_session(data_dir, "sari", PASSWORD)
    assert [d.answers.get("kepala_keluarga") for d in drafts.list_drafts(opened)] == ["Budi Santoso"]
    opened.close()

    # Switch operator: back to a login where nobody is chosen for the next person.
    window = _login(qtbot, app, "sari")
    window.findChild(QPushButton, "switchOperatorButton").click()
    qtbot.waitUntil(lambda: app.session is None, timeout=10_000)
    assert app.login.operators.currentItem() is None
    assert app.login.focusWidget() is app.login.operators
    window = _login(qtbot, app, "budi")
    assert app.session.operator == "budi"
    app.lock()


# The real app in its own process, its real event loop: it logs in, leaves a stray top-level window open (as
# parentless labels once did), sets the window's size, and closes the main window by hand after a moment.
CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from app.ui.app import JaringApp
qt = QApplication(sys.argv[:1])
app = JaringApp(sys.argv[1])
seen = {}
def shown(window):
    seen.update(maximized=window.isMaximized())
    stray = QLabel("stray")
    stray.show()
    seen["stray"] = stray
    def close():
        seen.update(size=[window.width(), window.height()])
        window.showNormal()
        window.setGeometry(40, 50, 1010, 620)
        QTimer.singleShot(200, window.close)
    QTimer.singleShot(200, close)
app.main_window_shown.connect(shown)
app.start()
app.login.password.setText(sys.argv[2])
app.login.login()
code = qt.exec()
app.shutdown()
print(json.dumps({"code": code, "maximized": seen["maximized"], "size": seen["size"]}))
"""


def _run_app(data_dir) -> dict:
    import json
    import os
    import subprocess
    import sys

    screen = data_dir.parent / "screen-1366x768.json"  # the laptops' screen (offscreen's own is 800×800)
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), PASSWORD], env=env, capture_output=True,
                          text=True, timeout=90)  # a window that does not end the app: the run times out  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_closing_the_main_window_ends_the_app_and_it_reopens_as_left(data_dir):
    make_store(data_dir).close()
    first = _run_app(data_dir)  # returns at all: closing the main window ended the app, the stray window open
    assert first["code"] == 0 and first["maximized"]  # the first time: all of a 1366×768 screen
    again = _run_app(data_dir)
    assert not again["maximized"] and again["size"] == [1010, 620]  # as it was left
    assert first["size"][0] >= 1300  # maximised filled the laptop's screen
