"""Enrolling a laptop from the app against a REAL district server on a loopback port: from the first-run wizard
(with the recovery code saved as a PDF and a busy sign while the store is made) and from Settings on a laptop
that trained in practice mode first. Clear messages for an unreachable server, a wrong code and an expired one.
After enrollment the practice household stays marked and never leaves: not by HTTP push, not in a USB bundle
(read back with the server's own key), not its photo."""

from __future__ import annotations

import base64
import json
import random
from dataclasses import replace

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton, QWidget
from sqlalchemy import select

from app.services import lifecycle, records, search
from app.ui.main_window import MainWindow
from server.core.db import get_engine, session_scope
from server.crud.keys import server_keys
from server.models import Attachment, Device, Record
from support.live_server import DESA, free_port, household, live_server
from support.server_db import new_code
from support.store import PASSWORD, session_for
from support.ui import close_windows_on
from sync.bundle import read_bundle
from sync.keys import verify_key
from sync.offline import SERVER


def _child(widget, cls, name):
    found = widget.findChild(cls, name)
    assert found is not None, name
    return found


def _enroll_fields(form, qtbot, address: str, code: str) -> None:
    _child(form, QRadioButton, "enrollServer").click()
    for name, text in (("enrollServerAddress", address), ("enrollCode", code)):
        field = _child(form, QLineEdit, name)
        field.clear()
        qtbot.keyClicks(field, text)


