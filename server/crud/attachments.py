"""Attachment upload in chunks that resume: each chunk lands at its offset; the status says how far the
server has the file, so a device resumes from `received`; a file the server already has is complete at once.
The bytes live in the database (the server keeps no state outside it), checked against their SHA-256."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.forms import get_form
from server.errors import BadRequest, Conflict, NotFound
from server.models import Attachment, AttachmentChunk, Device, Record
from server.scope import covers
from sync.protocol import MAX_ATTACHMENT_BYTES, AttachmentStatus

SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class NamedAttachment:
    """A photo a record's answers name, and whether the server holds its bytes whole."""

    path: str
    sha256: str
    size: int
    present: bool


def status(session: Session, *, sha256: str) -> AttachmentStatus | None:
    row = session.get(Attachment, sha256)
    if row is None:
        return None
    return AttachmentStatus(sha256=sha256, size=row.size, received=row.received, complete=row.complete)


def put_chunk(
    session: Session, *, device: Device, sha256: str, offset: int, size: int, data: bytes
) -> AttachmentStatus:
    """Store `data` at `offset` of the file `sha256` of total `size`; returns how much the server now has."""
    if size > MAX_ATTACHMENT_BYTES:
        raise BadRequest(
            "Lampiran terlalu besar.", "The attachment is too large.", code="attachment_too_large"
        )
    row = session.get(Attachment, sha256, with_for_update=True)
    if row is None:
        row = Attachment(
            sha256=sha256, size=size, received=0, complete=False, device_id=device.id, created_at=utcnow()
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict("Unggahan bersamaan; ulangi.", "Concurrent upload; retry.", code="retry") from None
    if row.complete:
        return AttachmentStatus(sha256=sha256, size=row.size, received=row.size, complete=True)
    if size != row.size:
        raise BadRequest("Ukuran lampiran berbeda dari unggahan sebelumnya.", "The attachment size differs from before.",
                         code="attachment_size_mismatch")  # fmt: skip
    if offset != row.received:
        # Chunks go in order: the device resumes at `received` (a repeated chunk is simply acknowledged).
        return AttachmentStatus(sha256=sha256, size=row.size, received=row.received, complete=False)
    if offset + len(data) > row.size or not data:
        raise BadRequest("Potongan lampiran melewati ukurannya.", "The chunk runs past the attachment's size.",
                         code="attachment_chunk_invalid")  # fmt: skip
    session.add(AttachmentChunk(sha256=sha256, offset=offset, data=data))
    row.received = offset + len(data)
    if row.received == row.size:
        digest = hashlib.sha256()
        for chunk in _chunks(session, sha256):
            digest.update(chunk)
        if digest.hexdigest() != sha256:
            session.query(AttachmentChunk).filter(AttachmentChunk.sha256 == sha256).delete()
            row.received = 0
            session.flush()
            return AttachmentStatus(sha256=sha256, size=row.size, received=0, complete=False)
        row.complete = True
        audit(session, actor=f"device:{device.id}", action="attachment.complete", target=f"attachment:{sha256[:16]}",
              area=device.area, detail={"size": row.size})  # fmt: skip
    session.flush()
    return AttachmentStatus(sha256=sha256, size=row.size, received=row.received, complete=row.complete)


def stored_bytes(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Attachment.received), 0))).scalar_one())


def named_by(session: Session, record: Record) -> list[NamedAttachment]:
    """The photos `record`'s answers name (its form's photo questions), each with whether the server has it."""
    try:
        form = get_form(session, form_id=record.form_id, version=record.form_version)
        photo_names = {f.name for f in form.walk() if f.type == "photo"}
    except Exception:  # noqa: BLE001 - an unknown form only means no attachment field is known
        photo_names = set()
    wanted = {path: value for path, value in (record.fields or {}).items()
              if path.rsplit("/", 1)[-1] in photo_names and isinstance(value, str) and SHA256.match(value)}  # fmt: skip
    held = {a.sha256: a for a in session.execute(
        select(Attachment).where(Attachment.sha256.in_(set(wanted.values())))).scalars()} if wanted else {}  # fmt: skip
    return [NamedAttachment(path=path, sha256=sha, size=held[sha].size if sha in held else 0,
                            present=sha in held and held[sha].complete) for path, sha in sorted(wanted.items())]  # fmt: skip


def content(session: Session, *, scope: str, record_id: str, sha256: str) -> bytes:
    """The bytes of a complete attachment that record `record_id` names, for a caller whose scope covers the
    record (a device's area, a TKSK's kecamatan, "" the district): the console's household page and a
    laptop fetching a photo another laptop took. Anything else — no such file, not complete, a record outside
    the scope, deleted, or not naming this file — is the same NotFound: nothing is told about other areas."""
    row = session.get(Attachment, sha256)
    record = session.get(Record, record_id)
    if (
        row is None
        or not row.complete
        or record is None
        or record.deleted
        or not covers(scope, record.area)
        or sha256 not in (record.fields or {}).values()
    ):
        raise NotFound(
            "Lampiran tidak ada di server untuk data ini.",
            "The server holds no such attachment for this record.",
        )
    return b"".join(bytes(chunk) for chunk in _chunks(session, sha256))


def _chunks(session: Session, sha256: str) -> Iterator[bytes]:
    """The stored chunks of a file, in offset order."""
    return session.execute(
        select(AttachmentChunk.data).where(AttachmentChunk.sha256 == sha256).order_by(AttachmentChunk.offset)
    ).scalars()
