"""Drives one household of four (housing, assets, a photo) through the real form window with real input
events (QTest clicks, key presses and wheel turns, counted as they are sent) and prints the counts as JSON.

    python scripts/household_input_driver.py --style mouse|keyboard [--old-ui DIR]

Two ways people fill a form, both as a person would do them on this UI, never calling the form's code to
set an answer:
- mouse: scroll with the wheel (over the question labels, never over an input) until the next question is
  in view, click into it and type, or click a dropdown open and click the choice (scrolling its list when
  the choice is below it), click the check boxes, click "Tambah anggota", click Save;
- keyboard: the key that moves on (Enter where the form supports it, else Tab) until the next question has
  the focus; type the answer (a dropdown: the first letters of the choice); Space ticks; Ctrl+M adds a
  member where Enter cannot reach the button; Ctrl+S saves.
Questions already answered by the form (defaults, the region from the enrolled area) are left as they are.

`--old-ui DIR` runs the same household against another copy of app/ui (DIR/app/ui, e.g. main's before issue
#27), with the rest of the app from this tree, for the before/after figures of bench/household_input.py.
The saved household is read back and checked, so a count always belongs to a correctly filled household.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "scripts"]


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=("mouse", "keyboard"), required=True)
    parser.add_argument("--old-ui", type=Path, help="a directory holding another app/ui to drive instead")
    return parser.parse_args()


ARGS = _args()
if ARGS.old_ui:
    import app

    app.__path__.insert(0, str(ARGS.old_ui / "app"))  # app.ui from there; services, store: this tree

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

MEMBERS = [  # name, sex, birthplace, born, relation, marital status, schooling, work
    ("Budi Santoso", "L", "Kuala Kapuas", date(1980, 5, 17), "kepala", "kawin", "sma", "petani"),
    ("Siti Aminah", "P", "Kuala Kapuas", date(1985, 2, 1), "pasangan", "kawin", "smp", "pedagang"),
    ("Rina Santoso", "P", "Kuala Kapuas", date(2008, 8, 12), "anak", "belum_kawin", "smp", "sekolah"),
    ("Adi Santoso", "L", "Kuala Kapuas", date(2014, 1, 20), "anak", "belum_kawin", "sd", "sekolah"),
]
ADDRESS = [
    ("alamat_dusun", "Sungai Tatas"),
    ("alamat_rt", "3"),
    ("alamat_rw", "1"),
    ("alamat_jalan", "Jl. Mawar 12"),
]
HOUSING = [("kepemilikan", "milik_sendiri"), ("lantai", "semen"), ("dinding", "kayu"), ("atap", "seng"),
           ("air_minum", "sumur_terlindung"), ("penerangan", "pln_450"), ("bahan_bakar", "gas_3kg"),
           ("jamban", "sendiri")]  # fmt: skip
ASSETS, AID = ["sepeda_motor", "televisi"], ["pkh"]
PHOTO = "rumah.png"


class Counter:
    """Sends input the way a person makes it, and counts it."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.clicks = self.keys = self.wheel = 0

    def click(self, widget: QWidget, at: QPoint | None = None) -> None:
        at = at or widget.rect().center()
        child = widget.childAt(at)  # a real click lands on the innermost widget under the pointer
        if child is not None:
            widget, at = child, child.mapFrom(widget, at)
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
        self.clicks += 1
        QApplication.processEvents()

    def type(self, widget: QWidget, text: str) -> None:
        for ch in text:  # one at a time: an open list of suggestions takes the keys, as on a real keyboard
            QTest.keyClicks(QApplication.activePopupWidget() or widget, ch)
        self.keys += len(text)
        QApplication.processEvents()

    def key(self, widget: QWidget, key: Qt.Key, presses: int = 1) -> None:
        QTest.keyClick(QApplication.activePopupWidget() or widget, key)
        self.keys += presses  # a chord (Ctrl+S) is two presses
        QApplication.processEvents()

    def notch(self, window_widget: QWidget, at: QPoint, down: bool) -> None:
        QTest.wheelEvent(window_widget.windowHandle(), QPointF(at), QPoint(0, -120 if down else 120))
        self.wheel += 1
        QApplication.processEvents()


