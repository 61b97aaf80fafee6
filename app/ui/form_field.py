"""What every input of a form field is: `value()` / `set_value(v)`, `edited` when the user changes the
answer and `advance` when the user presses Enter to move on. None of them knows the form it sits in; the
few that need the store find the form's session among their parents."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from forms.definition import Field


class FieldWidget(QWidget):
    edited = Signal()
    advance = Signal()  # Enter: the user is done here

    def __init__(self, f: Field, lang: str, object_name: str) -> None:
        super().__init__()
        self.field = f
        self.lang = lang
        self.setObjectName(object_name)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self):
        raise NotImplementedError

    def set_value(self, value) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def focus_widgets(self) -> list[QWidget]:
        """Where Enter stops inside this field, in order (several for the region picker)."""
        return [self.focus_widget()]


def record_of(widget: QWidget) -> str | None:
    """The id of the saved record the form around a widget shows (None for a new, unsaved one)."""
    node = widget.parent()
    while node is not None:
        record_id = getattr(node, "record_id", None)
        if isinstance(record_id, str) and record_id:
            return record_id
        node = node.parent()
    return None


def session_of(widget: QWidget):
    """The logged-in session of the form a widget sits in (app.ui.session.Session), or None."""
    node = widget.parent()
    while node is not None:
        session = getattr(node, "session", None)
        if session is not None and hasattr(session, "runner"):
            return session
        node = node.parent()
    return None


class EnterMovesOn(QObject):
    """Event filter: Enter in the watched widget (a list of check boxes, the photo button) moves on to the
    next question instead of what Enter would do there; Space keeps ticking, or pressing the button."""

    def __init__(self, field: FieldWidget) -> None:
        super().__init__(field)
        self.field = field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.field.advance.emit()
            return True
        return False
