"""Attachments: chunked uploads that resume, and who may read a file's bytes.

**Uploads belong to their device.** Each device's upload of a file is its own partial (`attachment_upload`,
chunks in `attachment_part`): it resumes at its own `received`, and another device's partial of the same name
— garbage sent to squat the name, or a different size — never touches it. A file is kept only when the
uploaded bytes hash to its name; then its chunks become the file's (`attachment`, `attachment_chunk`), or, when
the server held it already, are dropped, and the upload row stays as proof that a device of its area had it.

**Reading is scoped.** The bytes go to a caller (a device's area, a TKSK's kecamatan, "" the district) only for
a record inside its scope that names the file, and only when the file was uploaded within that scope (or by the
district), or when the device that wrote the photo into that record is one that uploaded it (a kecamatan
device's photo of a desa household, read by the desa's laptops). Naming another area's photo hash in one's own
record therefore gets nothing. Asking whether the server has a file answers only for files the caller could
read or its own upload: nothing is told about other areas — a device that really has the bytes uploads them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.forms import get_form
from server.errors import BadRequest, Conflict, NotFound
from server.models import Attachment, AttachmentChunk, AttachmentPart, AttachmentUpload, Device, Record
from server.scope import covers
from sync.hlc import device_of
from sync.protocol import MAX_ATTACHMENT_BYTES, AttachmentStatus

SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class NamedAttachment:
    """A photo a record's answers name, and whether the server holds its bytes whole."""

    path: str
    sha256: str
    size: int
    present: bool


def _uploaded_within(session: Session, sha256: str, scope: str) -> bool:
    """Some device of an area inside `scope` (or the district) uploaded the whole file."""
    if scope == "":
        return True
    areas = session.execute(select(AttachmentUpload.area).where(
        AttachmentUpload.sha256 == sha256, AttachmentUpload.complete.is_(True))).scalars()  # fmt: skip
    return any(area == "" or covers(scope, area) for area in areas)


def _whole(sha256: str, size: int) -> AttachmentStatus:
    return AttachmentStatus(sha256=sha256, size=size, received=size, complete=True)


def status(session: Session, *, sha256: str, device: Device) -> AttachmentStatus | None:
    """How much of the file `device` may count as on the server: whole when the server holds it and the
    device uploaded it or may read it (uploaded within its area); else its own partial; else None — also
    for a file of another area, whose existence is not told."""
    own = session.get(AttachmentUpload, (sha256, device.id))
    held = session.get(Attachment, sha256)
    if held is not None and held.complete:
        if (own is not None and own.complete) or _uploaded_within(session, sha256, device.area):
            return _whole(sha256, held.size)
    if own is not None and not own.complete:
        return AttachmentStatus(sha256=sha256, size=own.size, received=own.received, complete=False)
    return None


def _own_upload(session: Session, device: Device, sha256: str, size: int) -> AttachmentUpload:
    upload = session.get(AttachmentUpload, (sha256, device.id), with_for_update=True)
    if upload is None:
        upload = AttachmentUpload(sha256=sha256, device_id=device.id, area=device.area, size=size, received=0,
                                  complete=False, created_at=utcnow())  # fmt: skip
        session.add(upload)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict("Unggahan bersamaan; ulangi.", "Concurrent upload; retry.", code="retry") from None
    elif upload.size != size and not upload.complete:
        # This device's own partial of another size: start it over (it never stood in anyone else's way).
        _drop_parts(session, sha256, device.id)
        upload.size, upload.received = size, 0
    return upload


def put_chunk(
    session: Session, *, device: Device, sha256: str, offset: int, size: int, data: bytes
) -> AttachmentStatus:
    """Store `data` at `offset` of `device`'s upload of the file `sha256` of total `size`; returns how much
    of it the server now has for this device (whole at once when the device may already read the file)."""
    if size > MAX_ATTACHMENT_BYTES:
        raise BadRequest(
            "Lampiran terlalu besar.", "The attachment is too large.", code="attachment_too_large"
        )
    known = status(session, sha256=sha256, device=device)
    if known is not None and known.complete:
        return known
    upload = _own_upload(session, device, sha256, size)
    if offset != upload.received:
        # Chunks go in order: the device resumes at `received` (a repeated chunk is simply acknowledged).
        return AttachmentStatus(sha256=sha256, size=upload.size, received=upload.received, complete=False)
    if offset + len(data) > upload.size or not data:
        raise BadRequest("Potongan lampiran melewati ukurannya.", "The chunk runs past the attachment's size.",
                         code="attachment_chunk_invalid")  # fmt: skip
    session.add(AttachmentPart(sha256=sha256, device_id=device.id, offset=offset, data=data))
    upload.received = offset + len(data)
    session.flush()
    if upload.received < upload.size:
        return AttachmentStatus(sha256=sha256, size=upload.size, received=upload.received, complete=False)
    digest = hashlib.sha256()
    for chunk in _parts(session, sha256, device.id):
        digest.update(chunk)
    if digest.hexdigest() != sha256:  # not the file its name says: dropped, the device starts over
        _drop_parts(session, sha256, device.id)
        upload.received = 0
        session.flush()
        return AttachmentStatus(sha256=sha256, size=upload.size, received=0, complete=False)
    _keep(session, device, upload)
    return _whole(sha256, upload.size)


