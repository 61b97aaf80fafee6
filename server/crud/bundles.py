"""Offline bundles on the server: import a village's outbound bundle, write its return bundle.

An outbound bundle is a second transport for the same push batches: each batch goes through `apply_batch`
exactly as an HTTP push, so idempotency, per-change rejection, merge and audit are the same code. A file-enrolled
device's first bundle binds its keys when its enrollment proof is valid (`accept_enrollment_proof`).

The server remembers, per device, the latest bundle it imported (`BundleReceipt`): the change ids it carried
and where the device's pull stood. The return bundle answers those changes (from the change log, so a
bundle imported twice answers the same) and carries every pull page since that cursor — what the device
would have pulled online. Both directions are signed and encrypted (sync/bundle.py).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

from nacl.public import PublicKey
from nacl.signing import VerifyKey
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from server.core.clock import utcnow
from server.core.text import holds_bad_text
from server.crud.attachments import put_chunk
from server.crud.attachments import status as attachment_status
from server.crud.audit import audit
from server.crud.device_audit import receive as receive_audit
from server.crud.device_reach import note_pull
from server.crud.devices import accept_enrollment_proof
from server.crud.keys import server_keys
from server.crud.pull import pull_page
from server.crud.push import apply_batch
from server.errors import ApiError, BadRequest, Forbidden, NotFound
from server.models import BundleReceipt, ChangeLog, Device
from server.scope import covers
from sync.bundle import (
    BundleError,
    BundleTampered,
    BundleUnknownSender,
    read_bundle,
    read_header,
    write_bundle,
)
from sync.keys import unb64
from sync.protocol import ChangeResult, OutboundPayload, PullPage, ResultStatus, ReturnPayload

SERVER = "server"
MAX_RETURN_RECORDS = (
    200_000  # a return bundle carries at most this many pulled items; the rest come next time
)


class BundleRefused(ApiError):
    """A bundle error as the API answers it (422), keeping the bundle error's code and both messages."""

    status = 422

    def __init__(self, error: BundleError):
        super().__init__(error.id, error.en, code=error.code)


@dataclass
class BundleImport:
    """What importing one outbound bundle did (the CLI and the relay endpoint print/return it)."""

    device_id: str
    changes: int = 0
    applied: int = 0
    conflicts: int = 0
    duplicates: int = 0
    rejected: int = 0
    attachments: int = 0
    rejections: list[dict] = field(default_factory=list)  # change_id, record_id, reasons

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _relay_may_carry(relay_scope: str | None, device: Device | None, sender: str) -> None:
    if relay_scope is None:
        return  # imported directly by the district (CLI)
    if device is None or not covers(relay_scope, device.area):
        raise Forbidden(
            f"Bundel dari perangkat {sender} di luar wilayah Anda; tidak diterima.",
            f"The bundle from device {sender} is outside your area; not accepted.",
            code="bundle_out_of_scope",
        )


def _verify_key_of(session: Session):  # noqa: ANN202 - a callback for read_bundle
    def verify_key(sender: str) -> VerifyKey | None:
        device = session.get(Device, sender)
        if device is None or device.status != "active" or not device.sign_key:
            return None
        return VerifyKey(unb64(device.sign_key))

    return verify_key


def _apply(session: Session, device: Device, batch) -> list[ChangeResult]:  # noqa: ANN001 - a PushBatch
    savepoint = session.begin_nested()
    try:
        response = apply_batch(session, device=device, batch=batch)
        savepoint.commit()
    except (IntegrityError, OperationalError):
        savepoint.rollback()  # the same retry the HTTP push route makes (a concurrent first insert)
        response = apply_batch(session, device=device, batch=batch)
    return response.results