def _attempt(qtbot, form, message: QLabel) -> str:
    """Press Daftarkan and wait until the form is no longer busy; the message it shows."""
    qtbot.mouseClick(_child(form, QPushButton, "enrollButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.busy, timeout=60_000)
    return message.text()


def test_wizard_makes_the_store_saves_the_recovery_code_and_enrolls(qtbot, jaring_app, tmp_path):
    with live_server(tmp_path) as (base, settings):
        app = jaring_app
        app.start()
        wizard = app.wizard
        qtbot.keyClicks(_child(wizard, QLineEdit, "operatorName"), "Sari")
        for name in ("operatorPassword", "operatorPasswordConfirm"):
            qtbot.keyClicks(_child(wizard, QLineEdit, name), PASSWORD)
        busy = _child(wizard, QProgressBar, "creatingProgress")
        assert not busy.isVisible()
        qtbot.mouseClick(_child(wizard, QPushButton, "wizardNext"), Qt.MouseButton.LeftButton)
        assert (
            busy.isVisible() and "Membuat" in _child(wizard, QLabel, "operatorMessage").text()
        )  # seconds of work
        code = _child(wizard, QLabel, "recoveryCode")
        qtbot.waitUntil(lambda: bool(code.text()), timeout=20_000)
        assert not busy.isVisible()
        # The recovery code as a page to print: the code and what it is for, readable text in the PDF.
        assert _child(wizard, QPushButton, "recoveryPrint").isEnabled()
        pdf = tmp_path / "kode.pdf"
        wizard.recovery_page.save_pdf(pdf)
        text = " ".join(pypdf.PdfReader(pdf).pages[0].extract_text().split())
        assert code.text() in text and "Kode pemulihan Jaring" in text and "Sari" in text
        _child(wizard, QCheckBox, "recoveryConfirmed").click()
        qtbot.mouseClick(_child(wizard, QPushButton, "wizardNext"), Qt.MouseButton.LeftButton)
        assert _child(wizard, QPushButton, "wizardFinish").text() == "Selesai"

        # Enrollment: the wrong things first, each said plainly, the laptop still in practice mode.
        form, message = wizard.enroll_page.form, _child(wizard, QLabel, "enrollMessage")
        _enroll_fields(form, qtbot, f"127.0.0.1:{free_port()}", "ABCD-EFGH-JKMN")  # nobody listens there
        said = _attempt(qtbot, form, message)
        assert "tidak dapat dihubungi" in said and "mode latihan" in said and "Error" not in said
        _enroll_fields(form, qtbot, base, "ABCD-EFGH-JKMN")
        assert "Kode pendaftaran salah" in _attempt(qtbot, form, message)
        expired = new_code(replace(settings, code_ttl_hours=0), DESA)  # expires as it is made
        _enroll_fields(form, qtbot, base, expired)
        assert "kedaluwarsa" in _attempt(qtbot, form, message)
        assert wizard.store.practice

        # The right code; Finish enrolls and opens the main window out of practice mode.
        _enroll_fields(
            form, qtbot, base.removeprefix("http://"), new_code(settings, DESA)
        )  # typed without http://
        with qtbot.waitSignal(app.main_window_shown, timeout=60_000):
            qtbot.mouseClick(_child(wizard, QPushButton, "wizardFinish"), Qt.MouseButton.LeftButton)
        window = app.main_window
        label = window.findChild(QLabel, "sessionStatus")
        qtbot.waitUntil(lambda: "LATIHAN" not in label.text(), timeout=5_000)
        assert "Sari" in label.text()
        store = app.session.store
        assert not store.practice and store.area == DESA and store.setting("server_url") == base
        with session_scope(get_engine(settings.database_url)) as session:
            device = session.get(Device, store.device_id)
            assert device is not None and device.status == "active" and device.area == DESA


def test_settings_enrolls_a_practice_laptop_whose_practice_data_never_leaves(qtbot, data_dir, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, _ = lifecycle.create_store(data_dir, "sari", PASSWORD, area=DESA)
        training_photo = store.add_attachment(
            b"PRACTICE-PHOTO-" + random.Random(1).randbytes(3000), "image/jpeg"
        )
        practice = {**household(1), "foto_rumah": training_photo}
        training = records.save_household(store, practice)
        window = MainWindow(session_for(store, data_dir))
        qtbot.addWidget(window)
        window.show()
        window.show_page("Pengaturan")
        view = window.settings_view
        state = _child(view, QLabel, "enrollmentState")
        qtbot.waitUntil(lambda: "mode latihan" in state.text(), timeout=10_000)
        form = _child(view, QWidget, "enrollForm")
        assert form.isVisible() and not _child(form, QRadioButton, "enrollPractice").isVisible()
        _enroll_fields(form, qtbot, base + "/", new_code(settings, DESA))
        with qtbot.waitSignal(view.enrolled, timeout=60_000):
            qtbot.mouseClick(_child(form, QPushButton, "enrollButton"), Qt.MouseButton.LeftButton)
        assert not form.isVisible()
        assert "perangkat nomor 1" in state.text() and "1 isian latihan" in state.text()
        qtbot.waitUntil(lambda: "LATIHAN" not in window.findChild(QLabel, "sessionStatus").text())

        # The practice household stays, marked in the list; a household made now is real.
        real_photo = store.add_attachment(b"REAL-PHOTO-" + random.Random(2).randbytes(3000), "image/jpeg")
        real = records.save_household(store, {**household(2), "foto_rumah": real_photo})
        persons = window.persons_view.model
        window.show_page("Rumah tangga & orang")
        persons.reload()
        qtbot.waitUntil(lambda: persons.rowCount() == search.list_persons(store).total, timeout=10_000)
        marks = {persons.row_at(r).record_id: persons.index(r, len(persons.columns) - 1).data()
                 for r in range(persons.rowCount())}  # fmt: skip
        assert marks == {training.record_id: "LATIHAN", real.record_id: ""}

        # A USB bundle exported now, opened as the district opens it: the real household and its photo only.
        window.show_page("Sinkronisasi")
        sync = window.sync_view
        out = tmp_path / "usb.bundle"
        with qtbot.waitSignal(sync.bundle_exported, timeout=30_000):
            sync.export_bundle(out)
        data = out.read_bytes()
        with session_scope(get_engine(settings.database_url)) as session:
            keys = server_keys(session)
            device_key = session.get(Device, store.device_id).sign_key
        header, payload = read_bundle(
            data, me=SERVER, my_key=keys.box, sender_key=lambda _s: verify_key(device_key)
        )
        opened = json.dumps(payload)
        assert real.record_id in opened and real_photo in opened
        for secret in (training.record_id, training_photo, practice["kepala_keluarga"], practice["no_kk"],
                       base64.b64encode(b"PRACTICE-PHOTO-").decode()[:16]):  # fmt: skip
            assert secret not in opened, secret
        assert header.counts == {"changes": 1, "attachments": 1}

        # And by HTTP: the district gets the real household and its photo, nothing of the practice one.
        with qtbot.waitSignal(sync.finished, timeout=60_000) as done:
            sync.sync_button.click()
        assert not isinstance(done.args[0], BaseException), done.args[0]
        with session_scope(get_engine(settings.database_url)) as session:
            assert session.execute(select(Record.id)).scalars().all() == [real.record_id]
            held = set(session.execute(select(Attachment.sha256)).scalars())
        assert real_photo in held and training_photo not in held
        assert store.get_record(training.record_id).practice
        close_windows_on(store)


def test_settings_enrolls_with_an_enrollment_file_and_its_code(qtbot, data_dir, tmp_path):
    from server.core.config import Settings
    from server.core.migrate import migrate
    from server.crud.devices import enroll_file

    settings = Settings(data_dir=tmp_path / "server", database_url=f"sqlite:///{tmp_path / 'server.sqlite3'}")
    engine = get_engine(settings.database_url)
    migrate(settings.database_url, engine)
    with session_scope(engine) as session:
        code, file = enroll_file(session, area=DESA, settings=settings)
    stick = tmp_path / "desa.jaring-enroll"
    stick.write_bytes(file)
    store, _ = lifecycle.create_store(data_dir, "sari", PASSWORD, area=DESA)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    window.show_page("Pengaturan")
    view = window.settings_view
    form, message = view.enroll_form, _child(view, QLabel, "enrollMessage")
    _child(form, QRadioButton, "enrollFile").click()
    qtbot.keyClicks(_child(form, QLineEdit, "enrollFilePath"), str(stick))
    qtbot.keyClicks(_child(form, QLineEdit, "enrollCode"), "WRNG-CODE-0000")
    assert "kode salah" in _attempt(qtbot, form, message)  # the file opens only with its own code
    _child(form, QLineEdit, "enrollCode").clear()
    qtbot.keyClicks(
        _child(form, QLineEdit, "enrollCode"), code.lower().replace("-", " ")
    )  # as typed from paper
    with qtbot.waitSignal(view.enrolled, timeout=30_000):
        qtbot.mouseClick(_child(form, QPushButton, "enrollButton"), Qt.MouseButton.LeftButton)
    assert not store.practice and store.area == DESA
    assert store.setting("enrollment_proof")  # its first bundle carries the proof of its keys
    window.session.runner.wait_idle()
    store.close()
