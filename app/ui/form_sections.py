"""The form's sections, as ODK Collect and CommCare users know them: the top-level groups and repeats of a
definition, each a section of its own, with the loose questions around them joined to the section before
(or, first and last, to a section of their own). A list beside the form names every section — and every
household member by name — to jump to, marks where the focus is, and counts the problems in each."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from forms.definition import Field, FormDef


@dataclass
class Section:
    title: str
    fields: list[Field] = field(default_factory=list)
    repeat: Field | None = None
    header: QWidget | None = None  # the section's heading in the form (None when the form is one section)
    body: QWidget | None = None

    @property
    def names(self) -> set[str]:
        return {f.name for f in self.fields}


def plan_sections(form: FormDef, lang: str, first_title: str, last_title: str) -> list[Section]:
    """Sections from the definition alone (no layout data in the format): see the module docstring."""
    sections: list[Section] = []
    for f in form.fields:
        if f.type in ("group", "repeat"):
            sections.append(Section(f.text("label", lang) or f.name, [f], f if f.type == "repeat" else None))
        elif not sections:
            sections.append(Section(first_title, [f]))
        elif sections[-1].repeat is not None:
            # Questions after the members belong to the household, not to the last member's section.
            sections.append(Section(last_title, [f]))
        else:
            sections[-1].fields.append(f)
    return sections


ROLE_SECTION = Qt.ItemDataRole.UserRole
ROLE_ITEM = Qt.ItemDataRole.UserRole + 1


class SectionList(QListWidget):
    """The jump list: `jump(section index, item id or "")` when an entry is chosen (click, Enter)."""

    jump = Signal(int, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, objectName="formSections")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes through the questions, not this list
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)
        self._texts: list[tuple[int, str, str]] = []

    def show_entries(self, entries: list[tuple[int, str, str, int]]) -> None:
        """(section index, item id or "", text, problems) per line; rebuilt only when something changed."""
        texts = [(s, i, t + (f"  ⚠{p}" if p else "")) for s, i, t, p in entries]
        if texts == self._texts:
            return
        current = self.currentItem()
        keep = (current.data(ROLE_SECTION), current.data(ROLE_ITEM)) if current is not None else None
        self._texts = texts
        self.blockSignals(True)
        self.clear()
        for (section, item_id, text), (*_rest, problems) in zip(texts, entries, strict=True):
            entry = QListWidgetItem(("      " if item_id else "") + text)
            entry.setData(ROLE_SECTION, section)
            entry.setData(ROLE_ITEM, item_id)
            if problems:
                entry.setForeground(QBrush(QColor("#b00020")))
            self.addItem(entry)
        self.blockSignals(False)
        if keep is not None:
            self.mark(*keep)

    def mark(self, section: int, item_id: str) -> None:
        """Highlight where the focus is, without jumping: the member's line, else its section's."""
        best = None
        for row in range(self.count()):
            entry = self.item(row)
            if entry.data(ROLE_SECTION) != section:
                continue
            if entry.data(ROLE_ITEM) == item_id:
                best = row
                break
            if not entry.data(ROLE_ITEM) and best is None:
                best = row
        if best is not None and best != self.currentRow():
            self.blockSignals(True)
            self.setCurrentRow(best)
            self.blockSignals(False)

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.jump.emit(entry.data(ROLE_SECTION), entry.data(ROLE_ITEM) or "")
