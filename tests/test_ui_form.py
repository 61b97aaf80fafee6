"""Form entry rendered from the definition: a household with two members, inline NIK messages, the
mismatch override with a reason, skip logic, save, search, edit and the outbox."""

from __future__ import annotations

import hashlib
import random
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from app.services import attachments, records, search
from app.services.records import HOUSEHOLD_FORM
from app.ui.field_widgets import PhotoField
from app.ui.main_window import MainWindow
from forms.samples import make_household, nik_for, villages_of
from support.store import make_store, session_for
from sync.protocol import EnrollAnswer


def _w(root, cls, name):
    found = root.findChild(cls, name)
    assert found is not None, name
    return found


def _pick(qtbot, combo: QComboBox, value) -> None:
    """Choose by keyboard: Down until the wanted entry is current (activated fires as for a user)."""
    target = combo.findData(value)
    assert target >= 0, value
    combo.setFocus()
    while combo.currentIndex() < target:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    while combo.currentIndex() > target:
        qtbot.keyClick(combo, Qt.Key.Key_Up)


def _type(qtbot, editor, name: str, text: str) -> None:
    edit = _w(editor, QLineEdit, name + "_edit")
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _shortcut(qtbot, window, key) -> None:
    """Press the button for Ctrl+M / Ctrl+S with the keyboard (focus it, Space). The QShortcuts themselves
    do not fire from synthetic key events under the offscreen platform."""
    name = {Qt.Key.Key_M: "field_anggota_add", Qt.Key.Key_S: "saveButton"}[key]
    button = _w(window, QPushButton, name)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _message(editor, name: str) -> str:
    return _w(editor, QLabel, name + "_message").text()


def _enrolled_store(data_dir):
    store = make_store(data_dir)
    desa = villages_of(store.area)[0]
    store.apply_enrollment(EnrollAnswer(device_id="dev-1", device_number=1, token="t", area=desa,
                                                    server_sign_key="x", server_box_key="y"))  # fmt: skip
    return store, desa


def _member(qtbot, editor, n: int, name: str, nik: str, sex: str, born: str, relation: str) -> None:
    base = f"field_anggota_{n}"
    _type(qtbot, editor, f"{base}_nama", name)
    _pick(qtbot, _w(editor, QComboBox, f"{base}_nik_status_combo"), "ada")
    qtbot.waitUntil(lambda: _w(editor, QWidget, f"{base}_nik").isVisible())
    _type(qtbot, editor, f"{base}_nik", nik)
    _pick(qtbot, _w(editor, QComboBox, f"{base}_jenis_kelamin_combo"), sex)
    _type(qtbot, editor, f"{base}_tanggal_lahir", born)
    _pick(qtbot, _w(editor, QComboBox, f"{base}_hubungan_combo"), relation)
    _pick(qtbot, _w(editor, QComboBox, f"{base}_status_anggota_combo"), "aktif")


