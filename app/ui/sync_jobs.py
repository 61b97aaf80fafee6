"""The Sync screen's jobs on the network lane (app.ui.jobs): one HTTP sync, one bundle export, one bundle import.
Each says what it changed, so the lists refresh as after a save; the screen shows the outcome."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.services import bundles
from app.services import sync as sync_service
from app.store.store import Changes
from app.ui.jobs import Job

# A sync or an applied bundle may touch any record, list and the outbox.
EVERYTHING = Changes(records=True, persons=True, complaints=True, outbox=True)


class SyncJob(Job):
    """`sync_once` with the interactive timeouts; `progress` and `retrying` are called on the lane's thread."""

    def __init__(self, store: Any, *, progress: Callable, retrying: Callable) -> None:
        super().__init__()
        self.store, self.progress, self.retrying = store, progress, retrying

    def run(self) -> sync_service.Outcome:
        return sync_service.sync_once(self.store, progress=self.progress, cancel=self.cancel_event,
                                      retrying=self.retrying, **sync_service.INTERACTIVE)  # fmt: skip

    def process_result(self, result: Any) -> Changes:
        return EVERYTHING  # a failed or cancelled run has still acknowledged what it sent, and pulled pages


class BundleExportJob(Job):
    def __init__(self, store: Any, path: Path) -> None:
        super().__init__()
        self.store, self.path = store, path

    def run(self) -> bundles.Outbound:
        return bundles.export_bundle(self.store, self.path)  # changes stay pending until the return bundle


class BundleImportJob(Job):
    def __init__(self, store: Any, path: Path) -> None:
        super().__init__()
        self.store, self.path = store, path

    def run(self) -> bundles.ImportOutcome:
        return bundles.import_bundle(self.store, self.path)

    def process_result(self, result: Any) -> Changes | None:
        return None if isinstance(result, BaseException) else EVERYTHING
