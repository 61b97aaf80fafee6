"""An XLSForm as people write it, filled in the laptop's form window and validated the same on the server:
metadata filled by the laptop (start, today, deviceid, username; end on save), a choice_filter that offers
only the kabupaten of the chosen province, a `../` relevance inside a repeat, a time question typed as
"9.15" and stored as ODK writes it; then the saved answers pushed to the district server are applied, and a
copy with a kabupaten the filter hides is refused there with the same problem the laptop shows."""

from __future__ import annotations

import os
import re
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget

from app.services import records
from app.ui.main_window import MainWindow
from forms.expr import odk
from forms.validate import validate
from forms.xlsform import import_xlsform
from support.server_db import push
from support.store import make_store, session_for
from support.xlsforms import odk_workbook

WIB = timezone(timedelta(hours=7))


def _w(root, cls, name):
    found = root.findChild(cls, name)
    assert found is not None, name
    return found


def _type(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClicks(edit, text)


def _pick(combo: QComboBox, code: str) -> None:
    combo.setCurrentIndex(combo.findData(code))
    combo.picked.emit()


@pytest.fixture
def laptop(qtbot, data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(
        odk, "local_zone", lambda: WIB
    )  # the laptop's clock is WIB (ODK uses the device's zone)
    definition, form = import_xlsform(odk_workbook(tmp_path / "kunjungan.xlsx"))
    store = make_store(data_dir)
    store.registry.add_source(definition)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    yield window, store, definition, form
    window.session.runner.wait_idle()
    for editor in list(window.editors):
        editor.dirty = False
        editor.close()
    QApplication.processEvents()
    window.session.runner.wait_idle()
    store.close()


def test_filled_in_the_form_window_and_validated_the_same_on_the_server(qtbot, laptop, client, enroll):
    window, store, definition, form = laptop
    editor = window.open_editor(form.form_id)
    qtbot.waitUntil(lambda: editor.rows != [])
    # metadata is the laptop's, never a question on screen
    assert editor.findChild(QWidget, "field_mulai") is None
    assert editor.answers["perangkat"] == store.device_id and editor.answers["petugas"] == store.operator
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00", editor.answers["mulai"])

    prov, kab = _w(editor, QComboBox, "field_prov_combo"), _w(editor, QComboBox, "field_kab_combo")
    _pick(prov, "32")
    editor.refresh()
    offered = [kab.itemData(i) for i in range(kab.count()) if kab.itemData(i)]
    assert offered == ["3201", "3273"]  # Denpasar (Bali) is filtered out
    _pick(kab, "3273")
    _type(qtbot, _w(editor, QLineEdit, "field_jam_kunjungan_edit"), "9.15")
    _type(qtbot, _w(editor, QLineEdit, "field_kepala_nama_edit"), "Budi Santoso")
    qtbot.mouseClick(_w(editor, QPushButton, "field_anggota_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.findChild(QLineEdit, "field_anggota_1_anggota_nama_edit") is not None)
    _type(qtbot, _w(editor, QLineEdit, "field_anggota_1_anggota_nama_edit"), "Ani")
    _type(qtbot, _w(editor, QLineEdit, "field_anggota_1_umur_edit"), "12")
    editor.refresh()
    school = _w(editor, QWidget, "field_anggota_1_sekolah")
    assert not school.isHidden()  # ../umur < 25: asked of a 12-year-old
    _w(editor, QLineEdit, "field_anggota_1_umur_edit").clear()
    _type(qtbot, _w(editor, QLineEdit, "field_anggota_1_umur_edit"), "40")
    editor.refresh()
    assert school.isHidden()

    if os.environ.get("JARING_SCREENSHOTS"):  # the form window as a volunteer sees it, for docs/screenshots
        editor.resize(1366, 768)
        editor.show()
        qtbot.wait(200)
        editor.grab().save(
            str(Path(__file__).resolve().parent.parent / "docs/screenshots/form-xlsform-laptop.png")
        )
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        editor.save()
    answers = records.open_record(store, saved.args[0]).answers
    assert answers["jam_kunjungan"] == "09:15:00.000+07:00" and answers["kab"] == "3273"
    assert answers["selesai"] >= answers["mulai"] and answers["hari_ini"] == answers["mulai"][:10]
    assert answers["nama_kab"] == "Kota Bandung" and answers["harga_beras"] == "13500"

    # the district server, with the same form version published, takes the record as the laptop saved it
    from server.core.db import get_engine, session_scope
    from server.crud.forms import publish_form

    with session_scope(get_engine(str(client.app.state.settings.database_url))) as session:
        publish_form(session, source=definition, actor="test")
    device = enroll(store.area if store.area.count(".") == 3 else "62.03.01.2011")
    kw = {"form_id": form.form_id, "form_version": form.version}
    applied = push(client, device, [device.create(answers, **kw)])
    assert [r.status for r in applied.results] == ["applied"], applied.results
    hidden = {**answers, "kab": "5171"}  # Denpasar with West Java: the choice filter hides it
    laptop_says = [(p.code, p.path, p.en) for p in validate(form, hidden).problems]
    refused = push(client, device, [device.create(hidden, **kw)]).results[0]
    assert laptop_says == [("invalid_choice", "kab", "Choice 5171 is not offered here.")]
    assert refused.status.value == "rejected"
    assert [(r.path, r.en) for r in refused.rejections] == [("kab", "Choice 5171 is not offered here.")]


def test_a_trigger_fills_an_answer_the_volunteer_may_still_change(qtbot, data_dir, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    s = wb.active
    s.title = "survey"
    s.append(["type", "name", "label", "calculation", "trigger"])
    s.append(["select_one kab", "kab", "Kabupaten", "", ""])
    s.append(["text", "ibukota", "Ibu kota", "instance('kab')/root/item[name = ${kab}]/kota", "${kab}"])
    c = wb.create_sheet("choices")
    c.append(["list_name", "name", "label", "kota"])
    c.append(["kab", "3201", "Bogor", "Cibinong"])
    c.append(["kab", "3273", "Kota Bandung", "Bandung"])
    wb.save(tmp_path / "f.xlsx")
    definition, form = import_xlsform(tmp_path / "f.xlsx")
    store = make_store(data_dir)
    store.registry.add_source(definition)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    try:
        editor = window.open_editor(form.form_id)
        kab, town = _w(editor, QComboBox, "field_kab_combo"), _w(editor, QLineEdit, "field_ibukota_edit")
        editor.refresh()
        assert town.text() == ""
        _pick(kab, "3201")
        editor.refresh()
        assert town.text() == "Cibinong" and editor.answers["ibukota"] == "Cibinong"
        town.clear()
        _type(qtbot, town, "Cibinong kota")
        editor.refresh()  # the volunteer's answer stays: the trigger has not changed
        assert editor.answers["ibukota"] == "Cibinong kota"
        _pick(kab, "3273")
        editor.refresh()
        assert town.text() == "Bandung"
    finally:
        window.session.runner.wait_idle()
        for e in list(window.editors):
            e.dirty = False
            e.close()
        QApplication.processEvents()
        window.session.runner.wait_idle()
        store.close()
