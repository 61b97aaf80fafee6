"""The network lane: long jobs (sync, bundle export and import) run here, on a thread of their own, so a Save,
a search or the draft autosave on the runner's store lane never waits behind a slow link
(docs/architecture.md#threads-and-the-runner; after Vorta's jobs and Picard's separate thread pools).

A job has four parts, as Vorta's: `prepare()` on the UI thread checks it may start (False: it is not run),
`run()` on the lane's thread does the work, `process_result()` back on the UI thread shows the outcome and says
what changed, and `cancel()` asks the work to stop at its next step. The lane runs one job at a time, in order;
`cancel_all()` stops the one under way and drops those waiting (locking the laptop does that first).

Jobs write through the same store as everything else: its one writer lock serialises their short write
transactions with the runner's, and the lane's thread reads on its own connection.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from app.store.store import Changes
from app.ui.runner import Changed, Runner

log = logging.getLogger(__name__)


class Job(QObject):
    """One piece of network (or long file) work. Subclasses define `run()` and usually `process_result()`."""

    updated = Signal(object)  # progress from `run()`, delivered on the UI thread
    result = Signal(object)  # what `run()` returned, or the exception it raised, after `process_result`

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()

    def prepare(self) -> bool:
        """UI thread, before queueing: False when the job cannot start (nothing to do, not enrolled…)."""
        return True

    def run(self) -> Any:  # the lane's thread
        raise NotImplementedError

    def process_result(self, result: Any) -> Changes | None:
        """UI thread: show the outcome (an exception when `run()` failed); return what it changed."""
        return None

    def cancel(self) -> None:
        """Ask `run()` to stop at its next batch, page or wait (any thread)."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Task(QRunnable):
    def __init__(self, job: Job, done: Signal) -> None:
        super().__init__()
        self.job, self.done = job, done

    def run(self) -> None:  # the lane's thread
        job = self.job
        if job.cancelled:
            outcome: Any = _Dropped()
        else:
            try:
                outcome = job.run()
            except BaseException as err:  # noqa: BLE001 - every failure goes back to the UI thread
                outcome = err
        self.done.emit(job, outcome)


class _Dropped(Exception):
    """A job cancelled before it began: it never ran, so it has nothing to show."""


class JobLane(QObject):
    """A queue of jobs on one thread of its own (Vorta's JobsManager). What a job changed is broadcast on the
    runner's `changed`, with the job as initiator, so views refresh as after any other write."""

    busy_changed = Signal(int)
    _done = Signal(object, object)  # (job, outcome), queued from the lane's thread to the UI thread

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one network job at a time: two syncs must never overlap
        self.pool.setExpiryTimeout(-1)
        self._jobs: list[Job] = []
        self._done.connect(self._finished)
        runner.lanes.append(self)  # the runner's wait_idle and cancel_jobs cover this lane too

    @property
    def busy(self) -> int:
        return len(self._jobs)

    def add_job(self, job: Job) -> bool:
        """Queue `job` when its `prepare()` agrees; False when it did not."""
        if not job.prepare():
            return False
        self._jobs.append(job)
        self.busy_changed.emit(self.busy)
        task = _Task(job, self._done)
        self.pool.start(task)
        return True

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def wait_idle(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)

    def _finished(self, job: Job, outcome: Any) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not isValid(self):
            return
        self.busy_changed.emit(self.busy)
        if isinstance(outcome, _Dropped) or not isValid(job):
            return
        try:
            changes = job.process_result(outcome)
        finally:
            job.result.emit(outcome)
        if changes is not None:
            self.runner.changed.emit(Changed(changes, job))