def test_household_with_two_members_messages_override_skip_logic_save_search_edit(qtbot, data_dir):
    store, desa = _enrolled_store(data_dir)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    editor = window.new_household()
    qtbot.addWidget(editor)
    editor.activateWindow()  # shortcuts (Ctrl+M, Ctrl+S) go to the active window, as on a desktop
    qtbot.waitActive(editor)
    _pick(qtbot, _w(editor, QComboBox, "field_persetujuan_combo"), True)
    _type(qtbot, editor, "field_no_kk", nik_for(desa, "L", date(2015, 3, 4), 9))
    _type(qtbot, editor, "field_kepala_keluarga", "Budi Santoso")
    region = editor.findChild(QWidget, "field_alamat_desa")
    region.set_value(desa)  # the cascade itself is exercised in test_region_picker_cascades
    region.edited.emit()
    _pick(qtbot, _w(editor, QComboBox, "field_perumahan_kepemilikan_combo"), "milik_sendiri")
    # Two members, added with the keyboard shortcut.
    _shortcut(qtbot, editor, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: editor.findChild(QWidget, "field_anggota_1_nama") is not None)
    # Skip logic: the NIK question is hidden for a member without a NIK and comes back with one.
    _pick(qtbot, _w(editor, QComboBox, "field_anggota_1_nik_status_combo"), "belum_punya")
    qtbot.waitUntil(lambda: not _w(editor, QWidget, "field_anggota_1_nik").isVisibleTo(editor))
    _member(
        qtbot,
        editor,
        1,
        "Budi Santoso",
        nik_for(desa, "L", date(1980, 5, 17), 1),
        "L",
        "1980-05-17",
        "kepala",
    )
    # The invalid-NIK message says why.
    _type(qtbot, editor, "field_anggota_1_nik", "12345")
    qtbot.waitUntil(lambda: "16" in _message(editor, "field_anggota_1_nik"))
    _type(qtbot, editor, "field_anggota_1_nik", nik_for(desa, "L", date(1980, 5, 17), 1))
    qtbot.waitUntil(lambda: _message(editor, "field_anggota_1_nik") == "")
    _shortcut(qtbot, editor, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: editor.findChild(QWidget, "field_anggota_2_nama") is not None)
    # A NIK that disagrees with the birth date: the message, then the override with a reason.
    wrong_born = nik_for(desa, "P", date(1985, 1, 2), 2)
    _member(qtbot, editor, 2, "Siti Aminah", wrong_born, "P", "1985-02-01", "pasangan")
    qtbot.waitUntil(lambda: _message(editor, "field_anggota_2_nik") != "")
    override = _w(editor, QCheckBox, "field_anggota_2_nik_override")
    assert override.isVisible()
    qtbot.mouseClick(_w(editor, QPushButton, "saveButton"), Qt.MouseButton.LeftButton)
    assert store.outbox_counts()["pending"] == 0  # refused while the mismatch stands
    override.setChecked(True)
    qtbot.keyClicks(_w(editor, QLineEdit, "field_anggota_2_nik_reason"), "KTP salah cetak")
    before = store.outbox_counts()["pending"]
    with qtbot.waitSignal(editor.saved, timeout=10_000) as saved:
        _shortcut(qtbot, editor, Qt.Key.Key_S)
    record_id = saved.args[0]
    assert store.outbox_counts()["pending"] == before + 1
    found = search.list_persons(store, query="Siti Aminah").rows
    assert [p.record_id for p in found] == [record_id]
    # Find it by search in the list, open it and edit: a new outbox change.
    box = _w(window, QLineEdit, "personsSearch")
    model = window.persons_view.model
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.keyClicks(box, "Aminah")
    assert model.rowCount() == 1
    with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
        window.persons_view.table.activated.emit(model.index(0, 0))
    edit = opened.args[0]
    qtbot.addWidget(edit)
    edit.activateWindow()
    qtbot.waitActive(edit)
    assert not _w(edit, QPushButton, "field_anggota_1_remove").isEnabled()  # saved members get a status
    # The person searched for opens unfolded under her name; the other members stay folded under theirs.
    toggle = _w(edit, QToolButton, "field_anggota_2_toggle")
    qtbot.waitUntil(lambda: _w(edit, QWidget, "field_anggota_2_nama").isVisible())
    assert toggle.text().startswith("2. Siti Aminah")
    assert not _w(edit, QWidget, "field_anggota_1_nama").isVisible()
    _type(qtbot, edit, "field_anggota_2_nama", "Siti Aminah Lubis")
    # The override and its reason come back with the saved record: shown, ticked, and saved again as they were.
    qtbot.waitUntil(lambda: _w(edit, QCheckBox, "field_anggota_2_nik_override").isVisible())
    assert _w(edit, QCheckBox, "field_anggota_2_nik_override").isChecked()
    assert _w(edit, QLineEdit, "field_anggota_2_nik_reason").isVisible()
    assert _w(edit, QLineEdit, "field_anggota_2_nik_reason").text() == "KTP salah cetak"
    assert "KTP salah cetak" in _message(edit, "field_anggota_2_nik")
    with qtbot.waitSignal(edit.saved, timeout=10_000):
        _shortcut(qtbot, edit, Qt.Key.Key_S)
    assert store.outbox_counts()["pending"] == before + 2
    assert search.list_persons(store, query="Lubis").rows[0].name == "Siti Aminah Lubis"
    reopened = records.open_record(store, record_id).answers["anggota"]
    assert [m.get("_overrides") for m in reopened.values() if "_overrides" in m] == [
        {"nik:nik_birth_date_mismatch": "KTP salah cetak"}
    ]
    window.session.runner.wait_idle()
    store.close()


