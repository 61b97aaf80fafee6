"""Sync: what is waiting to go, the last successful sync and the server; a Sync button that runs the HTTP
client as a job on the network lane (app.ui.sync_jobs), never on the runner, so saves, searches and autosave go
on meanwhile; a progress bar per stage and Cancel; the exact summary; bundle export and import for USB.

Cancel sets the job's cancel event: the client stops at its next batch, chunk or page and saves the run as
interrupted, to resume next time (nothing lost, nothing sent twice — the server de-duplicates by change id).
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import reports
from app.services.autosync import AutoSync
from app.ui.errors import user_message
from app.ui.review_panel import ReviewPanel
from app.ui.session import Session
from app.ui.sync_jobs import BundleExportJob, BundleImportJob, SyncJob
from sync.transport import Unreachable

STAGES = ["push", "attachments", "pull", "done"]
AUTO_SETTING = "auto_sync"
AUTO_SYNC_MS = 60_000  # how often automatic sync tries the server while changes wait


class _Progress(QObject):
    """Carries the worker thread's progress calls to the UI thread (queued signal)."""

    stage = Signal(str, object)
    retrying = Signal(int, int, object)  # failures so far, failures allowed, the Unreachable that failed
    reachable = Signal()  # the automatic sync's probe found the server (from its thread)


