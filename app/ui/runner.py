"""One runner for every background call (docs/architecture.md#threads-and-the-runner, after Anki's
CollectionOp/QueryOp): run a service off the UI
thread, then come back on the UI thread with the result, or with a readable error dialog.

Widgets never start threads themselves: they call `Runner.run(fn, on_done=...)` for store work, or hand a
`app.ui.jobs.Job` to the network lane (`Session.jobs`) for work that waits on a link.

Every write is broadcast on `changed` as a `Changed`: what it changed (`app.store.store.Changes`) and who
started it (after Anki's `operation_did_execute(changes, initiator)`), so a view can skip its own writes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from app.store.store import Changes, SaveResult
from app.ui.errors import show_error

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changed:
    """One write's news: what it changed and the object that asked for it (a view, a form, a job; None when
    unknown). Views check the flags they show and may ignore their own writes."""

    changes: Changes
    initiator: object | None = None


def _as_changes(result: Any) -> Changes:
    """The default for `write`: the service returned its `Changes`, or a record save's `SaveResult`."""
    if isinstance(result, SaveResult):
        return result.changes
    if not isinstance(result, Changes):
        raise TypeError(f"a write returned {type(result).__name__}, not Changes: pass changes=")
    return result


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
    changed = Signal(object)  # a `Changed` after any write made through `write` or a network-lane job

    # One worker for the store lane: saves, searches and autosave run on it in order. Network jobs have their own
    # lane (app.ui.jobs); the store's writer lock serialises their writes with these. Close the store only after
    # `cancel_jobs()` and `wait_idle()`: a read running on a connection closed under it crashes.
    def __init__(self, parent: QObject | None = None, *, max_threads: int = 1) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.pool.setExpiryTimeout(-1)  # the worker lives on, and with it its read connection's page cache
        self._jobs: set[_Job] = set()
        self.busy = 0
        self.lanes: list = []  # app.ui.jobs.JobLane: other lanes, waited for by `wait_idle` too

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

    def write(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        changes: Callable[[Any], Changes] = _as_changes,
        initiator: object | None = None,
        **kwargs,
    ) -> None:
        """Like `run` for a service that writes: `changes(result)` (by default the result itself) is broadcast
        on `changed` with `initiator` (by default the `owner`) so every view can refresh what it shows."""
        who = initiator if initiator is not None else kwargs.get("owner")

        def done(result: Any) -> None:
            self.changed.emit(Changed(changes(result), who))
            if on_done is not None:
                on_done(result)

        self.run(fn, done, **kwargs)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """Block until this pool and every other lane are idle (for shutdown; cancel the lanes' jobs first)."""
        idle = all([lane.wait_idle(msecs) for lane in self.lanes])
        return self.pool.waitForDone(msecs) and idle

    def cancel_jobs(self) -> None:
        """Ask every job on the other lanes to stop (before locking: a slow sync must not hold the lock)."""
        for lane in self.lanes:
            lane.cancel_all()

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
