"""Builds the form's widgets from its definition and answers: sections with their headings, rows of label,
input and message, groups, and repeat items as `MemberBox`es. It only makes widgets and wires them to
the editor (app/ui/form_editor.py), which holds the answers and decides what they mean."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.field_widgets import make_field_widget
from app.ui.form_rows import FieldRow, MemberBox, field_label, form_layout
from forms.definition import Field

if TYPE_CHECKING:
    from app.ui.form_editor import FormEditor


def get(answers: dict, path: tuple[str, ...]):
    node = answers
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def ordered(items) -> list[tuple[str, dict]]:
    """A repeat's items in display order (`_pos`)."""
    if not isinstance(items, dict):
        return []
    return sorted(
        ((k, v) for k, v in items.items() if isinstance(v, dict)), key=lambda kv: kv[1].get("_pos", 0)
    )


def object_name(path: tuple[str, ...], positions: dict[str, int]) -> str:
    """Stable, readable names for tests and accessibility: item ids become their display positions."""
    return "field_" + "_".join(str(positions.get(p, p)) for p in path)


class FormBuilder(QObject):
    def __init__(self, editor: FormEditor) -> None:
        super().__init__(editor)
        self.e = editor

    def build(self) -> QWidget:
        """The whole body: one block per section, headed by its title when there are several."""
        e = self.e
        body = QWidget(objectName="formBody")
        column = QVBoxLayout(body)
        column.setSpacing(6)
        several = len(e.sections) > 1
        for n, section in enumerate(e.sections, start=1):
            section.header = None
            if several:
                section.header = QLabel(f"<h3>{n}. {html.escape(section.title)}</h3>", body,
                                        objectName=f"section_{n}")  # fmt: skip
                column.addWidget(section.header)
            section.body = QWidget(body, objectName=f"section_{n}_body")
            inner = QVBoxLayout(section.body)
            inner.setContentsMargins(0, 0, 0, 12)
            loose: QFormLayout | None = None
            for f in section.fields:
                if f.type in ("group", "repeat"):
                    inner.addWidget(self.container(f, (), {}, {}, section.body, top=True))
                    loose = None
                    continue
                if loose is None:
                    holder = QWidget(section.body)
                    loose = form_layout(holder)
                    loose.setContentsMargins(0, 0, 0, 0)
                    inner.addWidget(holder)
                self.leaf(f, loose, loose.parentWidget(), (f.name,), {}, {})
            column.addWidget(section.body)
        column.addStretch(1)
        self.guard_wheel(body)
        return body

    def guard_wheel(self, root: QWidget) -> None:
        """No answer changes under the wheel: every dropdown and spin box hands it to the form's scroll."""
        for w in root.findChildren(QWidget):
            if isinstance(w, (QComboBox, QAbstractSpinBox)) and not w.property("wheel_guarded"):
                w.setProperty("wheel_guarded", True)
                w.installEventFilter(self.e.wheel_guard)

    def fields(self, fields: list[Field], layout: QFormLayout, parent: QWidget, prefix: tuple, item_ids: dict,
               positions: dict) -> None:  # fmt: skip
        for f in fields:
            path = (*prefix, f.name)
            if f.type in ("group", "repeat"):
                layout.addRow(self.container(f, prefix, item_ids, positions, parent))
            else:
                self.leaf(f, layout, parent, path, item_ids, positions)

    def container(self, f: Field, prefix: tuple, item_ids: dict, positions: dict, parent: QWidget, *,
                  top: bool = False) -> QWidget:  # fmt: skip
        path = (*prefix, f.name)
        name = object_name(path, positions)
        if f.type == "repeat":
            return self.repeat(f, path, item_ids, positions, parent)
        # A top-level group is a section: its heading says its name. A nested one keeps a titled box.
        box = QWidget(parent, objectName=name) if top else QGroupBox(f.text("label", self.e.lang), parent,
                                                                    objectName=name)  # fmt: skip
        inner = form_layout(box)
        if top:
            inner.setContentsMargins(0, 0, 0, 0)
        self.fields(f.fields, inner, box, path, item_ids, positions)
        self.e.rows.append(FieldRow(f, path, item_ids, None, box, box=box))
        return box

    def leaf(self, f: Field, layout: QFormLayout, parent: QWidget, path: tuple, item_ids: dict,
             positions: dict) -> FieldRow:  # fmt: skip
        if f.preload is not None or f.appearance == "hidden" or (f.type == "calculate" and not f.label):
            return  # metadata (filled by the laptop, forms/metadata.py), ids the app fills, a bare calculation
        e = self.e
        name = object_name(path, positions)
        widget = make_field_widget(f, e.lang, name, e)  # the editor is the field's host (session, record)
        widget.setParent(parent)
        widget.set_value(get(e.answers, path))
        row = FieldRow(f, path, item_ids, widget, parent)
        row.hint = f.text("hint", e.lang)
        if row.hint:
            widget.setToolTip(row.hint)
        required = " *" if f.required is True else ""
        row.label = field_label(f.text("label", e.lang) + required, parent, name + "_label")
        row.label.setBuddy(widget.focus_widget())
        widget.edited.connect(lambda row=row: e.field_edited(row))
        widget.advance.connect(lambda row=row: e.advance_from(row))
        if f.name in e.offered and hasattr(widget, "offer"):
            widget.offer(e.offered[f.name])
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(row.message)
        if f.type == "nik" and f.cross_check:
            self.override(row, column, parent)
        layout.addRow(row.label, column)
        e.rows.append(row)
        return row

    def repeat(self, f: Field, path: tuple, item_ids: dict, positions: dict, parent: QWidget) -> QWidget:
        e = self.e
        name = object_name(path, positions)
        holder = QWidget(parent, objectName=name)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        items = ordered(get(e.answers, path))
        for index, (item_id, _item) in enumerate(items, start=1):
            column.addWidget(self.member(f, path, item_id, index, len(items), item_ids, positions, holder))
        row = FieldRow(f, path, item_ids, None, holder, box=holder)
        column.addWidget(row.message)  # "at least one member" and the like
        label = f.text("label", e.lang).lower()
        add = QPushButton(
            self.tr("Tambah {label} (Ctrl+M)").format(label=label), holder, objectName=name + "_add"
        )
        add.setAutoDefault(True)  # Enter on it adds one, as Ctrl+M does
        add.clicked.connect(lambda _c=False, p=path: e.add_item(p))
        column.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        e.repeat_parts[path] = (column, add, positions, item_ids, f)
        e.rows.append(row)
        return holder

    def member(self, f: Field, path: tuple, item_id: str, index: int, count: int, item_ids: dict,
               positions: dict, parent: QWidget) -> MemberBox:  # fmt: skip
        e = self.e
        box = MemberBox(f"{object_name(path, positions)}_{index}", parent)
        child_positions = {**positions, item_id: index}
        self.fields(
            f.fields, box.form, box.body, (*path, item_id), {**item_ids, f.name: item_id}, child_positions
        )
        box.up.setEnabled(index > 1)
        box.down.setEnabled(index < count)
        if item_id in e.saved_items:
            # A saved member who died or moved away gets a status, never a delete (docs/records.md#field-paths).
            box.remove.setEnabled(False)
            box.remove.setToolTip(
                self.tr("Anggota yang sudah disimpan tidak dihapus: ubah status anggotanya.")
            )
        box.up.clicked.connect(lambda _c=False, p=path, i=item_id: e.move_item(p, i, -1))
        box.down.clicked.connect(lambda _c=False, p=path, i=item_id: e.move_item(p, i, +1))
        box.remove.clicked.connect(lambda _c=False, p=path, i=item_id: e.remove_item(p, i))
        box.toggled.connect(lambda collapsed, i=item_id: e.member_toggled(i, collapsed))
        box.set_collapsed(item_id in e.collapsed)
        e.members[item_id] = (box, path, index)
        return box

    def override(self, row: FieldRow, column: QVBoxLayout, parent: QWidget) -> None:
        e = self.e
        name = row.widget.objectName()
        row.override = QCheckBox(self.tr("Data di KTP memang berbeda — simpan dengan alasan"), parent,
                                 objectName=name + "_override")  # fmt: skip
        row.reason = QLineEdit(parent, objectName=name + "_reason")
        row.reason.setPlaceholderText(self.tr("Alasan (misalnya: KTP salah cetak)"))
        container = get(e.answers, row.path[:-1]) if len(row.path) > 1 else e.answers
        existing = (container or {}).get("_overrides") or {}
        reasons = [v for k, v in existing.items() if k.startswith(row.field.name + ":")]
        if reasons:
            # Filled in before the handlers are connected: ticking the box here must not rewrite the
            # stored reasons (with no codes known yet that would drop them, and the reason with them).
            row.override.setChecked(True)
            row.reason.setText(reasons[0])
        row.override.toggled.connect(lambda on, row=row: e.override_toggled(row, on))
        row.reason.textEdited.connect(lambda _t, row=row: e.override_reason(row))
        row.override.setVisible(bool(reasons))
        row.reason.setVisible(bool(reasons))
        column.addWidget(row.override)
        column.addWidget(row.reason)
