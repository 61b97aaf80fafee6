"""What every input of a form field is: `value()` / `set_value(v)`, `edited` when the user changes the
answer and `advance` when the user presses Enter to move on. None of them knows the form it sits in beyond
what it is handed when made (`host`: the session and the record id, for the few that need the store) — never
found by walking parents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from forms.definition import Field

if TYPE_CHECKING:
    from app.ui.session import Session


class FormHost(Protocol):
    """What a field needs from the form around it, handed to it when made."""

    session: Session  # the logged-in session: its store and runner
    record_id: str | None  # the saved record the form shows (None for a new, unsaved one)


class FieldWidget(QWidget):
    edited = Signal()
    advance = Signal()  # Enter: the user is done here
    host: FormHost | None = None  # the form this field belongs to (set by make_field_widget)

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


def record_of(widget: FieldWidget) -> str | None:
    """The id of the saved record the field's form shows (None for a new, unsaved one, or no form)."""
    return (widget.host.record_id or None) if widget.host is not None else None


def session_of(widget: FieldWidget) -> Session | None:
    """The logged-in session of the field's form, or None for a field made outside a form."""
    return widget.host.session if widget.host is not None else None


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
