"""Form entry rendered from a forms/ definition — any form, any version, never a hand-coded screen.

The answers live in one nested dict shaped as forms/README.md describes (groups are objects, repeats are
objects keyed by item id with `_pos`). Every edit updates it, then a short timer recomputes calculations,
relevance (live skip logic) and the inline messages with forms.validate — pure Python, no database.
The database is only touched through the runner: the "NIK already registered" lookup, what a new form
starts from (the enrolled area, the last record), drafts, save, delete.

Made for a volunteer with a household of eight in front of them (issue #27): sections listed beside the
form (app/ui/form_sections.py), Enter moves on (app/ui/form_focus.py), dropdowns filter as one types and
ignore the wheel (app/ui/form_inputs.py), members are headed by their names and fold away
(app/ui/form_rows.py), and a message never moves the field being typed in: the focused field's own
message waits in the line below the form until the user leaves it.
"""

from __future__ import annotations

import copy
import html
import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import drafts, records
from app.ui import form_start
from app.ui.errors import language, show_error
from app.ui.form_builder import FormBuilder, get, object_name, ordered
from app.ui.form_focus import Anchor, fit_to_screen
from app.ui.form_inputs import WheelToScroll
from app.ui.form_members import MemberTitles, initially_collapsed, item_ids, repeat_paths
from app.ui.form_messages import hint_text, message_lines
from app.ui.form_navigator import Navigator
from app.ui.form_rows import FieldRow
from app.ui.form_sections import SectionList, plan_sections
from app.ui.form_start import (
    apply_memory,
    fill_from_nik,
    new_answers_for,
    offered_fields,
    prefill_area,
    start_first_member,
)
from forms.domain.nik import check_nik
from forms.validate import calculate, is_relevant, new_answers, validate

AUTOSAVE_MS = 3000
REFRESH_MS = 80


def _container(answers: dict, path: tuple[str, ...]) -> dict:
    node = answers
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    return node


