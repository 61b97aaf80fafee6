"""The Qt inputs the form's fields are made of, each safe for a long scrolling form:

- `ChoiceCombo`: a dropdown that filters on typing ("ker" → Keramik, anywhere in the label, any case) and
  never changes its answer under the mouse wheel — the wheel scrolls the form (issue #27: a scroll over
  "Jenis lantai terluas" had changed it to "Keramik" and kept it in the draft);
- `WheelToScroll`: the same guarantee for any other widget that would take wheel steps as edits (spin
  boxes, date edits), by handing the wheel to the form's scroll area;
- `CalendarButton`: a date picker beside a typed date, for those who prefer to click.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidgetAction,
)


class NoWheelComboBox(QComboBox):
    """A combo box that leaves the wheel to its parents (the form scrolls; the answer stays)."""

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt's name
        event.ignore()


class ChoiceCombo(NoWheelComboBox):
    """A dropdown of (label, value) choices whose first entry is "not answered" (value None).

    Typing opens a list of the choices containing what was typed; Enter takes the highlighted one or the
    first; leaving the box with text that names no choice puts the chosen label back. `picked` says the
    user chose (by list, keys or typing); `enter` says Enter was pressed, so the form can move on.
    """

    picked = Signal()
    enter = Signal()

    def __init__(self, placeholder: str, object_name: str) -> None:
        super().__init__(objectName=object_name)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.setMaxVisibleItems(15)
        # The list shown while typing is made here, best match first (the label typed exactly, then labels
        # starting with it, then the rest containing it), so Enter takes the line shown on top.
        self.matches = QStringListModel(self)
        completer = QCompleter(self.matches, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        completer.activated[str].connect(self._completed)
        edit = self.lineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._typed)
        edit.returnPressed.connect(self._return_pressed)
        edit.editingFinished.connect(self._settle)
        edit.installEventFilter(self)
        self.activated.connect(lambda _i: self.picked.emit())

    def set_choices(self, choices: list[tuple[str, object]]) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for label, value in choices:
            self.addItem(label, value)
        self.setCurrentIndex(0)
        self.blockSignals(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # A mouse user clicks the box to see the list (the text part of an editable box would only take a
        # cursor); a keyboard user typing is served by the filtered list instead.
        if event.type() == QEvent.Type.MouseButtonPress and watched is self.lineEdit() and self.isEnabled():
            if event.button() == Qt.MouseButton.LeftButton:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                self.showPopup()
                return True
        if event.type() == QEvent.Type.FocusIn and watched is self.lineEdit():
            QTimer.singleShot(0, self.lineEdit().selectAll)  # typing replaces the shown choice
        return super().eventFilter(watched, event)

    def _matches(self, text: str) -> list[int]:
        needle = text.strip().casefold()
        if not needle:
            return []
        found = [i for i in range(1, self.count()) if needle in self.itemText(i).casefold()]
        label = self.itemText
        return sorted(
            found, key=lambda i: (label(i).casefold() != needle, not label(i).casefold().startswith(needle))
        )

    def _typed(self, text: str) -> None:
        matches = self._matches(text)
        self.matches.setStringList([self.itemText(i) for i in matches])
        if matches:
            self.completer().complete()
        else:
            self.completer().popup().hide()

    def _typed_choice(self) -> int | None:
        """The entry the typed text names: the highlighted line of the open list, else the first match."""
        text = self.lineEdit().text()
        if text == self.itemText(self.currentIndex()):
            return None
        popup = self.completer().popup()
        if popup.isVisible() and popup.currentIndex().isValid():
            index = self.findText(popup.currentIndex().data(), Qt.MatchFlag.MatchExactly)
            if index >= 0:
                return index
        matches = self._matches(text)
        return matches[0] if matches else None

    def _choose(self, index: int) -> None:
        if index != self.currentIndex():
            self.setCurrentIndex(index)
            self.picked.emit()
        self.lineEdit().setText(self.itemText(index))

    def _return_pressed(self) -> None:
        index = self._typed_choice()
        if index is not None:
            self._choose(index)
        elif self.lineEdit().text().strip() == "" and self.currentIndex() != 0:
            self._choose(0)  # cleared on purpose: not answered
        # After the completer has finished with this key press (it hides its list next).
        QTimer.singleShot(0, self.enter.emit)

    def _completed(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self._choose(index)

    def _settle(self) -> None:
        """Leaving the box: a text naming exactly one choice takes it; anything else shows the choice again."""
        text = self.lineEdit().text()
        if text == self.itemText(self.currentIndex()):
            return
        matches = self._matches(text)
        if len(matches) == 1:
            self._choose(matches[0])
        elif not text.strip() and self.currentIndex() != 0:
            self._choose(0)
        else:
            self.lineEdit().setText(self.itemText(self.currentIndex()))


class EnterLineEdit(QLineEdit):
    """A line edit that says `enter` on every Enter — also when it is empty or half typed, where a
    validator keeps QLineEdit from emitting returnPressed (an empty "Luas lantai" must not trap the user)."""

    enter = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            # After any open list of suggestions has put its choice in (it handles the same press next).
            QTimer.singleShot(0, self.enter.emit)


class WheelToScroll(QObject):
    """Event filter: a wheel over the watched widget scrolls `area` instead of editing the widget."""

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area)
        self.area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Wheel:
            QApplication.sendEvent(self.area.verticalScrollBar(), event)
            return True
        return False


class CalendarButton(QToolButton):
    """A small button beside a date field opening a month calendar; the chosen day comes out as `chosen`."""

    chosen = Signal(QDate)

    def __init__(self, object_name: str, text: str, tooltip: str) -> None:
        super().__init__(objectName=object_name)
        self.setText(text)
        self.setToolTip(tooltip)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab and Enter stay on the typed date
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.calendar = QCalendarWidget(objectName=object_name + "_calendar")
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.setMenu(menu)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def show_month_of(self, day: QDate | None) -> None:
        if day is not None and day.isValid():
            self.calendar.setSelectedDate(day)

    def _picked(self, day: QDate) -> None:
        self.menu().hide()
        self.chosen.emit(day)
