"""A device's side of offline bundles, against the same `SyncStore` port the HTTP client uses.

`export_outbound` packs the pending changes into the same `PushBatch`es an HTTP push sends (they stay pending
until results come back); `import_return` applies a return bundle through the same two store operations
an HTTP sync ends with — `record_results` for the answers, `apply_pull_page` for what a pull would bring.
So a bundle is a second transport, not a second code path. Importing a return bundle twice changes
nothing: answers to changes no longer pending are ignored, pages at or behind the stored cursor skipped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from nacl.public import PublicKey
from nacl.signing import VerifyKey
from pydantic import ValidationError

from forms.problems import UserError
from sync.bundle import BundleTampered, read_bundle, write_bundle
from sync.keys import KeyPair, b64, unb64
from sync.ports import PendingChange, SyncStore
from sync.protocol import (
    MAX_CHANGES_PER_BATCH,
    EnrollmentProof,
    OutboundPayload,
    PushBatch,
    ResultStatus,
    ReturnPayload,
)

SERVER = "server"
MAX_AUDIT_IN_BUNDLE = 50_000  # a village months offline: its audit rows travel with its changes


class NotEnrolled(UserError):
    code = "not_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "Laptop ini belum terdaftar ke Dinas Sosial (mode latihan): tidak ada yang dapat dikirim.",
            "This laptop is not enrolled with the district (practice mode): nothing can be sent.",
        )


class NotAReturnBundle(UserError):
    code = "not_a_return_bundle"

    def __init__(self) -> None:
        super().__init__(
            "Berkas ini bukan bundel balasan dari Dinas Sosial.",
            "This file is not a return bundle from the district.",
        )


@dataclass(frozen=True)
class BundleKeys:
    """The device's key pair, the server's public keys from enrollment, and — for a file-enrolled device
    until the server has bound its keys — the enrollment proof its bundles carry."""

    device: KeyPair
    server_sign_key: str
    server_box_key: str
    proof: EnrollmentProof | None = None

    @property
    def server_verify(self) -> VerifyKey:
        return VerifyKey(unb64(self.server_sign_key))

    @property
    def server_box(self) -> PublicKey:
        return PublicKey(unb64(self.server_box_key))

    def public(self) -> tuple[str, str]:
        return b64(bytes(self.device.sign.verify_key)), b64(bytes(self.device.box.public_key))


@dataclass
class Outbound:
    data: bytes
    changes: int
    batches: int
    attachments: int


@dataclass
class ReturnSummary:
    results: int = 0  # answers matched to changes still pending here
    acknowledged: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0
    rejections: list[tuple[str, list[str]]] = field(
        default_factory=list
    )  # (record id, reasons in Indonesian)
    received: int = 0  # records and events applied from the pages
    pages: int = 0
    attachments_held: int = 0  # attachments the district confirmed it holds: no longer exported


def all_pending(store: SyncStore, page: int = 1000) -> Iterator[PendingChange]:
    after = 0
    while batch := store.pending_changes(after, page):
        yield from batch
        after = batch[-1].offset


def export_outbound(
    store: SyncStore,
    keys: BundleKeys,
    *,
    attachments: dict[str, bytes] | None = None,
    batch_size: int = MAX_CHANGES_PER_BATCH,
) -> Outbound:
    """The bundle of every pending change (and attachments by SHA-256), for the server; nothing is marked."""
    identity = store.identity()
    if identity is None:
        raise NotEnrolled()
    pending = [p.change for p in all_pending(store)]
    export_id = uuid.uuid4().hex[:12]
    batches = [
        PushBatch(
            device_id=identity.device_id,
            batch_id=f"bundle-{export_id}-{i // batch_size}",
            changes=pending[i : i + batch_size],
        )  # fmt: skip
        for i in range(0, len(pending), batch_size)
    ]
    blobs = attachments or {}
    payload = OutboundPayload(device_id=identity.device_id, batches=batches,
                              attachments={sha: b64(blob) for sha, blob in blobs.items()},
                              pull_cursor=store.pull_cursor(), audit=store.pending_audit(MAX_AUDIT_IN_BUNDLE))  # fmt: skip
    data = write_bundle(
        payload.model_dump(mode="json"),
        direction="outbound",
        sender=identity.device_id,
        recipient=SERVER,
        sender_key=keys.device.sign,
        recipient_key=keys.server_box,
        counts={"changes": len(pending), "attachments": len(blobs)},
        enrollment_proof=keys.proof,
    )
    return Outbound(data=data, changes=len(pending), batches=len(batches), attachments=len(blobs))


def read_return(store: SyncStore, data: bytes, keys: BundleKeys) -> ReturnPayload:
    """Authenticate and decrypt a return bundle addressed to this device (raises a BundleError otherwise)."""
    identity = store.identity()
    if identity is None:
        raise NotEnrolled()
    header, raw = read_bundle(
        data,
        me=identity.device_id,
        my_key=keys.device.box,
        sender_key=lambda sender: keys.server_verify if sender == SERVER else None,
    )
    if header.direction != "return":
        raise NotAReturnBundle()
    try:
        payload = ReturnPayload.model_validate(raw)
    except ValidationError:
        raise BundleTampered("payload") from None
    if payload.device_id != identity.device_id:
        raise BundleTampered("device id")
    return payload


def import_return(store: SyncStore, data: bytes, keys: BundleKeys) -> ReturnSummary:
    """Apply a return bundle: the answers first (one transaction), then each pull page (one each)."""
    payload = read_return(store, data, keys)
    summary = ReturnSummary()
    offsets = {p.change.change_id: (p.offset, p.change.record_id) for p in all_pending(store)}
    answered = []
    for result in payload.results:
        if result.change_id not in offsets:
            continue  # answered before (this bundle imported twice, or an HTTP sync got there first)
        offset, record_id = offsets[result.change_id]
        answered.append((offset, result))
        if result.status is ResultStatus.REJECTED:
            summary.rejected += 1
            summary.rejections.append((record_id, [r.id for r in result.rejections]))
        elif result.status is ResultStatus.DUPLICATE:
            summary.duplicates += 1
        else:
            summary.acknowledged += 1
            summary.conflicts += result.status is ResultStatus.CONFLICT
    if answered:
        store.record_results(answered)
    summary.results = len(answered)
    store.audit_sent(payload.audit_through)  # its audit rows the district holds: not carried again
    for sha256 in payload.attachments_held:  # a village that never goes online stops carrying them
        store.mark_attachment_uploaded(sha256)
    summary.attachments_held = len(payload.attachments_held)
    for page in payload.pages:
        if page.next_cursor <= store.pull_cursor():
            continue  # already here (the same bundle again, or a later bundle or an HTTP pull came first)
        summary.received += store.apply_pull_page(page)
        summary.pages += 1
    return summary
