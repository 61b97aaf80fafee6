"""Form entry rendered from a forms/ definition — any form, any version, never a hand-coded screen.

The answers live in one nested dict shaped as forms/README.md describes (groups are objects, repeats are
objects keyed by item id with `_pos`). Every edit updates it, then a short timer recomputes calculations,
relevance (live skip logic) and the inline messages with forms.validate — pure Python, no database.
The database is only touched through the runner: the "NIK already registered" lookup, drafts, save, delete.
"""

from __future__ import annotations

import copy
import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import drafts, records, ui_support
from app.ui.errors import language
from app.ui.field_widgets import FieldWidget, make_field_widget
from app.ui.session import Session
from forms.definition import Field
from forms.domain.nik import check_nik
from forms.validate import calculate, is_relevant, validate

AUTOSAVE_MS = 3000
REFRESH_MS = 80


class FieldRow:
    """One leaf field on screen: its label, input, message line and (for NIKs) the override controls."""

    def __init__(
        self, f: Field, path: tuple[str, ...], item_ids: dict[str, str], widget: FieldWidget
    ) -> None:
        self.field = f
        self.path = path
        self.item_ids = item_ids
        self.widget = widget
        self.label: QLabel | None = None
        self.message = QLabel(objectName=widget.objectName() + "_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.override: QCheckBox | None = None
        self.reason: QLineEdit | None = None
        self.override_codes: list[str] = []
        self.container = False  # a group or repeat: only shown or hidden

    @property
    def key(self) -> str:
        return "/".join(self.path)

    def set_visible(self, visible: bool) -> None:
        for w in (self.label, self.widget, self.message):
            if w is not None:
                w.setVisible(visible)
        if not visible and self.override is not None:
            self.override.setVisible(False)
            self.reason.setVisible(False)


def _get(answers: dict, path: tuple[str, ...]):
    node = answers
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _container(answers: dict, path: tuple[str, ...], create: bool = True) -> dict | None:
    node = answers
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            if not create:
                return None
            node[key] = {}
        node = node[key]
    return node


def _object_name(path: tuple[str, ...], positions: dict[str, int]) -> str:
    """Stable, readable names for tests and accessibility: item ids become their display positions."""
    return "field_" + "_".join(str(positions.get(p, p)) for p in path)


class FormEditor(QWidget):
    saved = Signal(str)  # record id
    deleted = Signal(str)
    draft_saved = Signal(str)  # draft id
    open_record = Signal(str)  # the "NIK already registered" link

    def __init__(self, session: Session, form_id: str, *, answers: dict | None = None, record_id: str | None = None,
                 draft_id: str | None = None, form_version: int | None = None) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("formEditor")
        self.session = session
        self.lang = language()
        self.form = ui_support.form_definition(session.store, form_id, form_version)
        self.record_id = record_id
        self.draft_id = draft_id
        self.answers: dict = copy.deepcopy(answers) if answers else {}
        self.saved_items = self._item_ids(self.answers) if record_id else set()
        self.touched: set[str] = set()
        self.show_all = False
        self.dirty = False
        self.rows: list[FieldRow] = []
        self._registered: dict[str, list] = {}
        self._linked: dict[str, list] = {}  # member id -> persons the district confirmed as the same person
        title = QLabel(
            f"<b>{self.form.title.get(self.lang) or self.form.title.get('id')}</b>", objectName="formTitle"
        )
        self.status = QLabel(objectName="formStatus")
        self.save_button = QPushButton(self.tr("Simpan (Ctrl+S)"), objectName="saveButton")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("Hapus rekaman"), objectName="deleteButton")
        self.delete_button.clicked.connect(self.delete)
        self.delete_button.setVisible(record_id is not None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        self.scroll = QScrollArea(objectName="formScroll")
        self.scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+M"), self, self.add_item_here)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.build()
        if record_id is not None:
            store = session.store
            session.runner.run(
                lambda: records.linked_persons(store, record_id), self._linked_found, owner=self
            )

    # --- building ------------------------------------------------------------------------------------

    def build(self, focus: str | None = None) -> None:
        """(Re)create every widget from the definition and the answers (after a repeat item is added,
        removed or moved, so names and order follow the display positions)."""
        self.rows = []
        body = QWidget(objectName="formBody")
        form_layout = QFormLayout(body)
        self._build_fields(self.form.fields, form_layout, (), {}, {})
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(body)
        self.refresh()
        if focus:
            target = body.findChild(QWidget, focus)
            if target is not None:
                target.setFocus()

    def _build_fields(self, fields: list[Field], layout: QFormLayout, prefix: tuple, item_ids: dict,
                      positions: dict) -> None:  # fmt: skip
        for f in fields:
            path = (*prefix, f.name)
            label_text = f.text("label", self.lang) or f.name
            if f.type == "group":
                box = QGroupBox(label_text, objectName=_object_name(path, positions))
                inner = QFormLayout(box)
                self._build_fields(f.fields, inner, path, item_ids, positions)
                layout.addRow(box)
                self.rows.append(self._container_row(f, path, item_ids, box))
            elif f.type == "repeat":
                self._build_repeat(f, layout, path, item_ids, positions, label_text)
            else:
                widget = make_field_widget(f, self.lang, _object_name(path, positions), self)
                widget.set_value(_get(self.answers, path))
                hint = f.text("hint", self.lang)
                if hint:
                    widget.setToolTip(hint)
                row = FieldRow(f, path, item_ids, widget)
                required = " *" if f.required is True else ""
                row.label = QLabel(label_text + required)
                row.label.setBuddy(widget.focus_widget())
                widget.edited.connect(lambda row=row: self._edited(row))
                column = QVBoxLayout()
                column.setSpacing(2)
                column.addWidget(widget)
                column.addWidget(row.message)
                if f.type == "nik" and f.cross_check:
                    self._add_override(row, column)
                layout.addRow(row.label, column)
                self.rows.append(row)

    def _container_row(self, f: Field, path: tuple, item_ids: dict, box: QWidget) -> FieldRow:
        holder = FieldWidget(f, self.lang, box.objectName() + "_holder")
        row = FieldRow(f, path, item_ids, holder)
        row.label = box  # hiding the row hides the whole box
        row.container = True
        return row

    def _build_repeat(self, f: Field, layout: QFormLayout, path: tuple, item_ids: dict, positions: dict,
                      label_text: str) -> None:  # fmt: skip
        box = QGroupBox(label_text, objectName=_object_name(path, positions))
        inner = QVBoxLayout(box)
        items = self._ordered(_get(self.answers, path))
        for index, (item_id, _item) in enumerate(items, start=1):
            item_box = QGroupBox(self.tr("{label} {n}").format(label=label_text, n=index),
                                 objectName=f"{_object_name(path, positions)}_{index}")  # fmt: skip
            item_layout = QFormLayout(item_box)
            child_positions = {**positions, item_id: index}
            self._build_fields(
                f.fields, item_layout, (*path, item_id), {**item_ids, f.name: item_id}, child_positions
            )
            controls = QHBoxLayout()
            base = f"{_object_name(path, positions)}_{index}"
            up = QPushButton(self.tr("Naik"), objectName=base + "_up")
            down = QPushButton(self.tr("Turun"), objectName=base + "_down")
            remove = QPushButton(self.tr("Hapus"), objectName=base + "_remove")
            up.setEnabled(index > 1)
            down.setEnabled(index < len(items))
            if item_id in self.saved_items:
                # A saved member who died or moved away gets a status, never a delete
                # (docs/records.md#field-paths).
                remove.setEnabled(False)
                remove.setToolTip(
                    self.tr("Anggota yang sudah disimpan tidak dihapus: ubah status anggotanya.")
                )
            up.clicked.connect(lambda _c=False, p=path, i=item_id: self.move_item(p, i, -1))
            down.clicked.connect(lambda _c=False, p=path, i=item_id: self.move_item(p, i, +1))
            remove.clicked.connect(lambda _c=False, p=path, i=item_id: self.remove_item(p, i))
            for b in (up, down, remove):
                controls.addWidget(b)
            controls.addStretch(1)
            item_layout.addRow(controls)
            inner.addWidget(item_box)
        add = QPushButton(self.tr("Tambah {label} (Ctrl+M)").format(label=label_text.lower()),
                          objectName=_object_name(path, positions) + "_add")  # fmt: skip
        add.clicked.connect(lambda _c=False, p=path: self.add_item(p))
        inner.addWidget(add)
        layout.addRow(box)
        self.rows.append(self._container_row(f, path, item_ids, box))

    def _add_override(self, row: FieldRow, column: QVBoxLayout) -> None:
        name = row.widget.objectName()
        row.override = QCheckBox(self.tr("Data di KTP memang berbeda — simpan dengan alasan"),
                                 objectName=name + "_override")  # fmt: skip
        row.reason = QLineEdit(objectName=name + "_reason")
        row.reason.setPlaceholderText(self.tr("Alasan (misalnya: KTP salah cetak)"))
        container = _get(self.answers, row.path[:-1]) if len(row.path) > 1 else self.answers
        existing = (container or {}).get("_overrides") or {}
        reasons = [v for k, v in existing.items() if k.startswith(row.field.name + ":")]
        if reasons:
            # Filled in before the handlers are connected: ticking the box here must not rewrite the
            # stored reasons (with no codes known yet that would drop them, and the reason with them).
            row.override.setChecked(True)
            row.reason.setText(reasons[0])
        row.override.toggled.connect(lambda on, row=row: self._override_toggled(row, on))
        row.reason.textEdited.connect(lambda _t, row=row: self._override_reason(row))
        row.override.setVisible(bool(reasons))
        row.reason.setVisible(bool(reasons))
        column.addWidget(row.override)
        column.addWidget(row.reason)

    # --- editing -------------------------------------------------------------------------------------

    @staticmethod
    def _ordered(items) -> list[tuple[str, dict]]:
        if not isinstance(items, dict):
            return []
        return sorted(
            ((k, v) for k, v in items.items() if isinstance(v, dict)), key=lambda kv: kv[1].get("_pos", 0)
        )

    def _item_ids(self, answers: dict) -> set[str]:
        found: set[str] = set()
        for f in self.form.walk():
            if f.type == "repeat":
                for prefix_items in [_get(answers, tuple(k for _, k in f.steps))]:
                    if isinstance(prefix_items, dict):
                        found.update(prefix_items)
        return found

    def _edited(self, row: FieldRow) -> None:
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
        self._refresh_timer.start()

    def _override_toggled(self, row: FieldRow, on: bool) -> None:
        row.reason.setVisible(on)
        if on:
            row.reason.setFocus()
        self._override_reason(row)

    def _override_reason(self, row: FieldRow) -> None:
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
        items = _get(self.answers, path)
        if not isinstance(items, dict):
            items = {}
            _container(self.answers, path)[path[-1]] = items
        item_id = str(uuid.uuid4())
        items[item_id] = {
            "_pos": max((v.get("_pos", 0) for v in items.values() if isinstance(v, dict)), default=0) + 1
        }
        self.dirty = True
        index = len(self._ordered(items))
        repeat = self.form.by_name[path[-1]]
        first = next((f.name for f in repeat.fields if f.type not in ("calculate", "note")), None)
        self.build(focus=f"{_object_name(path, {})}_{index}_{first}" if first and len(path) == 1 else None)

    def add_item_here(self) -> None:
        """Ctrl+M: a new item in the repeat group holding the focus, else in the form's first repeat."""
        focus = self.focusWidget()
        for row in self.rows:
            if row.item_ids and focus is not None and row.widget.isAncestorOf(focus):
                repeat = next(iter(row.item_ids))
                self.add_item(tuple(k for _, k in self.form.by_name[repeat].steps))
                return
        first = next((f for f in self.form.walk() if f.type == "repeat"), None)
        if first is not None:
            self.add_item(tuple(k for _, k in first.steps))

    def remove_item(self, path: tuple, item_id: str) -> None:
        items = _get(self.answers, path)
        if isinstance(items, dict) and item_id not in self.saved_items:
            items.pop(item_id, None)
            self.dirty = True
            self.build()

    def move_item(self, path: tuple, item_id: str, step: int) -> None:
        ordered = self._ordered(_get(self.answers, path))
        ids = [k for k, _ in ordered]
        i = ids.index(item_id)
        j = i + step
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
            items = _get(self.answers, path)
            for pos, key in enumerate(ids, start=1):
                items[key]["_pos"] = pos
            self.dirty = True
            self.build()

    # --- live checks ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Calculations, relevance and messages from the answers as they are now."""
        calculated = calculate(self.form, self.answers)
        result = validate(self.form, calculated)
        by_path: dict[str, list] = {}
        for p in result.problems:
            by_path.setdefault(p.path, []).append(p)
        overridden = {p.path: reason for p, reason in result.overridden}
        for row in self.rows:
            visible = is_relevant(self.form, row.field.name, self.answers, row.item_ids)
            row.set_visible(visible)
            if not visible or row.container:
                continue
            if row.field.type == "calculate":
                row.widget.set_value(_get(calculated, row.path))
            problems = by_path.get(row.key, [])
            if not self.show_all and row.key not in self.touched:
                problems = []  # no "required" shouting at fields nobody has reached yet
            lines = [f"<span style='color:{'#b00020' if p.is_error else '#a15c00'}'>{p.message(self.lang)}</span>"
                     for p in problems]  # fmt: skip
            lines += self._registered_lines(row)
            lines += self._linked_lines(row)
            if row.key in overridden:
                lines.append(
                    self.tr("Dikecualikan dengan alasan: {reason}").format(reason=overridden[row.key])
                )
            row.message.setText("<br>".join(lines))
            row.message.setVisible(bool(lines))
            if row.override is not None:
                codes = [p.code for p in by_path.get(row.key, []) if p.overridable]
                codes += [p.code for p, _r in result.overridden if p.path == row.key]
                row.override_codes = codes
                row.override.setVisible(bool(codes))
                row.reason.setVisible(bool(codes) and row.override.isChecked())
        errors = len(result.errors)
        self.status.setText(
            self.tr("%n masalah perlu diperbaiki", "", errors) if self.show_all and errors else ""
        )

    def _lookup_nik(self, row: FieldRow, value) -> None:
        if not isinstance(value, str) or check_nik(value).problems:
            self._registered.pop(row.key, None)
            return
        store, record_id, key = self.session.store, self.record_id, row.key
        self.session.runner.run(lambda: records.registered_nik(store, value, exclude_record=record_id),
                                lambda found: self._registered_found(key, value, found), owner=self)  # fmt: skip

    def _registered_found(self, key: str, nik: str, found: list) -> None:
        row = next((r for r in self.rows if r.key == key), None)
        if row is None or row.widget.value() != nik:
            return  # typed on since
        self._registered[key] = found
        self.refresh()

    def _registered_lines(self, row: FieldRow) -> list[str]:
        found = self._registered.get(row.key) or []
        if not found:
            return []
        links = ", ".join(f"<a href='{p.record_id}'>{p.name}</a>" for p in found[:3])
        if not row.message.property("linked"):
            row.message.setProperty("linked", True)
            row.message.linkActivated.connect(self.open_record)
        return [self.tr("NIK sudah terdaftar di laptop ini: {people}").format(people=links)]

    def _linked_found(self, found: dict) -> None:
        self._linked = found
        if found:
            self.refresh()

    def _linked_lines(self, row: FieldRow) -> list[str]:
        """Under a member's name: the persons the district confirmed as this same person (console review)."""
        person = self.form.projections.get("person", {})
        parts = row.key.split("/")
        if (
            len(parts) != 3
            or parts[0] != person.get("repeat")
            or parts[2] != person.get("columns", {}).get("name")
        ):
            return []
        found = self._linked.get(parts[1]) or []
        if not found:
            return []
        elsewhere = self.tr("seseorang di desa lain (datanya tidak ada di laptop ini)")
        links = ", ".join(
            f"<a href='{p.record_id}'>{p.name}</a> ({p.desa_name or p.desa or '?'})"
            if p is not None
            else elsewhere
            for p in found[:3]
        )
        if not row.message.property("linked"):
            row.message.setProperty("linked", True)
            row.message.linkActivated.connect(self.open_record)
        return [
            self.tr("Dikonfirmasi kabupaten sebagai orang yang sama dengan: {people}").format(people=links)
        ]

    # --- save, delete, drafts ------------------------------------------------------------------------

    def save(self) -> None:
        """Save when there are no errors; otherwise show every message and go to the first problem."""
        self.show_all = True
        self.refresh()
        result = validate(self.form, calculate(self.form, self.answers))
        if result.errors:
            first = next((r for r in self.rows if r.key == result.errors[0].path), None)
            if first is not None:
                first.widget.focus_widget().setFocus()
                self.scroll.ensureWidgetVisible(first.widget)
            return
        store, answers = self.session.store, copy.deepcopy(self.answers)
        form_id, version, record_id = self.form.form_id, self.form.version, self.record_id
        self.save_button.setEnabled(False)
        self.session.runner.write(
            lambda: ui_support.save_form(store, form_id, answers, record_id=record_id, form_version=version),
            self._saved,
            changes=lambda saved: saved.changes,  # app.store.store.SaveResult
            parent_widget=self,
            initiator=self,
        )

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
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Hapus rekaman"),
                          self.tr("Hapus rekaman ini? Rekaman hilang dari daftar dan penghapusan ikut dikirim."),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setObjectName("confirmDelete")
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