class SyncView(QWidget):
    progressed = Signal(str)  # stage name, on the UI thread
    retried = Signal(int)  # a request failed and is tried again (failures so far)
    finished = Signal(object)  # app.services.sync.Outcome, or the error
    bundle_exported = Signal(str)
    bundle_imported = Signal(object)  # app.services.bundles.ImportOutcome
    open_record = Signal(str)  # a rejected record, to correct in the form

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("syncView")
        self.session = session
        self._job: SyncJob | None = None
        self._bridge = _Progress(self)
        self._bridge.stage.connect(self._on_stage)
        self._bridge.retrying.connect(self._on_retry)
        self._first: object | None = None  # the run's counters when this press began (a resumed run has some)
        self._to_send = 0
        self.state = QLabel(objectName="syncState")
        self.state.setWordWrap(True)
        self.pending = QLabel(objectName="syncPending")
        self.last = QLabel(objectName="syncLast")
        self.server = QLabel(objectName="syncServer")
        form = QFormLayout()
        form.addRow(self.tr("Menunggu dikirim:"), self.pending)
        form.addRow(self.tr("Sinkronisasi terakhir:"), self.last)
        form.addRow(self.tr("Server:"), self.server)
        self.bar = QProgressBar(objectName="syncProgress")
        self.bar.setRange(0, len(STAGES) - 1)
        self.stage_label = QLabel(objectName="syncStage")
        self.stage_label.setWordWrap(True)  # a long reason wraps instead of widening the window
        self.sync_button = QPushButton(self.tr("Sinkronkan"), objectName="syncButton")
        self.cancel_button = QPushButton(self.tr("Batal"), objectName="syncCancel")
        self.cancel_button.setEnabled(False)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel(objectName="syncSummary")
        self.summary.setWordWrap(True)
        self.rejected = QListWidget(objectName="syncRejected")
        self.rejected.itemActivated.connect(
            lambda item: self.open_record.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.auto = QCheckBox(self.tr("Sinkron otomatis saat server terjangkau"), objectName="syncAuto")
        self.auto.toggled.connect(self._auto_toggled)
        self._pending = 0
        self._enrolled = False
        self._server_url: str | None = None
        self._syncing = False
        self._auto_on = False
        # The probe runs on its own thread (app.services.autosync) and reads only these plain attributes.
        self.autosync = AutoSync(lambda: self._server_url, self._auto_wanted, self._bridge.reachable.emit,
                                 interval=AUTO_SYNC_MS / 1000)  # fmt: skip
        self._bridge.reachable.connect(self.maybe_auto_sync)
        self.destroyed.connect(lambda *_a, auto=self.autosync: auto.stop(0))
        self.autosync.start()
        self.bundle_button = QPushButton(self.tr("Ekspor bundel (USB)…"), objectName="bundleExport")
        self.bundle_button.clicked.connect(self._ask_bundle_path)
        self.import_button = QPushButton(self.tr("Impor bundel…"), objectName="bundleImport")
        self.import_button.clicked.connect(self._ask_import_path)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.auto)
        buttons.addStretch(1)
        buttons.addWidget(self.bundle_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.stage_label)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Ditolak server — buka untuk diperbaiki, lalu sinkronkan lagi:")))
        layout.addWidget(self.rejected, 1)
        self.review = ReviewPanel(session)
        self.review.open_record.connect(self.open_record)
        layout.addWidget(self.review, 1)
        session.runner.changed.connect(self._on_changed)
        self.refresh()

    # --- status -----------------------------------------------------------------------------------
    def _on_changed(self, note) -> None:  # noqa: ANN001 - app.ui.runner.Changed
        if note.changes.outbox or note.changes.records or note.changes.settings:
            self.refresh()

    def refresh(self) -> None:
        store = self.session.store

        def read():
            return (store.identity(), store.outbox_counts(), store.last_sync(), reports.rejected_changes(store),
                    store.setting(AUTO_SETTING, "1") == "1")  # fmt: skip

        self.session.runner.run(read, self._show_status, parent_widget=self, owner=self)

    def _show_status(self, status) -> None:
        identity, counts, last, rejected, auto = status
        self.auto.blockSignals(True)
        self.auto.setChecked(auto)
        self._auto_on = auto
        self.auto.blockSignals(False)
        self._pending = counts.get("pending", 0)
        self.rejected.clear()
        for r in rejected:
            item = QListWidgetItem(f"{r.record_id[:8]}…  {r.reason_id} / {r.reason_en}")
            item.setData(Qt.ItemDataRole.UserRole, r.record_id)
            self.rejected.addItem(item)
        self.pending.setText(self.tr("{p} perubahan ({r} ditolak, perlu diperbaiki)").format(
            p=counts.get("pending", 0), r=counts.get("rejected", 0)))  # fmt: skip
        self.last.setText(last[:19].replace("T", " ") if last else self.tr("belum pernah"))
        enrolled = identity is not None and bool(identity.server_url)
        self._enrolled = enrolled
        self._server_url = identity.server_url if enrolled else None
        self.server.setText(identity.server_url if enrolled else self.tr("—"))
        self.state.setText("" if enrolled else self.tr(
            "Laptop ini belum terdaftar di server kabupaten: sinkronisasi belum tersedia. "
            "Data tetap tersimpan dan dapat dikirim lewat bundel USB."))  # fmt: skip
        self.sync_button.setEnabled(enrolled and not self.cancel_button.isEnabled())

    # --- automatic sync -------------------------------------------------------------------------
    def _auto_toggled(self, on: bool) -> None:
        self._auto_on = on
        store = self.session.store
        self.session.runner.write(lambda: store.set_settings({AUTO_SETTING: "1" if on else "0"}), owner=self)

    def _auto_wanted(self) -> bool:  # the probe's thread: plain attributes only
        return self._auto_on and self._enrolled and bool(self._pending) and not self._syncing

    def maybe_auto_sync(self) -> bool:
        """The probe found the server: sync when allowed, enrolled, idle and changes wait; an unreachable
        server only shows in the summary (the probe backs off and tries again)."""
        if not (self.auto.isChecked() and self._enrolled and self._pending and self.sync_button.isEnabled()):
            return False
        self.start_sync()
        return True

    # --- sync -------------------------------------------------------------------------------------
    def start_sync(self) -> None:
        bridge = self._bridge

        def progress(stage, run) -> None:  # the network lane's thread
            bridge.stage.emit(str(getattr(stage, "value", stage)), copy(run))

        job = SyncJob(self.session.store, progress=progress, retrying=bridge.retrying.emit)
        job.result.connect(self._sync_result)
        if not self.session.jobs.add_job(job):
            return
        self._job = job
        self._syncing = True
        self._first = None
        self._to_send = self._pending
        self.sync_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Batal"))
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)  # busy until the first stage reports
        self.stage_label.setText(self.tr("Menghubungi server…"))
        self.summary.clear()

    def cancel(self) -> None:
        """Stop at the next batch, page, chunk or retry wait; the button says so until the run has stopped."""
        if self._job is not None:
            self._job.cancel()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Membatalkan…"))

    def _sync_result(self, outcome) -> None:
        self._job = None
        if isinstance(outcome, BaseException):
            self._failed(outcome)
        else:
            self._done(outcome)

    def _on_stage(self, stage: str, run) -> None:
        if self._first is None:
            self._first = run
        sent = run.sent - self._first.sent
        received = run.received - self._first.received
        if stage == "push" and self._to_send:
            self.bar.setRange(0, self._to_send)
            self.bar.setValue(min(sent, self._to_send))
            text = self.tr("Mengirim perubahan ke server: {sent} dari {total}").format(
                sent=sent, total=self._to_send
            )
        elif stage == "done":
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            text = self.tr("Selesai.")
        elif stage == "attachments":
            self.bar.setRange(0, 0)  # how many photos wait is not known here: busy, not a made-up fraction
            text = self.tr("Mengirim foto: {n} terkirim").format(
                n=run.attachments_sent - self._first.attachments_sent
            )
        else:
            self.bar.setRange(0, 0)
            text = self.tr("Mengambil pembaruan dari server: {n} diterima").format(n=received)
        self.stage_label.setText(text)
        self.progressed.emit(stage)

    def _on_retry(self, failures: int, allowed: int, why) -> None:
        """A failed request: say so while the client waits to try again (never a still bar and no word)."""
        self.bar.setRange(0, 0)
        self.stage_label.setText(self.tr("{why} Mencoba lagi ({n} dari {most})… Tekan Batal untuk berhenti.").format(
            why=_short_reason(why), n=failures + 1, most=allowed))  # fmt: skip
        self.retried.emit(failures)

    def _done(self, outcome) -> None:
        run = outcome.counts  # this press's own numbers, also when it finished a run an earlier press began
        text = self.tr(
            "Terkirim {sent}, diterapkan {applied}, duplikat {duplicates}, konflik {conflicts}, "
            "ditolak {rejected}, diterima dari server {received}.").format(
            sent=run.sent, applied=run.applied, duplicates=run.duplicates, conflicts=run.conflicts,
            rejected=run.rejected, received=run.received)  # fmt: skip
        if outcome.pending:  # saved while this sync ran: never a bare "sent 0" with changes waiting
            text += " " + self.tr("%n perubahan baru menunggu; tekan Sinkronkan lagi.", "", outcome.pending)
        self.summary.setText(text)
        self._end()
        self.finished.emit(outcome)

    def _failed(self, err: BaseException) -> None:
        if isinstance(err, Unreachable):
            self.autosync.unreachable()
        self.summary.setText(user_message(err))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.stage_label.setText(self.tr("Sinkronisasi berhenti."))
        self._end()
        self.finished.emit(err)

    def _end(self) -> None:
        self._syncing = False
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Batal"))
        self.refresh()

    # --- bundles ----------------------------------------------------------------------------------
    def _ask_bundle_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Ekspor bundel"), str(Path.home() / "jaring.bundle")
        )
        if path:
            self.export_bundle(Path(path))

    def export_bundle(self, path: Path) -> None:
        job = BundleExportJob(self.session.store, path)

        def done(outcome) -> None:
            if isinstance(outcome, BaseException):
                self.summary.setText(user_message(outcome))
                return
            self.summary.setText(self.tr("Bundel disimpan: {path}").format(path=path))
            self.bundle_exported.emit(str(path))

        job.result.connect(done)
        self.session.jobs.add_job(job)

    def _ask_import_path(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Impor bundel"), str(Path.home()))
        if path:
            self.import_bundle(Path(path))

    def import_bundle(self, path: Path) -> None:
        """A return bundle is applied here (same summary as a sync); another device's is kept to carry."""
        job = BundleImportJob(self.session.store, path)
        job.result.connect(self._imported)
        self.session.jobs.add_job(job)

    def _imported(self, outcome) -> None:
        if isinstance(outcome, BaseException):
            self.summary.setText(user_message(outcome))
            return
        s = outcome.summary
        if s is not None:
            text = self.tr(
                "Bundel balasan: diterapkan {applied}, duplikat {duplicates}, konflik {conflicts}, "
                "ditolak {rejected}, diterima dari server {received}.").format(
                applied=s.acknowledged, duplicates=s.duplicates, conflicts=s.conflicts, rejected=s.rejected,
                received=s.received)  # fmt: skip
        else:
            text = self.tr("Bundel perangkat lain disimpan untuk dibawa: {path}").format(path=outcome.path)
        self.summary.setText(text)
        self.bundle_imported.emit(outcome)


def _short_reason(why) -> str:
    """The reason of a failed request in the screen's language ("sambungan gagal atau terputus…")."""
    from app.ui.errors import language
    from sync.transport import reason_words

    id_text, en_text = reason_words(getattr(why, "reason", "connection"), getattr(why, "status", None))
    text = en_text if language() == "en" else id_text
    return (text[:1].upper() + text[1:] + ".") if text else ""
