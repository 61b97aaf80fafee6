"""Sync screen against a REAL district server on loopback, driven from the Sync button: progress signals per
stage and the exact summary; cancel mid-sync, then sync again with nothing lost or duplicated; the honest
not-enrolled state; a bundle exported from the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton

from app.services import records
from app.services.records import HOUSEHOLD_FORM
from app.services.sync import enroll_online, sync_once
from app.ui.field_widgets import PhotoField
from app.ui.main_window import MainWindow
from support.live_server import DESA, household, live_server
from support.server_db import new_code, server_counts
from support.store import new_store, session_for
from support.ui import close_windows_on, sync_window


def _laptop(tmp_path, base, settings, households: int):
    store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
    enroll_online(store, base, new_code(settings, DESA))
    with store.batch():
        for i in range(households):
            records.save_household(store, household(i))
    return store


def test_sync_from_the_button_shows_progress_and_summary(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = _laptop(tmp_path, base, settings, 30)
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
        assert view.server.text() == base and view.pending.text().startswith("30 ")
        stages = []
        view.progressed.connect(stages.append)
        button = view.findChild(QPushButton, "syncButton")
        assert button.isEnabled()
        with qtbot.waitSignal(view.finished, timeout=60_000) as done:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        outcome = done.args[0]
        assert not isinstance(outcome, BaseException), outcome
        assert "push" in stages and "pull" in stages and stages[-1] == "done"
        assert view.bar.value() == view.bar.maximum()
        assert "Terkirim 30, diterapkan 30, duplikat 0, konflik 0, ditolak 0" in view.summary.text()
        qtbot.waitUntil(lambda: view.pending.text().startswith("0 "))
        assert view.last.text() != "belum pernah"
        assert server_counts(settings)[0] == 30
        close_windows_on(store)


@pytest.mark.slow
def test_cancel_mid_sync_then_sync_again_loses_and_duplicates_nothing(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = _laptop(tmp_path, base, settings, 400)
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
        pushed = []

        def on_stage(stage):  # cancel as soon as the first batch has gone
            if stage == "push" and store.outbox_counts()["acknowledged"] > 0 and not pushed:
                pushed.append(stage)
                view.findChild(QPushButton, "syncCancel").click()

        view.progressed.connect(on_stage)
        with qtbot.waitSignal(view.finished, timeout=120_000) as first:
            view.findChild(QPushButton, "syncButton").click()
        assert isinstance(first.args[0], BaseException), "the run was cancelled"
        assert "dibatalkan" in view.summary.text()
        sent_before = server_counts(settings)[0]
        assert 0 < sent_before < 400
        view.progressed.disconnect(on_stage)
        qtbot.waitUntil(lambda: view.sync_button.isEnabled())
        with qtbot.waitSignal(view.finished, timeout=120_000) as second:
            view.findChild(QPushButton, "syncButton").click()
        assert not isinstance(second.args[0], BaseException), second.args[0]
        records_on_server, (changes, distinct) = server_counts(settings)
        assert records_on_server == 400 and changes == distinct
        assert store.outbox_counts()["pending"] == 0
        close_windows_on(store)


def test_not_enrolled_state_and_bundle_export(qtbot, tmp_path):
    store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
    records.save_household(store, household(1))
    _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
    assert not view.sync_button.isEnabled()
    assert "belum terdaftar" in view.state.text()
    close_windows_on(store)


def test_bundle_exported_from_the_screen(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = _laptop(tmp_path, base, settings, 3)
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
        out = tmp_path / "usb" / "jaring.bundle"
        view.export_bundle(out)  # no such folder (the stick is not in): a readable message, nothing written
        qtbot.waitUntil(lambda: "bundel" in view.summary.text().lower())
        assert not out.exists() and "Traceback" not in view.summary.text()
        out.parent.mkdir()
        with qtbot.waitSignal(view.bundle_exported, timeout=30_000):
            view.export_bundle(out)
        assert out.is_file() and out.stat().st_size > 0
        assert "Bundel disimpan" in view.summary.text()
        close_windows_on(store)


def test_rejected_record_opened_corrected_and_resent(qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    from forms.samples import villages_of

    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area="62.03.01")
        enroll_online(store, base, new_code(settings, DESA))  # this laptop may write only in DESA
        other = next(v for v in villages_of("62.03.01") if v != DESA)
        saved = records.save_household(store, household(2, other))
        window, view = sync_window(qtbot, tmp_path / "laptop", store)
        with qtbot.waitSignal(view.finished, timeout=60_000):
            view.sync_button.click()
        assert "ditolak 1" in view.summary.text()
        qtbot.waitUntil(lambda: view.rejected.count() == 1)
        item = view.rejected.item(0)
        assert "luar wilayah" in item.text() and "outside" in item.text()
        with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
            view.rejected.itemActivated.emit(item)
        editor = opened.args[0]
        assert editor.record_id == saved.record_id
        region = editor.findChild(QWidget, "field_alamat_desa")
        region.set_value(DESA)
        region.edited.emit()
        with qtbot.waitSignal(editor.saved, timeout=10_000):
            editor.findChild(QPushButton, "saveButton").click()
        qtbot.waitUntil(lambda: view.rejected.count() == 0)
        with qtbot.waitSignal(view.finished, timeout=60_000):
            view.sync_button.click()
        assert "Terkirim 1, diterapkan 1, duplikat 0, konflik 0, ditolak 0" in view.summary.text()
        assert server_counts(settings)[0] == 1
        session = window.session
        session.runner.wait_idle()
        close_windows_on(store)


def test_automatic_sync_and_its_setting(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = _laptop(tmp_path, base, settings, 2)
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
        assert view.auto.isChecked()  # on by default
        with qtbot.waitSignal(view.finished, timeout=60_000):
            assert view.maybe_auto_sync()  # what the probe's signal calls, called directly
        assert "Terkirim 2, diterapkan 2" in view.summary.text()
        qtbot.waitUntil(lambda: view.pending.text().startswith("0 "))
        assert not view.maybe_auto_sync()  # nothing waiting: no run
        view.auto.setChecked(False)
        qtbot.waitUntil(lambda: store.setting("auto_sync") == "0")
        records.save_household(store, household(9))
        view.refresh()
        qtbot.waitUntil(lambda: view.pending.text().startswith("1 "))
        assert not view.auto.isChecked() and not view.maybe_auto_sync()  # turned off: it waits for the button
        assert server_counts(settings)[0] == 2
        view.session.runner.wait_idle()
        close_windows_on(store)


def test_automatic_sync_starts_when_its_probe_finds_the_server(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store = _laptop(tmp_path, base, settings, 3)
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
        qtbot.waitUntil(view._auto_wanted)  # enrolled, on, changes waiting, idle
        with qtbot.waitSignal(view.finished, timeout=60_000) as done:
            view.autosync.wake()  # decide now rather than at the end of the minute
        assert not isinstance(done.args[0], BaseException), done.args[0]
        assert view.autosync.probes >= 1 and server_counts(settings)[0] == 3
        qtbot.waitUntil(lambda: view.pending.text().startswith("0 "))
        assert not view._auto_wanted()  # nothing waits: the probe stays quiet
        view.session.runner.wait_idle()
        close_windows_on(store)


def test_bundle_round_trip_from_the_screen(qtbot, tmp_path):
    """USB: export from the screen, the district imports and answers, the answer imported from the screen."""
    from server.core.config import Settings
    from server.core.db import get_engine, session_scope
    from server.core.migrate import migrate
    from server.crud.bundles import import_outbound, write_return
    from support.bundles import file_enrolled_laptop

    settings = Settings(data_dir=tmp_path / "server", database_url=f"sqlite:///{tmp_path / 'server.sqlite3'}")
    engine = get_engine(settings.database_url)
    migrate(settings.database_url, engine)
    store = file_enrolled_laptop(tmp_path, (settings, engine), "village")
    for i in range(3):
        records.save_household(store, household(i))
    _window_, view = sync_window(qtbot, tmp_path / "village", store)
    stick = tmp_path / "usb"
    stick.mkdir()
    with qtbot.waitSignal(view.bundle_exported, timeout=30_000):
        view.export_bundle(stick / "desa.bundle")
    with session_scope(engine) as session:
        assert import_outbound(session, (stick / "desa.bundle").read_bytes(), actor="test").applied == 3
    with session_scope(engine) as session:
        (stick / "balasan.bundle").write_bytes(write_return(session, device_id=store.setting("device_id"),
                                                            actor="test"))  # fmt: skip
    with qtbot.waitSignal(view.bundle_imported, timeout=30_000) as imported:
        view.import_bundle(stick / "balasan.bundle")
    assert imported.args[0].summary.acknowledged == 3
    assert "diterapkan 3, duplikat 0, konflik 0, ditolak 0" in view.summary.text()
    qtbot.waitUntil(lambda: view.pending.text().startswith("0 "))
    view.session.runner.wait_idle()
    close_windows_on(store)


def test_a_colleagues_photo_is_fetched_from_the_form_and_shown(qtbot, tmp_path):
    """Laptop B opens a household laptop A captured with a photo: the field says the photo is at the
    district and offers to fetch it; fetched, the picture shows. An unsaved form offers nothing to fetch."""
    with live_server(tmp_path) as (base, settings):
        a = _laptop(tmp_path, base, settings, 0)
        picture = QImage(320, 240, QImage.Format.Format_RGB32)
        picture.fill(QColor("navy"))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        assert picture.save(buffer, "PNG")
        sha = a.add_attachment(bytes(buffer.data()))
        saved = records.save_household(a, {**household(50), "foto_rumah": sha})
        sync_once(a)
        close_windows_on(a)

        b, _ = new_store(tmp_path / "laptop-b", enrolled=False, area=DESA)
        enroll_online(b, base, new_code(settings, DESA))
        sync_once(b)
        window = MainWindow(session_for(b, tmp_path / "laptop-b"))
        qtbot.addWidget(window)
        record = b.get_record(saved.record_id)
        editor = window.open_editor(HOUSEHOLD_FORM, answers=record.answers, record_id=record.id,
                                    form_version=record.form_version)  # fmt: skip
        editor.show()  # owned by the window (closed with it in _close)
        field = editor.findChild(PhotoField, "field_foto_rumah")
        qtbot.waitUntil(lambda: field.download.isVisible())
        assert "server kabupaten" in field.preview.text()
        qtbot.mouseClick(field.download, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not field.preview.pixmap().isNull(), timeout=10_000)
        assert field.preview.pixmap().toImage().pixelColor(5, 5) == QColor("navy")
        assert not field.download.isVisible()

        unsaved = window.open_editor(HOUSEHOLD_FORM, answers={**household(51), "foto_rumah": "cd" * 32})
        unsaved.show()
        other = unsaved.findChild(PhotoField, "field_foto_rumah")
        qtbot.waitUntil(lambda: other.preview.isVisible())
        assert not other.download.isVisible()
        close_windows_on(b)