class FormEditor(QWidget):
    saved = Signal(str)  # record id
    deleted = Signal(str)
    draft_saved = Signal(str)  # draft id
    open_record = Signal(str)  # the "NIK already registered" link

    def __init__(self, session, form_id: str, *, answers: dict | None = None, record_id: str | None = None,
                 draft_id: str | None = None, form_version: int | None = None,
                 focus_path: str | None = None) -> None:  # fmt: skip
        """`focus_path` (e.g. "anggota/<member id>/nama") opens the form at that question, its member unfolded."""
        super().__init__()
        self.setObjectName("formEditor")
        self.session = session
        self.lang = language()
        self.form = records.form_definition(session.store, form_id, form_version)
        self.record_id = record_id
        self.draft_id = draft_id
        self.is_new = answers is None and record_id is None
        self.answers: dict = copy.deepcopy(answers) if answers is not None else new_answers_for(self.form)
        self.saved_items = item_ids(self.form, self.answers) if record_id else set()
        self.touched: set[str] = set()
        self.show_all = False
        self.dirty = False
        self._fitted = False
        self.rows: list[FieldRow] = []
        self.members: dict[str, tuple] = {}  # item id -> (MemberBox, repeat path, display position)
        self.repeat_parts: dict[
            tuple, tuple
        ] = {}  # repeat path -> (layout, add button, positions, ids, field)
        self.collapsed = initially_collapsed(
            self.form, self.answers, saved=record_id is not None and draft_id is None, focus_path=focus_path
        )
        self.offered: dict[str, list[str]] = {}
        self.notes: dict[str, tuple] = {}  # path -> (value the form filled in, where it came from)
        self.registered: dict[str, list] = {}
        self.linked: dict[str, list] = {}  # member id -> persons the district confirmed as the same person
        self.sections = plan_sections(self.form, self.lang, self.tr("Data pokok"), self.tr("Lain-lain"))
        self.titles = MemberTitles(self.form, self.lang)
        self._make_frame()
        self.builder = FormBuilder(self)
        self.nav = Navigator(self)
        self.wheel_guard = WheelToScroll(self.scroll)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.build()
        if self.is_new:
            prefill_area(self)
        QApplication.instance().focusChanged.connect(self.nav.focus_changed)
        store = session.store
        if self.is_new:
            paths = offered_fields(self.form)
            session.runner.run(lambda: records.entry_memory(store, form_id, paths),
                               lambda memory: apply_memory(self, memory), owner=self)  # fmt: skip
        if record_id is not None:
            session.runner.run(
                lambda: records.linked_persons(store, record_id), self._linked_found, owner=self
            )
        QTimer.singleShot(0, lambda: self.nav.start(focus_path))

    def _make_frame(self) -> None:
        title = QLabel(f"<b>{html.escape(self.form.title.get(self.lang) or self.form.title.get('id'))}</b>",
                       self, objectName="formTitle")  # fmt: skip
        self.section_list = SectionList(self)
        self.section_list.setFixedWidth(210)
        self.section_list.jump.connect(self.go_to)
        self.section_list.setVisible(len(self.sections) > 1)
        self.scroll = QScrollArea(self, objectName="formScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.hint = QLabel(self, objectName="formHint")  # the focused field's message: never moves a field
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setFixedHeight(2 * self.hint.fontMetrics().lineSpacing() + 4)
        self.status = QLabel(self, objectName="formStatus")
        self.save_button = QPushButton(self.tr("Simpan (Ctrl+S)"), self, objectName="saveButton")
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Hapus data ini…"), self, objectName="deleteButton")
        self.delete_button.clicked.connect(self.delete)
        self.delete_button.setVisible(self.record_id is not None)
        self.prev_button = QPushButton(self.tr("‹ Bagian sebelumnya"), self, objectName="prevSection")
        self.next_button = QPushButton(self.tr("Bagian berikutnya ›"), self, objectName="nextSection")
        self.prev_button.clicked.connect(lambda: self.step_section(-1))
        self.next_button.clicked.connect(lambda: self.step_section(+1))
        for b in (self.prev_button, self.next_button):
            b.setVisible(len(self.sections) > 1)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter and Tab walk the questions
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.delete_button, self.prev_button, self.next_button, self.save_button):
            buttons.addWidget(b)
        middle = QHBoxLayout()
        middle.addWidget(self.section_list)
        middle.addWidget(self.scroll, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(middle, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+M"), self, self.add_item_here)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step_section(+1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step_section(-1))

    # --- building ------------------------------------------------------------------------------------

    def build(self, focus: str | None = None) -> None:
        """(Re)create every widget from the definition and the answers (after a repeat item is removed or
        moved, so names and order follow the display positions)."""
        self.rows, self.members, self.repeat_parts = [], {}, {}
        body = self.builder.build()
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(body)
        self.refresh()
        if focus:
            target = body.findChild(QWidget, focus)
            if target is not None:
                self.nav.focus(target)

    def sizeHint(self):  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), 1000))
        hint.setHeight(max(hint.height(), 720))
        return hint

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Never taller or wider than the screen (at 125% on 1366×768 Save was below its bottom edge)."""
        super().showEvent(event)
        fit_to_screen(self, grow=not self._fitted)
        self._fitted = True

    # --- editing -------------------------------------------------------------------------------------

    def field_edited(self, row: FieldRow) -> None:
        value = row.widget.value()
        container = _container(self.answers, row.path)
        if value is None:
            container.pop(row.path[-1], None)
        else:
            container[row.path[-1]] = value
        self.touched.add(row.key)
        self.dirty = True
        if row.field.type == "nik":
            self._lookup_nik(row, value)
            if row.field.cross_check:
                fill_from_nik(self, row, value)
        self._refresh_timer.start()

    def override_toggled(self, row: FieldRow, on: bool) -> None:
        row.reason.setVisible(on)
        if on:
            row.reason.setFocus()
        self.override_reason(row)

    def override_reason(self, row: FieldRow) -> None:
        container = _container(self.answers, row.path)
        overrides = dict(container.get("_overrides") or {})
        for key in [k for k in overrides if k.startswith(row.field.name + ":")]:
            del overrides[key]
        reason = row.reason.text().strip()
        if row.override.isChecked() and reason:
            for code in row.override_codes:
                overrides[f"{row.field.name}:{code}"] = reason
        if overrides:
            container["_overrides"] = overrides
        else:
            container.pop("_overrides", None)
        self.dirty = True
        self._refresh_timer.start()

    def add_item(self, path: tuple) -> None:
        """A new member under the others, opened, its first question focused; the others fold away."""
        items = get(self.answers, path)
        if not isinstance(items, dict):
            items = {}
            _container(self.answers, path)[path[-1]] = items
        item_id = str(uuid.uuid4())
        repeat = self.form.by_name[path[-1]]
        pos = max((v.get("_pos", 0) for v in items.values() if isinstance(v, dict)), default=0) + 1
        items[item_id] = {**new_answers(self.form, repeat.name), "_pos": pos}
        if pos == 1:
            start_first_member(self, path, items[item_id])
        self.dirty = True
        for other, (box, other_path, _index) in self.members.items():
            if other_path == path:
                self.collapsed.add(other)
                box.set_collapsed(True)
        column, add, positions, item_ids, _f = self.repeat_parts[path]
        count = len(ordered(items))
        if count > 1:
            previous = next(b for b, p, i in self.members.values() if p == path and i == count - 1)
            previous.down.setEnabled(True)
        box = self.builder.member(
            repeat, path, item_id, count, count, item_ids, positions, add.parentWidget()
        )
        column.insertWidget(column.indexOf(add) - 1, box)  # above the message line and the button
        self.builder.guard_wheel(box)
        self.refresh()
        first = next((r for r in self.rows if r.item_ids.get(repeat.name) == item_id and not r.container
                      and r.field.type not in ("calculate", "note") and r.widget.isVisibleTo(box)), None)  # fmt: skip
        QTimer.singleShot(
            0, lambda: self.nav.focus(first.widget.focus_widget() if first else box.toggle, top=box)
        )

    def add_item_here(self) -> None:
        """Ctrl+M: a new item in the repeat group holding the focus, else in the form's first repeat."""
        focus = self.focusWidget()
        for row in self.rows:
            if row.item_ids and row.has_focus(focus):
                repeat = next(iter(row.item_ids))
                self.add_item(tuple(k for _, k in self.form.by_name[repeat].steps))
                return
        paths = repeat_paths(self.form)
        if paths:
            self.add_item(paths[0])

    def remove_item(self, path: tuple, item_id: str) -> None:
        items = get(self.answers, path)
        if isinstance(items, dict) and item_id not in self.saved_items:
            items.pop(item_id, None)
            self.dirty = True
            self._rebuild_keeping_place()

    def move_item(self, path: tuple, item_id: str, step: int) -> None:
        ids = [k for k, _ in ordered(get(self.answers, path))]
        i = ids.index(item_id)
        j = i + step
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
            items = get(self.answers, path)
            for pos, key in enumerate(ids, start=1):
                items[key]["_pos"] = pos
            self.dirty = True
            self._rebuild_keeping_place()

    def _rebuild_keeping_place(self) -> None:
        scrolled = self.scroll.verticalScrollBar().value()
        self.build()
        QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(scrolled))

    def member_toggled(self, item_id: str, collapsed: bool) -> None:
        (self.collapsed.add if collapsed else self.collapsed.discard)(item_id)
        self._refresh_timer.start()

    # --- moving around (app/ui/form_navigator.py) --------------------------------------------------

    def advance_from(self, row: FieldRow) -> None:
        self.nav.advance_from(row)

    def go_to(self, section: int, item_id: str = "") -> None:
        self.nav.go_to(section, item_id)

    def step_section(self, step: int) -> None:
        self.nav.step_section(step)

    def schedule_refresh(self) -> None:
        self._refresh_timer.start()

    # --- live checks ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Calculations, relevance and messages from the answers as they are now."""
        if not self.rows:
            return
        form_start.filter_choices(self)
        calculated = calculate(self.form, self.answers)
        result = validate(self.form, calculated)
        self.problems: dict[str, list] = {}
        for p in result.problems:
            self.problems.setdefault(p.path, []).append(p)
        overridden = {p.path: reason for p, reason in result.overridden}
        focus = QApplication.focusWidget()
        with Anchor(self.scroll):
            for row in self.rows:
                visible = is_relevant(self.form, row.field.name, self.answers, row.item_ids)
                row.set_visible(visible)
                if not visible:
                    continue
                if row.field.type == "calculate":
                    row.widget.set_value(get(calculated, row.path))
                lines = message_lines(self, row, overridden)
                if row.container:
                    if row.field.type == "repeat":
                        row.message.setText("<br>".join(lines))
                        row.message.setVisible(bool(lines))
                    continue
                if not row.has_focus(focus):
                    row.show_lines(lines)  # the focused field's own message waits: it would move fields
                self._update_override(row, result)
            self.titles.update(self, calculated)
        errors = len(result.errors)
        self.status.setText(
            self.tr("%n masalah perlu diperbaiki", "", errors) if self.show_all and errors else ""
        )
        self.section_list.show_entries(self.titles.entries(self, self.show_all))
        self.show_hint(next((r for r in self.rows if r.has_focus(focus)), None))

    def _update_override(self, row: FieldRow, result) -> None:
        if row.override is None:
            return
        codes = [p.code for p in self.problems.get(row.key, []) if p.overridable]
        codes += [p.code for p, _r in result.overridden if p.path == row.key]
        row.override_codes = codes
        row.override.setVisible(bool(codes))
        row.reason.setVisible(bool(codes) and row.override.isChecked())

    def show_hint(self, row: FieldRow | None) -> None:
        self.hint.setText(hint_text(self, row))

    def _lookup_nik(self, row: FieldRow, value) -> None:
        if not isinstance(value, str) or check_nik(value).problems:
            self.registered.pop(row.key, None)
            return
        store, record_id, key = self.session.store, self.record_id, row.key
        self.session.runner.run(lambda: records.registered_nik(store, value, exclude_record=record_id),
                                lambda found: self.registered_found(key, value, found), owner=self)  # fmt: skip

    def registered_found(self, key: str, nik: str, found: list) -> None:
        row = next((r for r in self.rows if r.key == key), None)
        if row is None or row.widget.value() != nik:
            return  # typed on since
        self.registered[key] = found
        self.refresh()

    def _linked_found(self, found: dict) -> None:
        self.linked = found
        if found:
            self.refresh()

    # --- save, delete, drafts ------------------------------------------------------------------------

    def save(self) -> None:
        """Save when there are no errors; otherwise show every message and go to the first problem."""
        self.show_all = True
        self.refresh()
        for row in self.rows:
            if not row.container and row.widget.isVisibleTo(self):
                row.show_lines(message_lines(self, row, {}))  # the focused field's message too, now
        form_start.stamp_saved(self)
        result = validate(self.form, calculate(self.form, self.answers))
        if result.errors:
            self._go_to_problem(result.errors[0].path)
            return
        store, answers = self.session.store, copy.deepcopy(self.answers)
        form_id, version, record_id = self.form.form_id, self.form.version, self.record_id
        self.save_button.setEnabled(False)
        self.session.runner.write(
            lambda: records.save_form(store, form_id, answers, record_id=record_id, form_version=version),
            self._saved,
            changes=lambda saved: saved.changes,  # app.store.store.SaveResult
            parent_widget=self,
            on_error=self._save_failed,
            initiator=self,
        )

    def _save_failed(self, err: BaseException) -> None:
        self.save_button.setEnabled(True)  # a refused save can be tried again once the cause is fixed
        show_error(self, err)

    def _go_to_problem(self, path: str) -> None:
        first = next((r for r in self.rows if r.key == path), None)
        if first is None:
            return
        for item_id in first.item_ids.values():
            if item_id in self.members:
                self.members[item_id][0].set_collapsed(False)
                self.collapsed.discard(item_id)
        target = first.box if first.container else first.widget.focus_widget()
        QTimer.singleShot(0, lambda: self.nav.focus(target))

    def _saved(self, result) -> None:
        self.save_button.setEnabled(True)
        self.record_id = result.record_id
        self.dirty = False
        self.status.setText(self.tr("Tersimpan."))
        if self.draft_id:
            store, draft_id = self.session.store, self.draft_id
            self.draft_id = None
            self.session.runner.write(lambda: drafts.discard_draft(store, draft_id))
        self.saved.emit(result.record_id)

    def delete(self) -> None:
        """Soft delete after a confirmation: the record leaves lists and search; the deletion syncs."""
        if self.record_id is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Hapus data"),
                          self.tr("Hapus data ini? Data hilang dari daftar dan pencarian, dan penghapusannya ikut "
                                  "dikirim ke kabupaten pada sinkronisasi berikutnya."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("confirmDelete")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Ya, hapus"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Batal"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        store, record_id = self.session.store, self.record_id
        self.session.runner.write(lambda: records.delete_record(store, record_id),
                                  lambda _c: self.deleted.emit(record_id), parent_widget=self)  # fmt: skip

    def autosave(self) -> None:
        """Write the draft when something changed since the last one (every few seconds and on close)."""
        if not self.dirty:
            return
        self.dirty = False
        store, answers, draft_id = self.session.store, copy.deepcopy(self.answers), self.draft_id
        form_id, version, record_id = self.form.form_id, self.form.version, self.record_id
        self.session.runner.write(
            lambda: drafts.save_draft(
                store, form_id, version, answers, draft_id=draft_id, record_id=record_id
            ),
            self._draft_written,
            changes=lambda written: written[1],  # (draft id, Changes)
            owner=self,  # closed (on lock or quit) before the write finished: the draft is in, nobody to tell
        )

    def _draft_written(self, result) -> None:
        self.draft_id = result[0]
        self.draft_saved.emit(self.draft_id)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.autosave_timer.stop()
        self.autosave()
        super().closeEvent(event)


__all__ = ["FormEditor", "object_name"]
