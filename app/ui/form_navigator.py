"""Moving around a form: Enter to the next question, the section list and the section buttons to a section
or a member (unfolded, at the top of the view), the first question when the form opens, and the section
list following the focus. The editor (app/ui/form_editor.py) owns one and hands it these moves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from app.ui.form_focus import next_stop, stops
from app.ui.form_focus import place as _place
from app.ui.form_rows import FieldRow
from app.ui.form_start import suggestions

if TYPE_CHECKING:
    from app.ui.form_editor import FormEditor


class Navigator(QObject):
    def __init__(self, editor: FormEditor) -> None:
        super().__init__(editor)
        self.e = editor

    def stops(self, *, unanswered: bool = False) -> list[QWidget]:
        e = self.e
        adds = [parts[1] for parts in e.repeat_parts.values()]
        return stops(e.rows, adds, e.scroll.widget(), e.save_button, unanswered=unanswered)

    def advance_from(self, row: FieldRow) -> None:
        """Enter in a field: on to the next question not answered yet (through a section's end into the
        next section); what the form filled in — a default, the area, what the NIK says — is passed over
        (Tab visits every question)."""
        self.e.touched.add(row.key)
        self.e.refresh()  # the answer may show or hide questions below: know them before moving
        current = QApplication.focusWidget() or row.widget.focus_widget()
        all_stops = self.stops(unanswered=True)
        if not any(w is current or w.isAncestorOf(current) for w in all_stops):  # answered: placed among them
            body = self.e.scroll.widget()
            all_stops = [*sorted([*all_stops[:-1], row.widget], key=lambda w: _place(w, body)), all_stops[-1]]
        target = next_stop(current, all_stops)
        if target is not None:
            self.focus(target)

    def focus(self, target: QWidget, *, top: QWidget | None = None) -> None:
        """Focus `target` and bring it into view (`top`: scroll that widget to the top of the view first)."""
        scroll = self.e.scroll
        if not isValid(target) or scroll.widget() is None:
            return
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if top is not None and isValid(top) and scroll.widget().isAncestorOf(top):
            scroll.verticalScrollBar().setValue(top.mapTo(scroll.widget(), top.rect().topLeft()).y())
        if scroll.widget().isAncestorOf(target):
            scroll.ensureWidgetVisible(target, 40, 60)

    def start(self, focus_path: str | None) -> None:
        """The form opens on the question asked for, else on its first question."""
        e = self.e
        if not isValid(e):
            return
        row = next((r for r in e.rows if r.key == focus_path), None) if focus_path else None
        if row is not None:
            self.focus(row.widget.focus_widget(), top=row.label)
            return
        first = self.stops()
        if first:
            self.focus(first[0])

    def go_to(self, section: int, item_id: str = "") -> None:
        """A section (or a member, unfolded) at the top of the view, its first question focused."""
        e = self.e
        if item_id and item_id in e.members:
            box = e.members[item_id][0]
            box.set_collapsed(False)
            e.collapsed.discard(item_id)
            e.refresh()
            area, top = box, box
        else:
            part = e.sections[section]
            area, top = part.body, part.header or part.body
        inside = [w for w in self.stops() if area.isAncestorOf(w)]
        QTimer.singleShot(0, lambda: self.focus(inside[0] if inside else e.save_button, top=top))

    def current_section(self) -> int:
        e = self.e
        focus = QApplication.focusWidget()
        for i, part in enumerate(e.sections):
            if focus is not None and part.body is not None and part.body.isAncestorOf(focus):
                return i
        offset = e.scroll.verticalScrollBar().value()
        above = [i for i, p in enumerate(e.sections) if p.header is not None and p.header.y() <= offset + 4]
        return above[-1] if above else 0

    def step_section(self, step: int) -> None:
        target = self.current_section() + step
        if 0 <= target < len(self.e.sections):
            self.go_to(target)

    def focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving a field lets its message show; the line below the form and the list follow the focus."""
        e = self.e
        if not isValid(e) or not e.rows:
            return
        left = next((r for r in e.rows if r.has_focus(old)), None) if old is not None else None
        if left is not None and not left.has_focus(new):
            e.schedule_refresh()
        if new is not None and e.isAncestorOf(new):
            row = next((r for r in e.rows if r.has_focus(new)), None)
            e.show_hint(row)
            self._mark_section(new)
            if row is not None and row.field.type == "text" and hasattr(row.widget, "offer"):
                row.widget.offer(suggestions(e, row))

    def _mark_section(self, focus: QWidget) -> None:
        e = self.e
        for i, part in enumerate(e.sections):
            if part.body is not None and part.body.isAncestorOf(focus):
                item = next((k for k, (box, _p, _i) in e.members.items() if box.isAncestorOf(focus)), "")
                e.section_list.mark(i, item)
                return
