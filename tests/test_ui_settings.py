"""The settings screen (language, idle lock time, operators), the idle lock and password recovery,
driven through the real widgets and the real encrypted store."""

from __future__ import annotations

import gc

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.services import drafts, lifecycle, operators, settings
from app.ui.app import JaringApp
from app.ui.login import LoginWidget
from app.ui.runner import Runner
from app.ui.settings_view import SettingsView
from forms.problems import UserError
from support.store import PASSWORD, make_store, session_for


def _child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, name
    return found


def _names(view: SettingsView) -> list[str]:
    box = view.operator_list
    return [box.item(i).text() for i in range(box.count())]


def _login(qtbot, app: JaringApp, name: str, password: str):
    login = app.login
    box = _child(login, QListWidget, "operatorList")
    box.setCurrentRow([box.item(i).text() for i in range(box.count())].index(name))
    qtbot.keyClicks(_child(login, QLineEdit, "loginPassword"), password)
    with qtbot.waitSignal(app.main_window_shown, timeout=10_000):
        qtbot.keyClick(_child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    return app.main_window  # the app deletes its own windows (on lock): not handed to qtbot


def test_laptop_settings_are_saved_and_read_back_bad_values_refused(qtbot, data_dir):
    store = make_store(data_dir)
    view = SettingsView(session_for(store, data_dir))
    qtbot.addWidget(view)
    assert settings.load(data_dir) == settings.LaptopSettings()  # nothing saved yet: the defaults
    language = _child(view, QComboBox, "settingsLanguage")
    language.setCurrentIndex(language.findData("en"))
    _child(view, QSpinBox, "settingsIdleMinutes").setValue(5)
    with qtbot.waitSignal(view.settings_saved) as saved:
        qtbot.mouseClick(_child(view, QPushButton, "settingsSave"), Qt.MouseButton.LeftButton)
    assert saved.args[0] == settings.LaptopSettings(language="en", idle_minutes=5)
    assert settings.load(data_dir) == settings.LaptopSettings(language="en", idle_minutes=5)
    assert "dibuka ulang" in _child(view, QLabel, "languageNote").text()
    # A new screen shows what was saved.
    again = SettingsView(session_for(store, data_dir))
    qtbot.addWidget(again)
    assert _child(again, QComboBox, "settingsLanguage").currentData() == "en"
    assert _child(again, QSpinBox, "settingsIdleMinutes").value() == 5
    # Out-of-range values are refused in both languages; a damaged file falls back to the defaults.
    try:
        settings.save(data_dir, settings.LaptopSettings(language="fr", idle_minutes=5))
    except UserError as err:
        assert "Bahasa" in err.message("id") and "language" in err.message("en")
    else:
        raise AssertionError("an unknown language was saved")
    assert settings.load(data_dir).language == "en"  # the refused save left the file alone
    (data_dir / settings.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert settings.load(data_dir) == settings.LaptopSettings()
    store.close()


def test_idle_time_without_input_locks_to_the_login_screen(qtbot, jaring_app, data_dir):
    make_store(data_dir).close()
    app = jaring_app
    app.idle_ms = 60_000
    app.start()
    window = _login(qtbot, app, "sari", PASSWORD)
    assert gc.get_freeze_count() > 0  # the session's long-lived objects are out of the collector's way
    timer = app.idle.timer
    # Input restarts the countdown: let some of it run out, press a key, and it is full again.
    qtbot.waitUntil(lambda: timer.remainingTime() < 59_700, timeout=5_000)
    QApplication.sendEvent(
        window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    )
    assert timer.remainingTime() > 59_700
    # A form left open with something typed in it.
    editor = window.new_household()
    qtbot.keyClicks(editor.findChild(QWidget, "field_kepala_keluarga").focus_widget(), "Budi Santoso")
    # With a short idle time and no input, the window locks: the session is closed, login comes back.
    app.idle.set_timeout(200)
    with qtbot.waitSignal(app.idle.idle, timeout=5_000):
        pass
    assert app.session is None and app.main_window is None
    assert gc.get_freeze_count() == 0  # the closed window's objects can be collected
    # The open form was closed on the way, its draft saved before the store was closed.
    store = lifecycle.open_session(data_dir, "sari", PASSWORD)
    assert [d.answers.get("kepala_keluarga") for d in drafts.list_drafts(store)] == ["Budi Santoso"]
    store.close()
    assert app.login.isVisible()
    assert app.login.operators.currentItem().text() == "sari"
    # Logging in again works, with a fresh watcher.
    _login(qtbot, app, "sari", PASSWORD)
    assert app.idle is not None and app.idle.timer.isActive()
    app.lock()


def _answer_confirm(qtbot, button: str) -> None:
    """Click `button` (confirmYes / confirmNo) of the confirmation box once it is open (it is modal)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != "confirmDialog":
            QTimer.singleShot(20, click)
            return
        _child(box, QPushButton, button).click()

    QTimer.singleShot(0, click)


def _type_new_operator(qtbot, view, name: str, password: str, again: str) -> None:
    for field, text in (("newOperatorName", name), ("newOperatorPassword", password),
                        ("newOperatorPasswordConfirm", again)):  # fmt: skip
        _child(view, QLineEdit, field).clear()
        qtbot.keyClicks(_child(view, QLineEdit, field), text)


def test_operators_added_renamed_password_removed_with_confirmation(qtbot, data_dir):
    store = make_store(data_dir)
    session = session_for(store, data_dir)
    view = SettingsView(session)
    qtbot.addWidget(view)
    message = _child(view, QLabel, "operatorMessage")
    qtbot.waitUntil(lambda: _names(view) == ["sari"], timeout=10_000)
    assert "sari" in _child(view, QLabel, "operatorAdminNote").text()  # who set the laptop up manages it
    # A short password, then two that differ, are refused with the reason; nothing is added.
    _type_new_operator(qtbot, view, "budi", "pendek", "pendek")
    qtbot.mouseClick(_child(view, QPushButton, "addOperator"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "8" in message.text(), timeout=10_000)
    _type_new_operator(qtbot, view, "budi", "budi-sandi-99", "budi-sandi-98")
    qtbot.mouseClick(_child(view, QPushButton, "addOperator"), Qt.MouseButton.LeftButton)
    assert "tidak sama" in message.text()
    session.runner.wait_idle()
    assert lifecycle.list_operators(data_dir) == ["sari"]
    _type_new_operator(qtbot, view, "budi", "budi-sandi-99", "budi-sandi-99")
    with qtbot.waitSignal(view.operators_changed, timeout=10_000):
        qtbot.mouseClick(_child(view, QPushButton, "addOperator"), Qt.MouseButton.LeftButton)
    assert _names(view) == ["sari", "budi"]
    lifecycle.open_session(data_dir, "budi", "budi-sandi-99").close()  # budi logs in with his own password
    # Change budi's password: the old one no longer opens the store, the new one does.
    view.operator_list.setCurrentRow(1)
    with qtbot.waitSignal(view.operators_changed, timeout=10_000):
        view.change_password("budi-baru-1234")
    try:
        lifecycle.open_session(data_dir, "budi", "budi-sandi-99").close()
    except UserError:
        pass
    else:
        raise AssertionError("the old password still opens the store")
    lifecycle.open_session(data_dir, "budi", "budi-baru-1234").close()
    # The logged-in operator cannot remove themselves.
    view.operator_list.setCurrentRow(0)
    assert not _child(view, QPushButton, "removeOperator").isEnabled()
    view.remove_operator()
    assert "tidak bisa dihapus" in message.text() and _names(view) == ["sari", "budi"]
    # Removing asks first, in Indonesian: "Tidak" keeps budi, "Ya, hapus" removes him.
    view.operator_list.setCurrentRow(1)
    _answer_confirm(qtbot, "confirmNo")
    qtbot.mouseClick(_child(view, QPushButton, "removeOperator"), Qt.MouseButton.LeftButton)
    session.runner.wait_idle()
    assert lifecycle.list_operators(data_dir) == ["sari", "budi"]
    _answer_confirm(qtbot, "confirmYes")
    with qtbot.waitSignal(view.operators_changed, timeout=10_000):
        qtbot.mouseClick(_child(view, QPushButton, "removeOperator"), Qt.MouseButton.LeftButton)
    assert _names(view) == ["sari"] and lifecycle.list_operators(data_dir) == ["sari"]
    session.runner.wait_idle()
    store.close()


def test_an_operator_who_is_not_an_administrator_changes_only_their_own_password(qtbot, data_dir):
    store = make_store(data_dir)
    operators.add(store, "budi", "budi-sandi-99")
    store.close()
    store = lifecycle.open_session(data_dir, "budi", "budi-sandi-99")
    session = session_for(store, data_dir)
    view = SettingsView(session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: _names(view) == ["sari", "budi"], timeout=10_000)
    assert "Hanya administrator (sari)" in _child(view, QLabel, "operatorAdminNote").text()
    assert not _child(view, QWidget, "addOperatorRow").isEnabled()
    view.operator_list.setCurrentRow(0)  # sari: neither removed nor given a new password by budi
    assert not _child(view, QPushButton, "removeOperator").isEnabled()
    assert not _child(view, QPushButton, "changePassword").isEnabled()
    with qtbot.waitSignal(view.operators_changed, timeout=10_000, raising=False) as refused:
        view.change_password("diambil-alih-1")  # even asked directly, the store refuses
    session.runner.wait_idle()
    assert not refused.signal_triggered and "administrator" in _child(view, QLabel, "operatorMessage").text()
    lifecycle.open_session(data_dir, "sari", PASSWORD).close()
    # His own password: asked twice; OK stays off until both match.
    view.operator_list.setCurrentRow(1)
    assert _child(view, QPushButton, "changePassword").isEnabled()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "passwordDialog":
            QTimer.singleShot(20, answer)
            return
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok.text() == "Simpan"
        qtbot.keyClicks(_child(dialog, QLineEdit, "newPassword"), "budi-baru-2026")
        qtbot.keyClicks(_child(dialog, QLineEdit, "newPasswordConfirm"), "budi-baru-2025")
        assert not ok.isEnabled() and "tidak sama" in _child(dialog, QLabel, "passwordMessage").text()
        _child(dialog, QLineEdit, "newPasswordConfirm").clear()
        qtbot.keyClicks(_child(dialog, QLineEdit, "newPasswordConfirm"), "budi-baru-2026")
        assert ok.isEnabled()
        ok.click()

    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(view.operators_changed, timeout=10_000):
        _child(view, QPushButton, "changePassword").click()
    session.runner.wait_idle()
    store.close()
    lifecycle.open_session(data_dir, "budi", "budi-baru-2026").close()


def test_recovery_code_resets_a_forgotten_password(data_dir):
    store, code = lifecycle.create_store(data_dir, "sari", PASSWORD)
    store.close()
    try:
        operators.recover(data_dir, "AAAA-BBBB-CCCC-DDDD", "sari", "sandi-baru-77")
    except UserError:
        pass
    else:
        raise AssertionError("a wrong recovery code was accepted")
    operators.recover(data_dir, code, "sari", "sandi-baru-77")
    lifecycle.open_session(data_dir, "sari", "sandi-baru-77").close()
    try:
        lifecycle.open_session(data_dir, "sari", PASSWORD).close()
    except UserError:
        pass
    else:
        raise AssertionError("the forgotten password still opens the store")


def test_login_screen_resets_a_forgotten_password_with_the_recovery_code(qtbot, data_dir):
    store, code = lifecycle.create_store(data_dir, "sari", PASSWORD)
    store.close()
    login = LoginWidget(data_dir, Runner())
    qtbot.addWidget(login)
    login.show()
    qtbot.mouseClick(_child(login, QPushButton, "forgotPassword"), Qt.MouseButton.LeftButton)
    assert _child(login, QWidget, "recoveryPanel").isVisible()
    message = _child(login, QLabel, "loginMessage")
    assert login.focusWidget() is _child(login, QLineEdit, "recoveryCodeInput")
    qtbot.keyClicks(_child(login, QLineEdit, "recoveryCodeInput"), "AAAA-BBBB-CCCC-DDDD")
    qtbot.keyClicks(_child(login, QLineEdit, "recoveryNewPassword"), "sandi-baru-77")
    qtbot.keyClicks(_child(login, QLineEdit, "recoveryNewPasswordConfirm"), "sandi-baru-78")
    qtbot.mouseClick(_child(login, QPushButton, "recoveryReset"), Qt.MouseButton.LeftButton)
    assert "tidak sama" in message.text()  # the new password typed twice, differently: not sent
    _child(login, QLineEdit, "recoveryNewPasswordConfirm").clear()
    qtbot.keyClicks(_child(login, QLineEdit, "recoveryNewPasswordConfirm"), "sandi-baru-77")
    qtbot.mouseClick(_child(login, QPushButton, "recoveryReset"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _child(login, QPushButton, "recoveryReset").isEnabled() and "Membuka" not in message.text(),
                    timeout=10_000)  # fmt: skip
    assert "Kode pemulihan salah" in message.text()  # not "wrong password": they typed no password
    lifecycle.open_session(data_dir, "sari", PASSWORD).close()  # a wrong code changed nothing
    _child(login, QLineEdit, "recoveryCodeInput").clear()
    qtbot.keyClicks(_child(login, QLineEdit, "recoveryCodeInput"), code)
    qtbot.mouseClick(_child(login, QPushButton, "recoveryReset"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "diatur ulang" in message.text(), timeout=10_000)
    assert not _child(login, QWidget, "recoveryPanel").isVisible()
    qtbot.keyClicks(_child(login, QLineEdit, "loginPassword"), "sandi-baru-77")
    with qtbot.waitSignal(login.logged_in, timeout=10_000) as blocker:
        qtbot.keyClick(_child(login, QLineEdit, "loginPassword"), Qt.Key.Key_Return)
    blocker.args[0].close()
    login.runner.wait_idle()