def import_outbound(
    session: Session, data: bytes, *, actor: str, relay_scope: str | None = None
) -> BundleImport:
    """Authenticate, decrypt and apply an outbound bundle in the caller's transaction.

    `relay_scope` is the area of whoever carried it over HTTP (a TKSK's kecamatan); None when the district
    imports it directly. Any refusal raises `BundleRefused`/`Forbidden` before anything is written.
    """
    try:
        header, _ = read_header(data)
        if header.direction != "outbound" or header.recipient != SERVER:
            raise BundleTampered("not an outbound bundle for the server")
        device = session.get(Device, header.sender)
        _relay_may_carry(relay_scope, device, header.sender)
        if device is None or device.status == "revoked":
            raise BundleUnknownSender(header.sender)
        keys = server_keys(session)
        header, raw = read_bundle(
            data,
            me=SERVER,
            my_key=keys.box,
            sender_key=_verify_key_of(session),
            accept_proof=lambda sender, proof: accept_enrollment_proof(
                session, device_id=sender, proof=proof
            ),
        )
        try:
            payload = OutboundPayload.model_validate(raw)
        except ValidationError:
            raise BundleTampered("payload") from None
        if payload.device_id != device.id or any(b.device_id != device.id for b in payload.batches):
            raise BundleTampered("device id")
    except BundleError as error:
        raise BundleRefused(error) from None
    if holds_bad_text(raw):  # refused as an HTTP push would be (server/core/text.py): nothing is imported
        raise BadRequest("Bundel memuat teks dengan karakter NUL atau surrogate UTF-16 tunggal; tidak ada yang diimpor.",
                         "The bundle holds text with a NUL character or an unpaired UTF-16 surrogate; nothing was "
                         "imported.", code="invalid_text")  # fmt: skip

    summary = BundleImport(device_id=device.id)
    change_ids: list[str] = []
    rejected: dict[str, dict] = {}
    for batch in payload.batches:
        for change, result in zip(batch.changes, _apply(session, device, batch), strict=True):
            change_ids.append(change.change_id)
            summary.changes += 1
            if result.status is ResultStatus.APPLIED:
                summary.applied += 1
            elif result.status is ResultStatus.CONFLICT:
                summary.applied += 1
                summary.conflicts += 1
            elif result.status is ResultStatus.DUPLICATE:
                summary.duplicates += 1
            else:
                summary.rejected += 1
                rejected[change.change_id] = result.model_dump(mode="json")
                summary.rejections.append({"change_id": change.change_id, "record_id": change.record_id,
                                           "reasons": [r.en for r in result.rejections]})  # fmt: skip
    receive_audit(session, device, payload.audit)
    for sha256, encoded in payload.attachments.items():
        if (known := attachment_status(session, sha256=sha256, device=device)) is not None and known.complete:
            continue
        blob = base64.b64decode(encoded)
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise BundleRefused(BundleTampered("attachment digest"))
        put_chunk(session, device=device, sha256=sha256, offset=0, size=len(blob), data=blob)
        summary.attachments += 1

    digest = hashlib.sha256(data).hexdigest()
    if session.get(BundleReceipt, digest) is None:
        session.add(BundleReceipt(digest=digest, device_id=device.id, change_ids=change_ids,
                                  rejected=rejected, attachments=sorted(payload.attachments),
                                  pull_cursor=payload.pull_cursor, created_at=header.created_at,
                                  imported_at=utcnow(), imported_by=actor))  # fmt: skip
    device.last_seen_at = utcnow()
    audit(session, actor=actor, action="bundle.import", target=f"device:{device.id}", area=device.area,
          detail={k: v for k, v in summary.to_json().items() if k != "rejections"})  # fmt: skip
    session.flush()
    return summary


def _latest_receipt(session: Session, device_id: str) -> BundleReceipt | None:
    return session.execute(
        select(BundleReceipt)
        .where(BundleReceipt.device_id == device_id)
        .order_by(BundleReceipt.created_at.desc(), BundleReceipt.imported_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def return_payload(session: Session, device: Device, *, page_size: int) -> ReturnPayload:
    """The answers to the device's latest bundle and every pull page since where its pull stood."""
    receipt = _latest_receipt(session, device.id)
    results: list[ChangeResult] = []
    cursor = 0
    if receipt is not None:
        cursor = receipt.pull_cursor
        rows = session.execute(
            select(ChangeLog.change_id, ChangeLog.result, ChangeLog.rev).where(
                ChangeLog.device_id == device.id, ChangeLog.change_id.in_(receipt.change_ids)
            )
        ).all()
        by_id = {c: ChangeResult.model_validate(r) for c, r in (receipt.rejected or {}).items()}
        by_id |= {row.change_id: ChangeResult.model_validate({**row.result, "rev": row.rev}) for row in rows}
        results = [by_id[c] for c in receipt.change_ids if c in by_id]
    pages: list[PullPage] = []
    carried = 0
    while carried < MAX_RETURN_RECORDS:
        page = pull_page(session, scope=device.area, cursor=cursor, limit=page_size)
        pages.append(page)
        carried += len(page.records) + len(page.events)
        cursor = page.next_cursor
        if not page.has_more:
            break
    note_pull(session, device.id, cursor)  # what a lost laptop held (crud/device_reach.py)
    held = [sha for sha in (receipt.attachments or [])
            if (known := attachment_status(session, sha256=sha, device=device)) is not None and known.complete] if receipt else []  # fmt: skip
    return ReturnPayload(device_id=device.id, results=results, pages=pages, attachments_held=held,
                         audit_through=device.audit_seq)  # fmt: skip


def write_return(session: Session, *, device_id: str, actor: str, page_size: int = 500,
                 relay_scope: str | None = None) -> bytes:  # fmt: skip
    """The return bundle for a device: signed by the server, encrypted to the device's key."""
    device = session.get(Device, device_id)
    _relay_may_carry(relay_scope, device, device_id)
    if device is None or device.status != "active" or not device.box_key:
        raise NotFound(
            f"Perangkat {device_id} belum terdaftar aktif (bundel pertamanya belum diterima?).",
            f"Device {device_id} is not active yet (its first bundle has not arrived?).",
            code="device_not_active",
        )
    payload = return_payload(session, device, page_size=page_size)
    keys = server_keys(session)
    counts = {"results": len(payload.results), "records": sum(len(p.records) for p in payload.pages),
              "events": sum(len(p.events) for p in payload.pages)}  # fmt: skip
    data = write_bundle(payload.model_dump(mode="json"), direction="return", sender=SERVER, recipient=device.id,
                        sender_key=keys.sign, recipient_key=PublicKey(unb64(device.box_key)), counts=counts)  # fmt: skip
    audit(session, actor=actor, action="bundle.return", target=f"device:{device.id}", area=device.area,
          detail=counts)  # fmt: skip
    return data
