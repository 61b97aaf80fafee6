"""Idle lock: an event filter on the whole application restarts a timer on every keyboard or mouse input;
when the timer runs out without input, `idle` fires (the app then locks to the login screen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, interval=timeout_ms, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)
        self.timer.start()

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.setInterval(timeout_ms)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False
