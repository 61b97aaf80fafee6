"""The first-run wizard, login, main window navigation and the persons list, driven as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableView

from app.services import lifecycle, search
from app.ui.login import LoginWidget
from app.ui.main_window import MainWindow
from app.ui.runner import Runner
from support.store import PASSWORD, make_store, session_for


def _child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, name
    return found


def test_first_run_wizard_creates_the_store_and_opens_the_main_window(qtbot, jaring_app, data_dir):
    app = jaring_app
    app.start()
    wizard = app.wizard
    next_button = _child(wizard, QPushButton, "wizardNext")
    assert not next_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(_child(wizard, QLineEdit, "operatorName"), "Sari")
    qtbot.keyClicks(_child(wizard, QLineEdit, "operatorPassword"), "pendek")
    qtbot.keyClicks(_child(wizard, QLineEdit, "operatorPasswordConfirm"), "pendek")
    assert not next_button.isEnabled()
    assert "8" in _child(wizard, QLabel, "operatorMessage").text()
    for name in ("operatorPassword", "operatorPasswordConfirm"):
        _child(wizard, QLineEdit, name).clear()
        qtbot.keyClicks(_child(wizard, QLineEdit, name), PASSWORD)
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    code = _child(wizard, QLabel, "recoveryCode")
    qtbot.waitUntil(lambda: bool(code.text()), timeout=15_000)
    assert lifecycle.store_exists(data_dir)
    assert not next_button.isEnabled()  # the code must be confirmed as written down first
    _child(wizard, QCheckBox, "recoveryConfirmed").click()
    assert next_button.isEnabled()
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert wizard.findChild(object, "enrollPractice").isChecked()
    assert wizard.findChild(object, "enrollServer").isEnabled()  # enrollment is offered beside practice
    with qtbot.waitSignal(app.main_window_shown, timeout=5_000):
        qtbot.mouseClick(_child(wizard, QPushButton, "wizardFinish"), Qt.MouseButton.LeftButton)
    window = app.main_window
    assert "Sari" in window.findChild(QLabel, "sessionStatus").text()
    assert "LATIHAN" in window.findChild(QLabel, "sessionStatus").text()
    # The recovery code really opens the store.
    recovered = lifecycle.open_with_recovery(data_dir, code.text())
    recovered.close()


def test_login_refuses_a_wrong_password_then_lets_the_right_operator_in(qtbot, data_dir):
    store = make_store(data_dir)
    store.add_operator("budi", "budi-sandi-99")
    store.close()
    runner = Runner()
    login = LoginWidget(data_dir, runner)
    qtbot.addWidget(login)
    operators = _child(login, QListWidget, "operatorList")
    assert [operators.item(i).text() for i in range(operators.count())] == ["sari", "budi"]
    operators.setCurrentRow(1)
    password = _child(login, QLineEdit, "loginPassword")
    message = _child(login, QLabel, "loginMessage")
    qtbot.keyClicks(password, PASSWORD)  # sari's password is not budi's
    qtbot.keyClick(password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "salah" in message.text(), timeout=10_000)
    password.clear()
    qtbot.keyClicks(password, "budi-sandi-99")
    with qtbot.waitSignal(login.logged_in, timeout=10_000) as blocker:
        qtbot.keyClick(password, Qt.Key.Key_Return)
    store = blocker.args[0]
    assert store.operator == "budi"
    store.close()


def test_navigation_reaches_every_screen_and_says_what_is_not_there_yet(qtbot, data_dir):
    store = make_store(data_dir)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    nav = _child(window, QListWidget, "navigation")
    titles = [nav.item(i).text() for i in range(nav.count())]
    assert titles == ["Rumah tangga & orang", "Pengaduan", "Draf", "Sinkronisasi", "Laporan", "Jadwal kunjungan",
                      "Belum terlayani", "Musyawarah desa", "Pengaturan"]  # fmt: skip
    nav.setCurrentRow(3)
    assert window.pages.currentWidget().objectName() == "syncView"
    nav.setCurrentRow(4)
    assert window.pages.currentWidget().objectName() == "reportsView"
    window.session.runner.wait_idle()
    store.close()


def test_persons_list_pages_and_searches_as_you_type(qtbot, data_dir):
    store = make_store(data_dir, households=40)
    total = search.list_persons(store, limit=1).total
    assert total > 100  # so the list must fetch more than one page
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.persons_view
    table = _child(window, QTableView, "personsTable")
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == 100, timeout=10_000)
    assert model.total == total
    assert model.canFetchMore()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == min(200, total)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    # Search by one person's NIK and then by name, typed into the box.
    target = next(p for p in search.list_persons(store, limit=50).rows if p.nik)
    box = _child(window, QLineEdit, "personsSearch")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.keyClicks(box, target.nik)
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == target.name
    box.clear()
    first_word = target.name.split()[0]
    qtbot.waitUntil(lambda: model.query == "" and model.rowCount() == 100, timeout=10_000)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.keyClicks(box, first_word)
    assert 0 < model.rowCount() < 100
    # A person matches by their own name or by their household head's (column 6).
    assert all(
        first_word.lower() in (model.index(r, 0).data() + " " + model.index(r, 6).data()).lower()
        for r in range(model.rowCount())
    )
    # Sorting by the name column descending asks the service again.
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == sorted(names, key=str.casefold, reverse=True)
    window.session.runner.wait_idle()
    store.close()
