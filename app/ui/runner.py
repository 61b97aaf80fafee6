"""One runner for every background call (docs/architecture.md#threads-and-the-runner, after Anki's
CollectionOp/QueryOp): run a service off the UI
thread, then come back on the UI thread with the result, or with a readable error dialog.

Widgets never start threads themselves: they call `Runner.run(fn, on_done=...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from app.ui.errors import show_error

log = logging.getLogger(__name__)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    def run(self) -> None:  # worker thread
        try:
            result = self.fn()
        except BaseException as err:  # noqa: BLE001 - every failure goes back to the UI thread
            self.signals.failed.emit(err)
            return
        self.signals.done.emit(result)


class Runner(QObject):
    """Runs callables on a QThreadPool; `busy` counts jobs under way so tests and the UI can wait on them."""

    busy_changed = Signal(int)
    changed = Signal(object)  # app.store.store.Changes after any write made through `write`

    # One worker: every store call runs on it, in order, so no two SQLCipher connections of this process work at
    # once. Close the store only after `wait_idle()`: a read running on a connection closed under it crashes.
    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.pool.setExpiryTimeout(-1)  # the worker lives on, and with it its read connection's page cache
        self._jobs: set[_Job] = set()
        self.busy = 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        parent_widget=None,
        owner: QObject | None = None,
    ) -> None:
        """Call `fn()` off the UI thread; then `on_done(result)` or `on_error(err)` on the UI thread.

        Without `on_error` the error is shown in a readable dialog (and logged with its traceback when it
        is not an error the user caused). When `owner` (the widget or model waiting for the answer) or the
        runner itself is gone by the time the answer arrives, the answer is dropped."""
        job = _Job(fn)
        job.setAutoDelete(False)
        self._jobs.add(job)
        self._set_busy(self.busy + 1)

        @Slot(object)
        def finished(result: Any) -> None:
            if not self._finish(job, owner):
                return
            if on_done is not None:
                on_done(result)

        @Slot(object)
        def failed(err: BaseException) -> None:
            if not self._finish(job, owner):
                return
            if on_error is not None:
                on_error(err)
            else:
                show_error(parent_widget, err)

        job.signals.done.connect(finished)
        job.signals.failed.connect(failed)
        self.pool.start(job)

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None, **kwargs) -> None:
        """Like `run` for a service that writes: its `Changes` (or a result carrying `.changes`) are
        broadcast on `changed` so every view can refresh what it shows."""

        def done(result: Any) -> None:
            changes = getattr(result, "changes", result)
            if isinstance(result, tuple):  # e.g. drafts.save_draft -> (draft id, Changes)
                changes = next((part for part in result if hasattr(part, "records")), None)
            if changes is not None and hasattr(changes, "records"):
                self.changed.emit(changes)
            if on_done is not None:
                on_done(result)

        self.run(fn, done, **kwargs)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """Block until the pool is idle (for shutdown)."""
        return self.pool.waitForDone(msecs)

    def _finish(self, job: _Job, owner: QObject | None) -> bool:
        """Book the job as done; False when nobody is left to receive its answer."""
        self._jobs.discard(job)
        if not isValid(self):
            return False
        self._set_busy(self.busy - 1)
        return owner is None or isValid(owner)

    def _set_busy(self, value: int) -> None:
        self.busy = value
        self.busy_changed.emit(value)
