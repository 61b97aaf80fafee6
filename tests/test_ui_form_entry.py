"""The household form as a volunteer uses it (issue #27): the wheel never changes an answer, dates and NIKs
are typed as printed on a KTP, messages never move the field being typed in, Enter moves on, dropdowns
filter as one types, members start "Aktif" and are headed by their names, a new member does not send the
form back to the top, and the region comes from the enrolled area."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from app.services import records
from app.ui.main_window import MainWindow
from forms.samples import make_household, nik_for, villages_of
from support.store import make_store, session_for
from sync.protocol import EnrollAnswer


def _w(root, cls, name):
    found = root.findChild(cls, name)
    assert found is not None, name
    return found


def _enroll(store, area: str) -> None:
    store.apply_enrollment(EnrollAnswer(device_id="dev-1", device_number=1, token="t", area=area,
                                                    server_sign_key="x", server_box_key="y"))  # fmt: skip


@pytest.fixture
def opened(qtbot, data_dir):
    """opened(area_level) -> (window, editor, store, desa): a new household form in its own active window, on
    a laptop enrolled for one desa (or its kecamatan); everything is closed after the test, pass or fail."""
    made = []

    def open_form(area_level: str = "desa"):
        store = make_store(data_dir)
        desa = villages_of(store.area)[0]
        _enroll(store, desa if area_level == "desa" else desa.rsplit(".", 1)[0])
        window = MainWindow(session_for(store, data_dir))
        qtbot.addWidget(window)
        made.append((window, store))
        window.show()
        editor = window.new_household()
        editor.activateWindow()
        qtbot.waitActive(editor)
        qtbot.waitUntil(lambda: editor.isAncestorOf(QApplication.focusWidget()))  # its first question
        return window, editor, store, desa

    yield open_form
    for window, store in made:
        window.session.runner.wait_idle()
        for editor in list(window.editors):
            editor.dirty = False
            editor.close()
        QApplication.processEvents()
        window.session.runner.wait_idle()
        store.close()


def _add_member(qtbot, editor, n: int) -> None:
    qtbot.mouseClick(_w(editor, QPushButton, "field_anggota_add"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.findChild(QWidget, f"field_anggota_{n}_nama") is not None)
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is _w(editor, QLineEdit, f"field_anggota_{n}_nama_edit")
    )


def _type_focused(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def _enter() -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _wheel(window, widget: QWidget, notches: int) -> None:
    """A real wheel turn (through the window system queue, so it travels to the parents it is left to)."""
    at = widget.mapTo(window, widget.rect().center())
    QTest.wheelEvent(window.windowHandle(), QPointF(at), QPoint(0, -120 * notches))
    QApplication.processEvents()


def test_the_wheel_over_any_input_scrolls_the_form_and_never_changes_an_answer(qtbot, opened):
    window, editor, store, _desa = opened()
    _add_member(qtbot, editor, 1)
    floor = _w(editor, QComboBox, "field_perumahan_lantai_combo")
    floor.setCurrentIndex(2)
    floor.activated.emit(2)  # an answer chosen before the scroll
    chosen = editor.answers["perumahan"]["lantai"]
    answers_before = repr(editor.answers)
    bar = editor.scroll.verticalScrollBar()
    editor.scroll.ensureWidgetVisible(floor)
    assert not floor.hasFocus()
    start = bar.value()
    _wheel(editor, floor, 1)
    assert bar.value() > start, "the form did not scroll under the wheel"
    assert floor.currentData() == chosen and editor.answers["perumahan"]["lantai"] == chosen
    # The same for every dropdown, spin box and date edit the form has, focused or not.
    body = editor.scroll.widget()
    inputs = [w for w in body.findChildren(QWidget) if isinstance(w, (QComboBox, QAbstractSpinBox))]
    assert len(inputs) > 20
    for w in inputs:
        if not w.isVisibleTo(body):
            continue
        editor.scroll.ensureWidgetVisible(w)
        index = w.currentIndex() if isinstance(w, QComboBox) else w.text()
        w.setFocus()
        for notches in (1, -1):
            _wheel(editor, w, notches)
        assert (w.currentIndex() if isinstance(w, QComboBox) else w.text()) == index, w.objectName()
    editor.refresh()
    assert repr(editor.answers) == answers_before


def test_dates_are_typed_as_on_a_ktp_and_stored_iso_with_a_clear_message_otherwise(qtbot, opened):
    window, editor, store, _desa = opened()
    _add_member(qtbot, editor, 1)
    born = _w(editor, QLineEdit, "field_anggota_1_tanggal_lahir_edit")
    member = next(iter(editor.answers["anggota"].values()))
    for typed in ("15-05-1985", "15/05/1985", "15.05.1985", "1985-05-15"):
        born.setFocus()
        born.selectAll()
        QTest.keyClicks(born, typed)
        assert member["tanggal_lahir"] == "1985-05-15", typed
        _enter()  # leaving the field shows the date back in the one written form
        assert born.text() == "15-05-1985"
    # Or picked from the calendar beside it.
    calendar = _w(editor, QWidget, "field_anggota_1_tanggal_lahir_calendar")
    calendar.chosen.emit(QDate(1990, 1, 2))  # what a click on 2 January 1990 in its month sends
    assert member["tanggal_lahir"] == "1990-01-02" and born.text() == "02-01-1990"
    born.setFocus()
    born.selectAll()
    QTest.keyClicks(born, "kemarin")
    _enter()
    message = _w(editor, QLabel, "field_anggota_1_tanggal_lahir_message")
    qtbot.waitUntil(lambda: message.isVisible())
    assert "Tanggal tidak valid — tulis seperti 15-05-1985" in message.text()
    assert "jenisnya" not in message.text() and "(date)" not in message.text()


def test_a_nik_typed_in_groups_of_four_is_accepted(qtbot, opened):
    window, editor, store, desa = opened()
    _add_member(qtbot, editor, 1)
    nik = nik_for(desa, "L", date(1985, 5, 15), 2)
    spaced = " ".join(nik[i : i + 4] for i in range(0, 16, 4))  # "6203 0155 0585 0002" as on the card
    edit = _w(editor, QLineEdit, "field_anggota_1_nik_edit")
    edit.setFocus()
    QTest.keyClicks(edit, spaced)
    assert edit.text() == spaced
    assert next(iter(editor.answers["anggota"].values()))["nik"] == nik
    _enter()
    editor.refresh()
    assert editor.problems.get(f"anggota/{next(iter(editor.answers['anggota']))}/nik") is None


def test_a_message_never_moves_the_field_being_typed_in_or_those_below_it(qtbot, opened):
    """Typing a short No. KK: its message waits in the line below the form while the field has focus, so
    Dusun below stays where the mouse is going; leaving it shows the message under it, and the field the
    focus went to stays where it was on screen."""
    window, editor, store, _desa = opened()
    kk = _w(editor, QLineEdit, "field_no_kk_edit")
    dusun = _w(editor, QLineEdit, "field_alamat_dusun_edit")
    kk.setFocus()
    qtbot.waitUntil(lambda: kk.hasFocus())
    dusun_at = dusun.mapTo(editor, QPoint(0, 0))
    QTest.keyClicks(kk, "62030")
    qtbot.wait(200)  # the live check runs on a short timer; its message must not appear under the field
    editor.refresh()
    assert not _w(editor, QLabel, "field_no_kk_message").isVisible()
    assert "16" in _w(editor, QLabel, "formHint").text()  # said in the fixed line below the form instead
    assert dusun.mapTo(editor, QPoint(0, 0)) == dusun_at
    _enter()
    head = _w(editor, QLineEdit, "field_kepala_keluarga_edit")
    qtbot.waitUntil(lambda: head.hasFocus())
    head_at = head.mapTo(editor, QPoint(0, 0))
    qtbot.waitUntil(lambda: _w(editor, QLabel, "field_no_kk_message").isVisible())
    assert "16" in _w(editor, QLabel, "field_no_kk_message").text()
    assert head.mapTo(editor, QPoint(0, 0)) == head_at


def test_enter_moves_on_and_a_dropdown_filters_as_one_types(qtbot, opened):
    window, editor, store, _desa = opened()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is _w(
        editor, QComboBox, "field_persetujuan_combo"
    )  # the first question
    _type_focused("ya")
    _enter()
    assert editor.answers["persetujuan"] is True
    qtbot.waitUntil(lambda: QApplication.focusWidget() is _w(editor, QLineEdit, "field_no_kk_edit"))
    _type_focused("6203010203040001")
    _enter()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is _w(editor, QLineEdit, "field_kepala_keluarga_edit"))
    floor = _w(editor, QComboBox, "field_perumahan_lantai_combo")
    floor.setFocus()
    qtbot.waitUntil(lambda: floor.hasFocus())
    _type_focused("ker")
    popup = floor.completer().popup()
    qtbot.waitUntil(lambda: popup.isVisible())
    shown = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert shown == ["Keramik"]
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert editor.answers["perumahan"]["lantai"] == "keramik"
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is _w(editor, QComboBox, "field_perumahan_dinding_combo")
    )


def test_members_start_active_are_headed_by_name_and_a_new_one_does_not_jump_to_the_top(qtbot, opened):
    window, editor, store, desa = opened()
    names = ["Budi Santoso", "Siti Aminah", "Rina Santoso"]
    for n, name in enumerate(names, start=1):
        _add_member(qtbot, editor, n)
        _type_focused(name)
        status = _w(editor, QComboBox, f"field_anggota_{n}_status_anggota_combo")
        assert status.currentText() == "Aktif"  # the default status: no death date asked for
        assert not _w(editor, QWidget, f"field_anggota_{n}_tanggal_status").isVisibleTo(editor)
    born = _w(editor, QLineEdit, "field_anggota_3_tanggal_lahir_edit")
    born.setFocus()
    QTest.keyClicks(born, date.today().replace(year=date.today().year - 36).strftime("%d-%m-%Y"))
    editor.refresh()
    assert _w(editor, QLabel, "field_anggota_3_umur_value").text() == "36"  # not "36.0"
    # The members above folded under their names; the section list names them too.
    first = _w(editor, QWidget, "field_anggota_1_toggle")
    assert (
        first.text().startswith("1. Budi Santoso")
        and not _w(editor, QWidget, "field_anggota_1_nama").isVisible()
    )
    entries = [editor.section_list.item(i).text().strip() for i in range(editor.section_list.count())]
    assert {"1. Budi Santoso", "2. Siti Aminah", "3. Rina Santoso"} <= set(entries)
    # "Tambah anggota" far down the form: the view stays down there, on the new member.
    _add_member(qtbot, editor, 4)
    bar = editor.scroll.verticalScrollBar()
    name = _w(editor, QLineEdit, "field_anggota_4_nama_edit")
    qtbot.waitUntil(lambda: bar.value() > 0)
    top = name.mapTo(editor.scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top < editor.scroll.viewport().height()


def test_the_region_comes_from_the_enrolled_area_and_a_kecamatan_laptop_remembers_the_last_desa(
    qtbot, opened
):
    window, editor, store, desa = opened("kecamatan")
    kecamatan = desa.rsplit(".", 1)[0]
    levels = [
        _w(editor, QComboBox, f"field_alamat_desa_{level}")
        for level in ("provinsi", "kabupaten", "kecamatan")
    ]
    assert [c.currentData() for c in levels] == [kecamatan[:2], kecamatan[:5], kecamatan]
    assert "desa" not in editor.answers.get("alamat", {})  # the desa is the volunteer's to choose
    other = villages_of(kecamatan)[1]
    records.save_household(store, make_household(__import__("random").Random(1), other, serial=1))
    window.session.runner.wait_idle()
    second = window.new_household()
    qtbot.waitUntil(lambda: second.answers.get("alamat", {}).get("desa") == other)
    assert _w(second, QComboBox, "field_alamat_desa_desa").currentData() == other
    assert not second.dirty  # a form nobody typed in leaves no draft


def test_a_new_household_on_a_desa_laptop_has_its_desa_filled_in(qtbot, opened):
    window, editor, store, desa = opened()
    assert editor.answers["alamat"]["desa"] == desa
    assert _w(editor, QComboBox, "field_alamat_desa_desa").currentData() == desa
    assert isinstance(_w(editor, QListWidget, "formSections"), QListWidget)


def test_what_one_answer_says_fills_another_and_enter_passes_over_it(qtbot, opened):
    """The head's name makes the first member, a NIK gives the birth date and the sex (marked, for the
    volunteer to check against the KTP), and Enter moves on to the next question still unanswered."""
    window, editor, store, desa = opened()
    head = _w(editor, QLineEdit, "field_kepala_keluarga_edit")
    head.setFocus()
    QTest.keyClicks(head, "Budi Santoso")
    _add_member(qtbot, editor, 1)
    # The focus went to the first question not answered: the head is already this member.
    assert _w(editor, QLineEdit, "field_anggota_1_nama_edit").text() == "Budi Santoso"
    assert _w(editor, QComboBox, "field_anggota_1_hubungan_combo").currentText() == "Kepala keluarga"
    nik = _w(editor, QLineEdit, "field_anggota_1_nik_edit")
    nik.setFocus()
    QTest.keyClicks(nik, nik_for(desa, "P", date(1985, 5, 15), 4))
    member = next(iter(editor.answers["anggota"].values()))
    assert member["tanggal_lahir"] == "1985-05-15" and member["jenis_kelamin"] == "P"
    assert _w(editor, QLineEdit, "field_anggota_1_tanggal_lahir_edit").text() == "15-05-1985"
    _enter()
    # Sex and birth date are answered: Enter passes them and lands on the birthplace.
    qtbot.waitUntil(
        lambda: QApplication.focusWidget() is _w(editor, QLineEdit, "field_anggota_1_tempat_lahir_edit")
    )
    editor.refresh()
    assert "Diisi dari NIK" in _w(editor, QLabel, "field_anggota_1_tanggal_lahir_message").text()
    assert not editor.problems.get(f"anggota/{next(iter(editor.answers['anggota']))}/nik")  # they agree