def _keep(session: Session, device: Device, upload: AttachmentUpload) -> None:
    """A checked upload: its chunks become the file's unless the server held the file already."""
    sha256 = upload.sha256
    upload.complete = True
    held = session.get(Attachment, sha256, with_for_update=True)
    if held is None or not held.complete:
        if held is None:
            held = Attachment(sha256=sha256, size=upload.size, received=upload.size, complete=True,
                              device_id=device.id, created_at=utcnow())  # fmt: skip
            session.add(held)
        else:  # a partial row from before migration 0011
            held.size, held.received, held.complete, held.device_id = (
                upload.size,
                upload.size,
                True,
                device.id,
            )
            session.execute(delete(AttachmentChunk).where(AttachmentChunk.sha256 == sha256))
        try:
            session.flush()
        except IntegrityError:  # another device completed the same file at this instant
            raise Conflict("Unggahan bersamaan; ulangi.", "Concurrent upload; retry.", code="retry") from None
        part = AttachmentPart.__table__
        session.execute(insert(AttachmentChunk.__table__).from_select(
            ["sha256", "offset", "data"],
            select(part.c.sha256, part.c.offset, part.c.data).where(
                part.c.sha256 == sha256, part.c.device_id == device.id)))  # fmt: skip
    _drop_parts(session, sha256, device.id)
    audit(session, actor=f"device:{device.id}", action="attachment.complete", target=f"attachment:{sha256[:16]}",
          area=device.area, detail={"size": upload.size})  # fmt: skip
    session.flush()


def _parts(session: Session, sha256: str, device_id: str) -> Iterator[bytes]:
    return session.execute(select(AttachmentPart.data).where(
        AttachmentPart.sha256 == sha256, AttachmentPart.device_id == device_id).order_by(AttachmentPart.offset)
    ).scalars()  # fmt: skip


def _drop_parts(session: Session, sha256: str, device_id: str) -> None:
    session.execute(delete(AttachmentPart).where(AttachmentPart.sha256 == sha256,
                                                 AttachmentPart.device_id == device_id))  # fmt: skip


def stored_bytes(session: Session) -> int:
    return int(session.execute(select(func.coalesce(func.sum(Attachment.received), 0))).scalar_one())


def named_by(session: Session, record: Record, scope: str = "") -> list[NamedAttachment]:
    """The photos `record`'s answers name (its form's photo questions), each with whether a caller of `scope`
    may read it whole (the console's household and complaint pages)."""
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
                            present=sha in held and held[sha].complete and _readable(session, scope, record, sha))
            for path, sha in sorted(wanted.items())]  # fmt: skip


def _readable(session: Session, scope: str, record: Record, sha256: str) -> bool:
    """`record` (inside `scope`) names the file, and the file was uploaded within `scope` or by the district,
    or the device that wrote the file's name into this record uploaded it."""
    paths = [path for path, value in (record.fields or {}).items() if value == sha256]
    if not paths:
        return False
    if _uploaded_within(session, sha256, scope):
        return True
    writers = {
        device_of(stamp) for path in paths if isinstance(stamp := (record.clocks or {}).get(path), str)
    }
    uploaders = set(session.execute(select(AttachmentUpload.device_id).where(
        AttachmentUpload.sha256 == sha256, AttachmentUpload.complete.is_(True))).scalars())  # fmt: skip
    return bool(writers & uploaders)


def content(session: Session, *, scope: str, record_id: str, sha256: str) -> bytes:
    """The bytes of a complete attachment for a caller of `scope` (a device's area, a TKSK's kecamatan, ""
    the district), asked for with a record inside that scope that names it, when the file was uploaded within
    the scope or by the device that named it there (`_readable`): the console's household page and a laptop
    fetching a photo a colleague took. Anything else — no such file, not complete, a record outside the
    scope, deleted, not naming the file, or a file of another area — is the same NotFound."""
    row = session.get(Attachment, sha256)
    record = session.get(Record, record_id)
    if (
        row is None
        or not row.complete
        or record is None
        or record.deleted
        or not covers(scope, record.area)
        or not _readable(session, scope, record, sha256)
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
