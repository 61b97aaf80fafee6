"""The HTTP sync client: push the outbox in adaptive, zstd-compressed batches, then pull pages to the end.

Works against the `SyncStore` port only (sync/ports.py), so the app's store and the in-memory store behave
alike. Every step is saved in the `SyncRun` as it goes: an interrupted sync resumes at the first
unacknowledged change and at the stored pull cursor. A change is marked acknowledged only from the server's
per-change result; a change whose answer was lost is simply sent again and the server answers `duplicate`.
After the records, each attachment of an acknowledged record goes up in chunks from where the server stands
(`GET /attachments/{sha}` says how much it has; a file it already has costs one small request).

A `cancel` event stops the run cooperatively between batches, pages and chunks (and cuts a backoff wait
short): the run is saved as interrupted and the next sync resumes it — nothing lost, nothing sent twice.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from forms.problems import UserError
from sync.batching import BatchSizer
from sync.canonical import sha256_hex
from sync.ports import AttachmentRef, Stage, SyncRun, SyncStore
from sync.protocol import (
    MAX_AUDIT_PER_UPLOAD,
    PROTOCOL_VERSION,
    AttachmentStatus,
    AuditAck,
    AuditUpload,
    PullPage,
    PushResponse,
    ResultStatus,
)
from sync.transport import Refused, Transport, Unreachable

Progress = Callable[[Stage, SyncRun], None]
# told (failures so far, failures allowed, why the last one failed) before each wait after a failure
Retrying = Callable[[int, int, Unreachable], None]


class NotEnrolled(Unreachable):
    code = "not_enrolled"

    def __init__(self) -> None:
        Exception.__init__(self, "not enrolled")
        self.id = "Laptop ini belum terdaftar ke server: daftarkan di Pengaturan (atau `jaring enroll`)."
        self.en = "This laptop is not enrolled with a server: enroll it in Settings (or `jaring enroll`)."


class SyncCancelled(UserError):
    code = "sync_cancelled"

    def __init__(self) -> None:
        super().__init__("Sinkronisasi dibatalkan; akan dilanjutkan lain kali.",
                         "Sync cancelled; it resumes next time.")  # fmt: skip


CHUNK_BYTES = 64 * 1024  # about 4 s on a 128 kbit/s link: a drop costs at most one such chunk


class AttachmentDamaged(UserError):
    code = "attachment_damaged"

    def __init__(self) -> None:
        super().__init__("Foto yang diterima rusak atau tidak lengkap; coba lagi.",
                         "The photo received is damaged or incomplete; try again.")  # fmt: skip


@dataclass
class SyncClient:
    store: SyncStore
    transport: Transport
    sizer: BatchSizer = field(default_factory=BatchSizer)
    progress: Progress | None = None
    compress: bool = True
    pull_limit: int | None = None
    max_failures: int = 8  # consecutive failed push attempts before the run is left for next time
    faults: int = 0  # transient failures met during this run (for the summary and the tests)
    cancel: threading.Event | None = None  # set from another thread: stop at the next batch, page or chunk
    chunk_bytes: int = CHUNK_BYTES
    retrying: Retrying | None = None  # told before each wait after a failure, so a screen never looks frozen

    def __post_init__(self) -> None:
        if self.retrying is not None and self.transport.on_retry is None:
            self.transport.on_retry = self.retrying
        if self.cancel is not None:
            self.transport.sleep = self._wait  # a cancel cuts the transport's own retry waits short too

    @classmethod
    def for_store(cls, store: SyncStore, server_url: str | None = None, **kw) -> SyncClient:
        device = store.identity()
        if device is None:
            raise NotEnrolled()
        url = server_url or device.server_url
        if not url:
            raise NotEnrolled()
        transport_kw = {k: kw.pop(k) for k in list(kw) if k in Transport.__dataclass_fields__}
        return cls(store, Transport(url, device.token, **transport_kw), **kw)

    def _tell(self, stage: Stage, run: SyncRun) -> None:
        if self.progress:
            self.progress(stage, run)

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise SyncCancelled()

    def _wait(self, seconds: float) -> None:
        """A backoff wait that a cancel cuts short."""
        if self.cancel is not None:
            self.cancel.wait(seconds)
            self._check_cancel()
        else:
            self.transport.sleep(seconds)

    def _failed(self, failures: int, err: Exception) -> None:
        """One more transient failure in a row: give up for this run after `max_failures`, else back off."""
        self.faults += 1
        why = err if isinstance(err, Unreachable) else Unreachable(self.transport.base_url)
        if failures >= self.max_failures:
            raise why from None
        if self.retrying is not None:
            self.retrying(failures, self.max_failures, why)
        self._wait(self.transport.delay(failures - 1))

    def run(self) -> SyncRun:
        """One sync: resume the unfinished run or start one; raises `Unreachable`/`Refused` with the run saved."""
        device = self.store.identity()
        if device is None:
            raise NotEnrolled()
        run = self.store.load_sync_run()
        if run is None or run.status in ("done", "failed"):
            run = SyncRun(run_id=uuid.uuid4().hex, batch_size=self.sizer.size)
        # A resumed run goes through every stage again, each from where the store stands (the first pending
        # change, the server's copy of each photo, the saved pull cursor): a run cut during its pull must not
        # skip the push of changes saved since — it once answered "sent 0" with changes waiting.
        run.stage = Stage.PUSH
        run.status = "running"
        self.sizer.size = max(self.sizer.minimum, min(self.sizer.maximum, run.batch_size))
        try:
            if run.stage is Stage.PUSH or run.stage == "push":
                self._push(run, device.device_id)
                self._send_audit(device.device_id)
                run.stage = Stage.ATTACHMENTS
                self.store.save_sync_run(run)
            if run.stage in (Stage.ATTACHMENTS, "attachments"):
                self._attachments(run)
                run.stage = Stage.PULL
                self.store.save_sync_run(run)
            if run.stage in (Stage.PULL, "pull"):
                self._pull(run)
            run.stage, run.status = Stage.DONE, "done"
            self.store.save_sync_run(run)
            self._tell(Stage.DONE, run)
            return run
        except BaseException:
            run.status = "interrupted"
            run.batch_size = self.sizer.size
            self.store.save_sync_run(run)
            raise

    # --- push -------------------------------------------------------------------------------------

    def _push(self, run: SyncRun, device_id: str) -> None:
        self._tell(Stage.PUSH, run)
        failures = 0
        while True:
            self._check_cancel()
            pending = self.store.pending_changes(0, self.sizer.size)
            if not pending:
                return
            bodies = [p.change.model_dump_json() for p in pending]
            n = self.sizer.cut([len(b) for b in bodies])
            pending, bodies = pending[:n], bodies[:n]
            batch_id = uuid.uuid4().hex
            payload = (f'{{"protocol":{PROTOCOL_VERSION},"device_id":"{device_id}","batch_id":"{batch_id}",'
                       f'"changes":[{",".join(bodies)}]}}').encode()  # fmt: skip
            try:
                response = self.transport.post_json(
                    "/sync/push", payload, compress=self.compress, retry=False
                )
                answer = PushResponse.model_validate_json(response.content)
            except (Unreachable, ValueError) as err:
                failures += 1
                self.sizer.failed()
                self._failed(failures, err)
                continue
            failures = 0
            self.sizer.succeeded()
            by_id = {r.change_id: r for r in answer.results}
            results = [(p.offset, by_id[p.change.change_id]) for p in pending if p.change.change_id in by_id]
            self.store.record_results(results)
            for _, result in results:
                run.sent += 1
                if result.status is ResultStatus.APPLIED:
                    run.applied += 1
                elif result.status is ResultStatus.DUPLICATE:
                    run.duplicates += 1
                elif result.status is ResultStatus.CONFLICT:
                    run.applied += 1
                    run.conflicts += 1
                else:
                    run.rejected += 1
            run.offset = max(run.offset, pending[-1].offset)
            run.batch_size = self.sizer.size
            self.store.save_sync_run(run)
            self._tell(Stage.PUSH, run)

    def _send_audit(self, device_id: str) -> None:
        """The laptop's own audit rows, after its changes (the server's crud/device_audit.py keeps each once).
        A server that does not take them yet (404: older than the app) is left alone; they wait for one."""
        while True:
            self._check_cancel()
            entries = self.store.pending_audit(MAX_AUDIT_PER_UPLOAD)
            if not entries:
                return
            body = AuditUpload(device_id=device_id, entries=entries).model_dump_json().encode()
            try:
                response = self.transport.post_json("/sync/audit", body, compress=self.compress)
            except Refused as err:
                if err.status == 404:
                    return
                raise
            through = AuditAck.model_validate_json(response.content).through
            self.store.audit_sent(through)
            if through < entries[-1].seq:
                return  # the server holds less than it was sent: never loop on it

    # --- attachments ------------------------------------------------------------------------------

    def _attachments(self, run: SyncRun) -> None:
        self._tell(Stage.ATTACHMENTS, run)
        while pending := self.store.pending_attachments(50):
            for ref in pending:
                self._upload(run, ref)
                self.store.mark_attachment_uploaded(ref.sha256)
                self.store.save_sync_run(run)
                self._tell(Stage.ATTACHMENTS, run)

    def fetch_attachment(self, sha256: str, record_id: str) -> bytes:
        """The bytes of a photo another device sent, named by `record_id` (a record of this device's area),
        checked against their SHA-256 before anyone keeps them."""
        response = self.transport.request(
            "GET", f"/attachments/{sha256}/content", params={"record": record_id}
        )
        if sha256_hex(response.content) != sha256:
            raise AttachmentDamaged()
        return response.content

    def _server_has(self, sha256: str) -> AttachmentStatus | None:
        try:
            response = self.transport.request("GET", f"/attachments/{sha256}")
        except Refused as err:
            if err.status == 404:
                return None
            raise
        return AttachmentStatus.model_validate_json(response.content)

    def _upload(self, run: SyncRun, ref: AttachmentRef) -> None:
        """Send the chunks the server lacks, from where it stands; after a dropped chunk, ask it again."""
        self._check_cancel()
        status = self._server_has(ref.sha256)
        if status is not None and status.complete:
            run.attachments_skipped += 1
            return
        offset, failures = (status.received if status else 0), 0
        while True:
            self._check_cancel()
            data = self.store.attachment_bytes(ref.sha256, offset, self.chunk_bytes)
            run.attachment_bytes += len(data)  # on the wire, whether or not its answer comes back
            try:
                response = self.transport.request(
                    "PUT", f"/attachments/{ref.sha256}", params={"offset": offset, "size": ref.size},
                    data=data, headers={"Content-Type": "application/octet-stream"}, retry=False)  # fmt: skip
                status = AttachmentStatus.model_validate_json(response.content)
            except (Unreachable, ValueError, Refused) as err:
                if isinstance(err, Refused) and err.status != 409:  # 409: another device's upload, retry
                    raise
                failures += 1
                self._failed(failures, err)
                # where the server stands now: the dropped chunk may or may not have landed
                status = self._server_has(ref.sha256)
                offset = status.received if status else 0
                if status is not None and status.complete:
                    run.attachments_sent += 1
                    return
                continue
            if status.complete:
                run.attachments_sent += 1
                return
            if status.received > offset:
                failures = 0
            else:  # no progress (the server started the file over after a failed digest check): bounded
                failures += 1
                self._failed(failures, Unreachable(self.transport.base_url))
            offset = status.received

    # --- pull -------------------------------------------------------------------------------------

    def _pull(self, run: SyncRun) -> None:
        self._tell(Stage.PULL, run)
        while True:
            self._check_cancel()
            cursor = self.store.pull_cursor()
            params = {"cursor": cursor}
            if self.pull_limit:
                params["limit"] = self.pull_limit
            response = self.transport.request("GET", "/sync/pull", params=params)
            page = PullPage.model_validate_json(response.content)
            run.received += self.store.apply_pull_page(page)
            run.cursor = page.next_cursor
            self.store.save_sync_run(run)
            self._tell(Stage.PULL, run)
            if not page.has_more or page.next_cursor == cursor:
                return
