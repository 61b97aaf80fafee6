"""A text question of several lines (appearance "multiline", e.g. a complaint's description): a plain text
box a few lines tall that grows a scroll bar, where Tab still moves to the next question. Its length limit
(forms.answers.MAX_TEXT) is the form's to say, never cut here."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.ui.field_widgets import FieldWidget
from forms.definition import Field

LINES = 5


class TextAreaField(FieldWidget):
    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__(f, lang, object_name)
        self.edit = QPlainTextEdit(objectName=object_name + "_edit")
        self.edit.setTabChangesFocus(True)  # keyboard users move on with Tab, as in every other question
        self.edit.setReadOnly(f.read_only)
        line = QFontMetrics(self.edit.font()).lineSpacing()
        self.edit.setFixedHeight(line * LINES + 2 * int(self.edit.document().documentMargin()) + 6)
        self.edit.textChanged.connect(self._changed)
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self._setting = False

    def _changed(self) -> None:
        if not self._setting:  # filling in a stored answer is no edit
            self.edited.emit()

    def value(self):
        return self.edit.toPlainText().strip() or None  # over MAX_TEXT the form says "too long": never cut

    def set_value(self, value) -> None:
        self._setting = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._setting = False

    def focus_widget(self) -> QWidget:
        return self.edit