def make_store(data_dir: Path):
    """A laptop enrolled for one desa, with three households already registered there (two in Sungai Tatas)."""
    import random

    from app.services import lifecycle, records
    from forms.samples import make_household, villages_of
    from sync.protocol import EnrollAnswer

    store, _code = lifecycle.create_store(data_dir, "sari", "rahasia-123")
    desa = villages_of("62.03.01")[0]
    store.apply_enrollment(EnrollAnswer(device_id="bench-1", device_number=1, token="t", area=desa,
                                                    server_sign_key="x", server_box_key="y"))  # fmt: skip
    rng = random.Random(11)
    for serial in range(3):
        answers = make_household(rng, desa, serial=serial)
        if serial < 2:
            answers["alamat"]["dusun"] = "Sungai Tatas"
        records.save_household(store, answers)
    return store, desa


class Driver:
    def __init__(self, editor, counter: Counter, style: str, desa: str, new_ui: bool) -> None:
        self.e, self.c, self.style, self.desa, self.new_ui = editor, counter, style, desa, new_ui

    def w(self, name: str, cls=QWidget):
        found = self.e.findChild(cls, name)
        if found is None:
            raise LookupError(name)
        return found

    # --- the mouse -----------------------------------------------------------------------------------

    def into_view(self, widget: QWidget) -> None:
        """Wheel the form (over the labels' column) until `widget` is wholly in view."""
        scroll = self.e.scroll
        viewport = scroll.viewport()
        for _ in range(200):
            top = widget.mapTo(viewport, QPoint(0, 0)).y()
            if top >= 0 and top + widget.height() <= viewport.height():
                return
            bar = scroll.verticalScrollBar()
            before = bar.value()
            self.c.notch(self.e, viewport.mapTo(self.e, QPoint(12, viewport.height() // 2)), down=top > 0)
            if bar.value() == before:
                return
        raise RuntimeError(f"cannot scroll to {widget.objectName()}")

    def pick_by_mouse(self, combo: QComboBox, value) -> None:
        self.into_view(combo)
        self.c.click(combo)
        view = combo.view()
        if not view.isVisible():
            raise RuntimeError(f"{combo.objectName()}: the list did not open")
        QTest.qWait(
            2 * QApplication.doubleClickInterval()
        )  # a list ignores a click as quick as a double click
        index = view.model().index(combo.findData(value), 0)
        for _ in range(50):
            rect = view.visualRect(index)
            if rect.top() >= 0 and rect.bottom() <= view.viewport().height():
                break
            self.c.notch(
                view.window(),
                view.viewport().mapTo(view.window(), view.viewport().rect().center()),
                down=True,
            )
        self.c.click(view.viewport(), view.visualRect(index).center())
        if view.isVisible():  # still open: the click came too soon after the opening one on a busy machine
            QTest.qWait(4 * QApplication.doubleClickInterval())
            self.c.click(view.viewport(), view.visualRect(index).center())
            self.c.clicks -= 1  # a person's click would not have been taken for a double click
        if combo.currentData() != value:
            raise RuntimeError(f"{combo.objectName()}: {combo.currentData()!r} chosen, not {value!r}")

    def tick_by_mouse(self, lst: QListWidget, values: list[str]) -> None:
        self.into_view(lst)
        for i in range(lst.count()):
            item = lst.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in values:
                lst.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)
                rect = lst.visualItemRect(item)
                self.c.click(lst.viewport(), QPoint(rect.left() + 10, rect.center().y()))
                if item.checkState() != Qt.CheckState.Checked:
                    raise RuntimeError(f"{lst.objectName()}: {values} not ticked by a click")

    # --- the keyboard --------------------------------------------------------------------------------

    def reach(self, widget: QWidget) -> QWidget:
        """Press the key that moves on until the focus is in `widget`."""
        move = Qt.Key.Key_Return if self.new_ui else Qt.Key.Key_Tab
        for _ in range(80):
            focus = QApplication.focusWidget()
            if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                return focus
            if focus is None:  # nothing has the focus (the old form after adding a member): click into it
                if QApplication.activeWindow() is not self.e:  # a click activates the window it lands in
                    self.e.activateWindow()
                    QTest.qWaitForWindowActive(self.e)
                self.into_view(widget)
                self.c.click(widget)
                continue
            if os.environ.get("DRIVER_DEBUG"):
                print("at", focus.objectName() if focus else None, "->", widget.objectName(), file=sys.stderr)
            self.c.key(focus or self.e, move)
            self.e.refresh()
        raise RuntimeError(
            f"the keyboard never reached {widget.objectName()} (at {QApplication.focusWidget()})"
        )

    def pick_by_keys(self, combo: QComboBox, value) -> None:
        """Type a few letters of the choice: in the filtering dropdown the start of its most telling word
        (the shortest that puts it on top of the list), in a plain dropdown its first letters — which stop
        before the first space, since Space opens its list — and the arrow keys go the rest of the way."""
        focus = self.reach(combo)
        target_index = combo.findData(value)
        self.c.type(focus, self._shortest(combo, combo.itemText(target_index)))
        if not self.new_ui:
            for _ in range(40):
                if combo.currentIndex() == target_index:
                    break
                self.c.key(combo, Qt.Key.Key_Down if combo.currentIndex() < target_index else Qt.Key.Key_Up)
            if combo.currentData() != value:
                raise RuntimeError(f"{combo.objectName()}: {combo.currentData()!r} chosen, not {value!r}")

    def _shortest(self, combo: QComboBox, target: str) -> str:
        if not self.new_ui:
            first_word = target.split(" ")[0]
            labels = [combo.itemText(i) for i in range(combo.count())]
            start = combo.currentIndex() + 1  # a plain dropdown searches on from the current choice
            ordered = labels[start:] + labels[:start]
            for n in range(1, len(first_word) + 1):
                found = next((t for t in ordered if t.casefold().startswith(first_word[:n].casefold())), None)
                if found == target:
                    return first_word[:n]
            return first_word
        starts = [0] + [i + 1 for i, ch in enumerate(target) if ch in " /-(" and i + 1 < len(target)]
        best = target
        for i in starts:
            for n in range(1, len(target) - i + 1):
                typed = target[i : i + n]
                matches = combo._matches(typed)  # what the dropdown puts on top for these letters
                if matches and combo.itemText(matches[0]) == target:
                    best = min(best, typed, key=len)
                    break
        return best

    def tick_by_keys(self, lst: QListWidget, values: list[str]) -> None:
        self.reach(lst)
        for i in range(lst.count()):
            item = lst.item(i)
            if item.data(Qt.ItemDataRole.UserRole) not in values:
                continue
            text = item.text()
            current = max(lst.currentRow(), 0)
            if lst.currentRow() < 0:
                self.c.key(lst, Qt.Key.Key_Down)  # the first press only puts the cursor on the first line
            for _ in range(abs(i - current)):
                self.c.key(lst, Qt.Key.Key_Down if i > current else Qt.Key.Key_Up)
            self.c.key(lst, Qt.Key.Key_Space)
            if item.checkState() != Qt.CheckState.Checked:
                raise RuntimeError(f"{lst.objectName()}: {text} not ticked by Space")

    # --- one question, either way ----------------------------------------------------------------------

    def text(self, name: str, value: str, meant=None) -> None:
        """Type an answer (`meant`: the answer it stands for, when the form stores it otherwise)."""
        field, edit = self.w(name), self.w(name + "_edit", QLineEdit)
        if field.value() == (value if meant is None else meant):
            return  # the form filled it in already (from the NIK, the head's name…)
        if self.style == "mouse":
            self.into_view(edit)
            self.c.click(edit)
        else:
            self.reach(edit)
        if not self.suggested(edit, value):
            self.c.type(edit, value)
        self.e.refresh()

    def suggested(self, edit: QLineEdit, value: str) -> bool:
        """Take `value` from the suggestions under the field, when it is offered: the first letters, then
        the suggestion (clicked, or Down; the Enter that moves on takes it)."""
        completer = edit.completer()
        if completer is None or value not in completer.model().stringList():
            return False
        for n in range(1, len(value)):
            self.c.type(edit, value[n - 1])
            popup = completer.popup()
            if popup.isVisible() and completer.completionModel().index(0, 0).data() == value:
                if self.style == "mouse":
                    self.c.click(
                        popup.viewport(), popup.visualRect(completer.completionModel().index(0, 0)).center()
                    )
                else:
                    self.c.key(popup, Qt.Key.Key_Down)
                return True
        self.c.type(edit, value[-1])
        return True

    def choice(self, name: str, value) -> None:
        combo = self.w(name + "_combo", QComboBox)
        if combo.currentData() == value:
            return  # answered by the form already
        (self.pick_by_mouse if self.style == "mouse" else self.pick_by_keys)(combo, value)
        self.e.refresh()

    def ticks(self, name: str, values: list[str]) -> None:
        lst = self.w(name + "_list", QListWidget)
        (self.tick_by_mouse if self.style == "mouse" else self.tick_by_keys)(lst, values)
        self.e.refresh()

    def region(self) -> None:
        field = self.w("field_alamat_desa")
        if field.value() == self.desa:
            return  # filled from the enrolled area
        parts = self.desa.split(".")
        for i, level in enumerate(("provinsi", "kabupaten", "kecamatan", "desa")):
            combo = self.w(f"field_alamat_desa_{level}", QComboBox)
            code = ".".join(parts[: i + 1])
            if combo.currentData() != code:
                (self.pick_by_mouse if self.style == "mouse" else self.pick_by_keys)(combo, code)
                if self.style == "keyboard" and self.new_ui:
                    self.c.key(QApplication.focusWidget(), Qt.Key.Key_Return)

    def photo(self, folder: Path) -> None:
        button = self.w("field_foto_rumah_choose", QPushButton)

        def answer_dialog() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QFileDialog):
                QTimer.singleShot(20, answer_dialog)
                return
            name = dialog.findChild(QLineEdit, "fileNameEdit")
            self.c.type(name, PHOTO)
            self.c.key(name, Qt.Key.Key_Return)

        QTimer.singleShot(0, answer_dialog)
        if self.style == "mouse":
            self.into_view(button)
            self.c.click(button)
        else:
            self.reach(button)
            self.c.key(button, Qt.Key.Key_Space)
        field = self.w("field_foto_rumah")
        wait_until(lambda: field.value() is not None)
        if QApplication.activeWindow() is not self.e:  # the window manager gives the form its focus back
            self.e.activateWindow()
            QTest.qWaitForWindowActive(self.e)
        if QApplication.focusWidget() is None:  # …to the button that opened the dialog
            button.setFocus()

    def add_member(self, n: int) -> None:
        add = self.w("field_anggota_add", QPushButton)
        if self.style == "mouse":
            self.into_view(add)
            self.c.click(add)
        elif self.new_ui:
            self.reach(add)
            self.c.key(add, Qt.Key.Key_Return)
        else:
            self.c.keys += 2  # Ctrl+M (a synthetic chord does not reach a QShortcut offscreen)
            self.e.add_item_here()
        wait_until(lambda: self.e.findChild(QWidget, f"field_anggota_{n}_nama") is not None)
        QApplication.processEvents()

    def member(self, n: int, member: tuple) -> None:
        name, sex, place, born, relation, married, school, work = member
        base = f"field_anggota_{n}"
        self.text(f"{base}_nama", name)
        self.choice(f"{base}_nik_status", "ada")
        self.text(f"{base}_nik", nik_of(self.desa, sex, born, n))
        self.choice(f"{base}_jenis_kelamin", sex)
        self.text(f"{base}_tempat_lahir", place)
        self.text(
            f"{base}_tanggal_lahir",
            born.strftime("%d-%m-%Y") if self.new_ui else born.isoformat(),
            born.isoformat(),
        )
        self.choice(f"{base}_hubungan", relation)
        self.choice(f"{base}_status_kawin", married)
        self.choice(f"{base}_pendidikan", school)
        self.choice(f"{base}_pekerjaan", work)
        self.choice(f"{base}_status_anggota", "aktif")

    def household(self, folder: Path) -> None:
        self.choice("field_persetujuan", True)
        self.text("field_no_kk", nik_of(self.desa, "L", date(2015, 3, 4), 9))
        self.text("field_kepala_keluarga", MEMBERS[0][0])
        self.region()
        for name, value in ADDRESS:
            self.text(f"field_{name}", value)
        self.choice("field_perumahan_kepemilikan", "milik_sendiri")
        self.text("field_perumahan_luas_lantai", "36")
        for name, value in HOUSING[1:]:
            self.choice(f"field_perumahan_{name}", value)
        self.ticks("field_aset", ASSETS)
        self.ticks("field_bantuan", AID)
        self.photo(folder)
        for n, member in enumerate(MEMBERS, start=1):
            self.add_member(n)
            self.member(n, member)

    def save(self) -> str:
        saved: list[str] = []
        self.e.saved.connect(saved.append)
        if self.style == "mouse":
            self.c.click(self.w("saveButton", QPushButton))
        else:
            self.c.keys += 2  # Ctrl+S
            self.e.save()
        wait_until(lambda: bool(saved))
        return saved[0]


def nik_of(desa: str, sex: str, born: date, serial: int) -> str:
    from forms.samples import nik_for

    return nik_for(desa, sex, born, serial)


def wait_until(done, timeout_ms: int = 10_000) -> None:
    waited = 0
    while not done():
        QTest.qWait(10)
        waited += 10
        if waited > timeout_ms:
            raise TimeoutError("the form did not answer")


def check(store, record_id: str, desa: str) -> None:
    """The household as saved: what was meant, every member, the photo."""
    answers = store.get_record(record_id).answers
    members = sorted(answers["anggota"].values(), key=lambda m: m["_pos"])
    assert [m["nama"] for m in members] == [m[0] for m in MEMBERS], members
    assert [m["tanggal_lahir"] for m in members] == [m[3].isoformat() for m in MEMBERS]
    assert [m["status_anggota"] for m in members] == ["aktif"] * 4
    assert answers["alamat"]["desa"] == desa and answers["alamat"]["dusun"] == "Sungai Tatas"
    assert answers["perumahan"]["jamban"] == "sendiri" and sorted(answers["aset"]) == sorted(ASSETS)
    assert answers["foto_rumah"] and answers["persetujuan"] is True


def main() -> None:
    app = QApplication(sys.argv[:1])
    app.setDoubleClickInterval(60)  # the person clicks no faster; the run need not wait 400 ms per list
    from app.ui.main_window import MainWindow
    from app.ui.runner import Runner
    from app.ui.session import Session

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["HOME"] = str(home)  # the photo dialog opens here, where the photo is
        picture = QImage(320, 240, QImage.Format.Format_RGB32)
        picture.fill(QColor("darkgreen"))
        picture.save(str(home / PHOTO))
        store, desa = make_store(home / "data")
        session = Session(home / "data", store, Runner())
        window = MainWindow(session)
        window.show()
        editor = window.new_household()
        editor.activateWindow()
        QTest.qWaitForWindowActive(editor)
        wait_until(lambda: not session.runner.busy)
        QTest.qWait(50)
        counter = Counter(editor)
        driver = Driver(editor, counter, ARGS.style, desa, new_ui=ARGS.old_ui is None)
        driver.household(home)
        record_id = driver.save()
        check(store, record_id, desa)
        print(json.dumps({"clicks": counter.clicks, "keys": counter.keys, "wheel": counter.wheel}))
        editor.close()
        session.runner.wait_idle()
        store.close()
    app.quit()


if __name__ == "__main__":
    main()
