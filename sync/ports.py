"""What the sync client needs from a store, as a typing Protocol — and an in-memory implementation.

The client (sync/client.py) and the bundle relay work against `SyncStore` only, so the server's tests and
the bundle path use the same client code as the app, and `app/store` implements it for real. Morango's
lesson: sync is a sequence of named stages whose progress (`SyncRun`) is saved as it goes, so an
interrupted sync resumes from the first unacknowledged change instead of starting over.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol, runtime_checkable

from sync.canonical import sha256_hex
from sync.merge import Conflict, RecordState, adopt_acknowledged, conflicts_to_log, merge_states
from sync.paths import DELETED, flatten, record_deleted, unflatten
from sync.protocol import AuditEntry, Change, ChangeResult, ComplaintEvent, PullPage, ResultStatus

_EARLIEST = "0000000000000-0000-"


def _tombstone_from_flag(state: RecordState, deleted: bool) -> None:
    """A message that says `deleted` without the stamped `_deleted` path still deletes (as the server does:
    stamped with the change's latest stamp)."""
    if deleted and DELETED not in state.fields:
        state.fields[DELETED] = True
        state.clocks[DELETED] = max(state.clocks.values(), default=_EARLIEST)


class Stage(StrEnum):
    PUSH = "push"
    ATTACHMENTS = "attachments"
    PULL = "pull"
    DONE = "done"


@dataclass
class SyncRun:
    run_id: str
    stage: Stage = Stage.PUSH
    status: str = "running"  # running | interrupted | done | failed
    offset: int = 0  # outbox offset of the first change not yet acknowledged
    cursor: int = 0  # server pull cursor applied so far
    batch_size: int = 100
    sent: int = 0
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    received: int = 0
    attachments_sent: int = 0  # attachments the server completed from this device's chunks
    attachments_skipped: int = 0  # attachments the server already had: not one byte sent
    attachment_bytes: int = 0  # chunk bytes sent (a chunk resent after a drop counts again)


@dataclass(frozen=True)
class DeviceIdentity:
    device_id: str
    device_number: int
    area: str
    token: str
    server_url: str


@dataclass(frozen=True)
class PendingChange:
    offset: int  # position in the outbox, increasing
    change: Change


@dataclass(frozen=True)
class AttachmentRef:
    sha256: str
    size: int


@runtime_checkable
class SyncStore(Protocol):
    def identity(self) -> DeviceIdentity | None:
        """The enrolled identity, or None (practice mode never syncs)."""

    def pending_changes(self, after_offset: int, limit: int) -> list[PendingChange]:
        """Unacknowledged changes with offset > after_offset, in order, at most `limit`."""

    def record_results(self, results: list[tuple[int, ChangeResult]]) -> None:
        """Apply the server's per-change answers (by outbox offset) in one transaction."""

    def apply_pull_page(self, page: PullPage) -> int:
        """Merge a pulled page with local pending changes and store `page.next_cursor`, in one transaction."""

    def pull_cursor(self) -> int:
        """The `next_cursor` of the last page applied (0 before the first pull)."""

    def load_sync_run(self) -> SyncRun | None:
        """The unfinished sync run to resume, or None."""

    def save_sync_run(self, run: SyncRun) -> None:
        """Persist the run's progress; a run whose status is done or failed is finished."""

    def pending_attachments(self, limit: int) -> list[AttachmentRef]:
        """Attachments the server may lack, of records it has acknowledged (a photo goes after its record)."""

    def attachment_bytes(self, sha256: str, offset: int, length: int) -> bytes:
        """`length` bytes of an attachment from `offset` (fewer at its end)."""

    def mark_attachment_uploaded(self, sha256: str) -> None:
        """The server has the whole attachment: it is not offered again."""

    def pending_audit(self, limit: int) -> list[AuditEntry]:
        """The device's own audit rows the district has not confirmed, oldest first, at most `limit`."""

    def audit_sent(self, through: int) -> None:
        """The district holds every audit row up to `through`: they are not sent again."""


@dataclass
class MemoryStore:
    """An in-memory SyncStore for tests of the client and relay (no persistence, same semantics)."""

    device: DeviceIdentity | None = None
    outbox: list[PendingChange] = field(default_factory=list)
    acknowledged: dict[int, ChangeResult] = field(default_factory=dict)
    rejected: dict[int, ChangeResult] = field(default_factory=dict)
    records: dict[str, RecordState] = field(default_factory=dict)
    conflicts: list[tuple[str, Conflict]] = field(default_factory=list)  # (record id, conflict)
    cursor: int = 0
    run: SyncRun | None = None
    events: list[ComplaintEvent] = field(default_factory=list)
    attachments: dict[str, bytes] = field(default_factory=dict)  # sha256 -> bytes
    attachment_records: dict[str, str] = field(default_factory=dict)  # sha256 -> record id
    uploaded: set[str] = field(default_factory=set)
    audit: list[AuditEntry] = field(default_factory=list)  # the device's own audit rows, in seq order
    audit_through: int = 0

    def identity(self) -> DeviceIdentity | None:
        return self.device

    def add(self, change: Change) -> PendingChange:
        """A local save: the record changes and the change joins the outbox (the store's one transaction)."""
        offset = (self.outbox[-1].offset + 1) if self.outbox else 1
        pending = PendingChange(offset, change)
        self.outbox.append(pending)
        incoming = RecordState(dict(change.fields), dict(change.clocks))
        _tombstone_from_flag(incoming, change.deleted)
        state = self.records.get(change.record_id, RecordState())
        self.records[change.record_id] = merge_states(state, incoming).state
        return pending

    def pending_changes(self, after_offset: int, limit: int) -> list[PendingChange]:
        done = set(self.acknowledged) | set(self.rejected)
        return [p for p in self.outbox if p.offset > after_offset and p.offset not in done][:limit]

    def record_results(self, results: list[tuple[int, ChangeResult]]) -> None:
        for offset, result in results:
            target = self.rejected if result.status is ResultStatus.REJECTED else self.acknowledged
            target[offset] = result

    def apply_pull_page(self, page: PullPage) -> int:
        unacknowledged = self._unacknowledged_paths()
        for record in page.records:
            local = self.records.get(record.record_id, RecordState())
            pulled = RecordState(flatten(record.answers), dict(record.clocks))
            _tombstone_from_flag(pulled, record.deleted)
            adopted: list[Conflict] = []
            if self.device is not None:
                local, adopted = adopt_acknowledged(local, pulled, self.device.device_id,
                                                    unacknowledged.get(record.record_id, set()))  # fmt: skip
            merged = merge_states(local, pulled)
            self.records[record.record_id] = merged.state
            logged = {(c.path, c.loser_stamp) for rid, c in self.conflicts if rid == record.record_id}
            found = conflicts_to_log(self.device.device_id if self.device else "", adopted + merged.conflicts,
                                     unacknowledged.get(record.record_id, set()), record.conflicts)  # fmt: skip
            self.conflicts.extend(
                (record.record_id, c) for c in found if (c.path, c.loser_stamp) not in logged
            )
        known = {e.event_id for e in self.events}
        self.events.extend(e for e in page.events if e.event_id not in known)  # a page pulled twice
        for purge in page.purges:  # erased at the district: gone here too
            self.records.pop(purge.record_id, None)
            self.conflicts = [(rid, c) for rid, c in self.conflicts if rid != purge.record_id]
        self.cursor = page.next_cursor
        return len(page.records) + len(page.events) + len(page.purges)

    def _unacknowledged_paths(self) -> dict[str, set[str]]:
        """Per record, the paths of its changes the server has not acknowledged (pending or rejected)."""
        paths: dict[str, set[str]] = {}
        for p in self.outbox:
            if p.offset not in self.acknowledged:
                paths.setdefault(p.change.record_id, set()).update(p.change.fields)
        return paths

    def answers(self, record_id: str) -> dict:
        """A record's answers as the UI would show them (tombstone path left out)."""
        return unflatten({p: v for p, v in self.records[record_id].fields.items() if p != DELETED})

    def is_deleted(self, record_id: str) -> bool:
        return record_deleted(self.records[record_id].fields)

    def pull_cursor(self) -> int:
        return self.cursor

    def load_sync_run(self) -> SyncRun | None:
        return self.run

    def save_sync_run(self, run: SyncRun) -> None:
        self.run = replace(run)  # a copy, as a database row would be

    def attach(self, record_id: str, data: bytes) -> str:
        """A photo of a record: kept by its SHA-256 (as the app's store does)."""
        sha = sha256_hex(data)
        self.attachments[sha] = data
        self.attachment_records[sha] = record_id
        return sha

    def pending_attachments(self, limit: int) -> list[AttachmentRef]:
        acked = {p.change.record_id for p in self.outbox if p.offset in self.acknowledged}
        return [AttachmentRef(sha, len(data)) for sha, data in sorted(self.attachments.items())
                if sha not in self.uploaded and self.attachment_records.get(sha) in acked][:limit]  # fmt: skip

    def attachment_bytes(self, sha256: str, offset: int, length: int) -> bytes:
        return self.attachments[sha256][offset : offset + length]

    def mark_attachment_uploaded(self, sha256: str) -> None:
        self.uploaded.add(sha256)

    def pending_audit(self, limit: int) -> list[AuditEntry]:
        return [e for e in self.audit if e.seq > self.audit_through][:limit]

    def audit_sent(self, through: int) -> None:
        self.audit_through = max(self.audit_through, through)
