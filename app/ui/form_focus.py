"""Where the keyboard goes in a form, and keeping what is under the user's eyes still.

- `stops(...)`: the places Enter moves through, top to bottom as they are seen: every visible, editable
  input (each level of a region picker), the "add member" buttons, then Save. Members folded away are
  skipped, so Enter walks through the household the way a volunteer reads it.
- `fit_to_screen`: the form window within the screen, Save on it (at 125% on 1366×768 it was not).
- `Anchor`: a context around a change of the form's layout (a message appearing, a question shown by skip
  logic) that scrolls back by what the change moved the focused input, so the field being typed in — and
  the ones under the mouse beside it — stay where they were (issue #27: a message that appeared moved
  Dusun away from under a click, and the next Tab overwrote the No. KK).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPoint
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QScrollArea, QWidget

SKIPPED_TYPES = ("calculate", "note", "group", "repeat")
FRAME_ALLOWANCE = 40  # pixels kept free for the window's title bar when fitting the form to the screen


def _editable(w: QWidget, body: QWidget) -> bool:
    if not w.isEnabled() or not w.isVisibleTo(body):
        return False
    return not (isinstance(w, QLineEdit) and w.isReadOnly())


def place(w: QWidget, body: QWidget) -> tuple[int, int]:
    p = w.mapTo(body, QPoint(0, 0))
    return (p.y(), p.x())


def stops(
    rows, add_buttons: list[QWidget], body: QWidget, save: QWidget, *, unanswered: bool = False
) -> list[QWidget]:
    """Every place Enter stops at, in reading order (top to bottom, then left to right); `unanswered`:
    only questions without an answer yet (and the buttons)."""
    found: list[QWidget] = []
    for row in rows:
        if row.container or row.field.type in SKIPPED_TYPES or row.field.read_only:
            continue
        if unanswered and row.widget.value() is not None:
            continue
        found += [w for w in row.widget.focus_widgets() if _editable(w, body)]
    found += [b for b in add_buttons if _editable(b, body)]
    return [*sorted(found, key=lambda w: place(w, body)), save]


def next_stop(current: QWidget | None, all_stops: list[QWidget], step: int = 1) -> QWidget | None:
    """The stop after (or before) the one holding `current`; the first one when none does."""
    index = next((i for i, w in enumerate(all_stops) if current is not None and (w is current or w.isAncestorOf(current))), None)  # fmt: skip
    if index is None:
        return all_stops[0] if all_stops else None
    j = index + step
    return all_stops[j] if 0 <= j < len(all_stops) else None


class Anchor:
    """`with Anchor(scroll):` — whatever the block changes, the focused input keeps its place on screen."""

    def __init__(self, scroll: QScrollArea) -> None:
        self.scroll = scroll
        self.widget: QWidget | None = None
        self.before = 0

    def _y(self) -> int:
        return self.widget.mapTo(self.scroll.viewport(), QPoint(0, 0)).y()

    def __enter__(self) -> Anchor:
        focus = QApplication.focusWidget()
        body = self.scroll.widget()
        if focus is not None and body is not None and body.isAncestorOf(focus) and focus.isVisible():
            self.widget = focus
            self.before = self._y()
        return self

    def __exit__(self, *exc) -> None:
        if self.widget is None or not self.widget.isVisible():
            return
        # Lay the form out now (not on the next turn of the event loop) to measure what moved.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        moved = self._y() - self.before
        if moved:
            bar = self.scroll.verticalScrollBar()
            bar.setValue(bar.value() + moved)


def fit_to_screen(window: QWidget, *, grow: bool) -> None:
    """Shrink and move `window` into its screen's free area; `grow` (first show): as large as its size
    hint asks, where the screen has the room."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized():
        return
    room = screen.availableGeometry()
    if grow:
        hint = window.sizeHint()
        window.resize(max(window.width(), min(hint.width(), room.width() - 16)),
                      max(window.height(), min(hint.height(), room.height() - FRAME_ALLOWANCE)))  # fmt: skip
    width = min(window.width(), room.width() - 16)
    height = min(window.height(), room.height() - FRAME_ALLOWANCE)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), room.left()), room.right() - width)
    y = min(max(window.y(), room.top()), room.bottom() - height - FRAME_ALLOWANCE // 2)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)