def test_region_picker_cascades(qtbot, data_dir):
    store, desa = _enrolled_store(data_dir)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    editor = window.new_household()
    qtbot.addWidget(editor)
    parts = desa.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(4)]
    for level, code in zip(["provinsi", "kabupaten", "kecamatan", "desa"], codes, strict=True):
        _pick(qtbot, _w(editor, QComboBox, f"field_alamat_desa_{level}"), code)
    assert editor.answers["alamat"]["desa"] == desa
    window.session.runner.wait_idle()
    store.close()


def _saved_household_in_editor(qtbot, store, data_dir, answers: dict):
    """Save a household, then open it in the form editor of a new main window: (record, editor)."""
    record = store.get_record(records.save_household(store, answers).record_id)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    editor = window.open_editor(HOUSEHOLD_FORM, answers=record.answers, record_id=record.id,
                                form_version=record.form_version)  # fmt: skip
    qtbot.addWidget(editor)
    return record, editor


def test_photo_field_copies_the_chosen_file_into_the_store_and_saves_its_hash(qtbot, data_dir, tmp_path):
    store, desa = _enrolled_store(data_dir)
    record, editor = _saved_household_in_editor(
        qtbot, store, data_dir, make_household(random.Random(4), desa, date(2026, 11, 1), serial=4)
    )
    field = _w(editor, PhotoField, "field_foto_rumah")
    chosen = tmp_path / "rumah depan.jpg"
    data = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    chosen.write_bytes(data)
    field.attach(chosen)  # what the file dialog's answer calls
    sha = hashlib.sha256(data).hexdigest()
    qtbot.waitUntil(lambda: field.value() == sha)
    assert field.edit.text() == "Foto dipilih: rumah depan.jpg"  # words, never the file's hash
    assert sha[:8] not in field.edit.text() and sha[:8] not in field.edit.toolTip()
    chosen.unlink()
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        _w(editor, QPushButton, "saveButton").click()
    assert store.get_record(record.id).answers["foto_rumah"] == sha
    assert attachments.attachment_bytes(store, sha) == data
    row = (
        store.db.reader()
        .execute("SELECT record_id, media_type FROM attachment WHERE sha256 = ?", (sha,))
        .fetchone()
    )
    assert tuple(row) == (record.id, "image/jpeg")
    qtbot.waitUntil(lambda: field.preview.isVisible())  # those bytes are no picture: said, not shown
    assert "bukan gambar" in field.preview.text() and field.preview.pixmap().isNull()
    field.attach(tmp_path / "hilang.jpg")  # a file gone meanwhile: a clear message, the answer unchanged
    qtbot.waitUntil(lambda: field.choose.isEnabled())
    assert field.value() == sha


def test_photo_field_shows_a_thumbnail_or_says_where_the_photo_is(qtbot, data_dir, tmp_path):
    """A picture kept on this laptop shows small below the field; a photo named by a record from another
    laptop (its bytes at the district) is said to be there; clearing the answer hides the preview."""
    store, desa = _enrolled_store(data_dir)
    answers = make_household(random.Random(5), desa, date(2026, 11, 1), serial=5)
    elsewhere = "ab" * 32  # a photo's SHA-256 whose bytes this laptop never had
    answers["foto_rumah"] = elsewhere
    _record, editor = _saved_household_in_editor(qtbot, store, data_dir, answers)
    editor.show()
    field = _w(editor, PhotoField, "field_foto_rumah")
    qtbot.waitUntil(lambda: field.preview.isVisible())
    # this laptop was enrolled without a server address (as by file): nothing to fetch from, no button
    assert "tidak terhubung ke server" in field.preview.text() and not field.download.isVisible()

    picture = QImage(400, 300, QImage.Format.Format_RGB32)
    picture.fill(QColor("darkgreen"))
    chosen = tmp_path / "rumah.png"
    assert picture.save(str(chosen))
    field.attach(chosen)
    qtbot.waitUntil(lambda: not field.preview.pixmap().isNull())
    shown = field.preview.pixmap()
    assert (shown.width(), shown.height()) == (PhotoField.THUMBNAIL, PhotoField.THUMBNAIL * 3 // 4)
    assert shown.toImage().pixelColor(10, 10) == QColor("darkgreen")
    _w(editor, QPushButton, "field_foto_rumah_clear").click()
    assert field.value() is None and not field.preview.isVisible()
    editor.session.runner.wait_idle()
    store.close()
