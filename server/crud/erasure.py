"""Erasure for good (UU 27/2022, docs/domain.md#personal-data-rights): a record's answers, photos, projections,
history and links leave the server in one transaction; an `erasure` row — id, kind, area, who, when, why,
never an answer — is all that stays. That row takes a revision like any write, so it reaches every device of
the area by pull (and in return bundles) as a purge, and a device that pushes the record again later is
refused (crud/push.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import String, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.revisions import allocate
from server.errors import BadRequest, NotFound
from server.models import (
    Attachment,
    AttachmentChunk,
    AttachmentPart,
    AttachmentUpload,
    CareRow,
    ChangeLog,
    ComplaintEventRow,
    ComplaintState,
    ConflictLog,
    Erasure,
    Person,
    PersonLink,
    PersonLinkWithdrawal,
    Record,
)

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_REASON = 400


@dataclass(frozen=True)
class Erased:
    record_id: str
    kind: str
    area: str
    photos: int  # files removed with it


def erased_among(session: Session, record_ids: set[str]) -> set[str]:
    """Which of these ids were erased (one indexed query; the push path asks it per batch)."""
    if not record_ids:
        return set()
    return set(
        session.execute(select(Erasure.record_id).where(Erasure.record_id.in_(sorted(record_ids)))).scalars()
    )


def erase(
    session: Session, record_ids: list[str], *, actor: str, reason: str, legal_basis: str = ""
) -> list[Erased]:
    """Erase these records in the caller's transaction. A reason is required; an unknown id is refused before
    anything is removed, an id already erased is refused too (nothing of it is left to erase)."""
    reason, legal_basis = " ".join(reason.split()), " ".join(legal_basis.split())
    if not reason:
        raise BadRequest(
            "Alasan penghapusan wajib diisi.", "A reason for the erasure is required.", code="no_reason"
        )
    if len(reason) > MAX_REASON or len(legal_basis) > 200:
        raise BadRequest("Alasan atau dasar hukum terlalu panjang.", "The reason or legal basis is too long.")
    ids = sorted(set(record_ids))
    # What was done for the people of an erased household (services, visits) is about them too: it goes with it.
    ids = sorted(
        set(ids)
        | set(session.execute(select(CareRow.record_id).where(CareRow.household_id.in_(ids))).scalars())
    )
    rows = {
        r.id: r for r in session.execute(select(Record).where(Record.id.in_(ids)).with_for_update()).scalars()
    }
    already = erased_among(session, set(ids))
    missing = [i for i in ids if i not in rows]
    if missing:
        said = ", ".join(missing[:5])
        if set(missing) <= already:
            raise BadRequest(
                f"Sudah dihapus sebelumnya: {said}.", f"Already erased: {said}.", code="already_erased"
            )
        raise NotFound(f"Data tidak ditemukan: {said}.", f"No such record: {said}.")
    done = [Erased(i, rows[i].kind, rows[i].area, _remove(session, rows[i])) for i in ids]
    first = allocate(session, count=len(done))  # the counter last: revisions become visible in order
    now = utcnow()
    for offset, erased in enumerate(done):
        session.add(Erasure(record_id=erased.record_id, kind=erased.kind, area=erased.area, reason=reason,
                            legal_basis=legal_basis, erased_by=actor, erased_at=now, rev=first + offset))  # fmt: skip
        audit(session, actor=actor, action="record.erase", target=f"record:{erased.record_id}", area=erased.area,
              detail={"kind": erased.kind, "photos": erased.photos, "legal_basis": legal_basis})  # fmt: skip
    session.flush()
    return done


def _remove(session: Session, record: Record) -> int:
    """Everything the server holds of one record; returns how many photo files went with it."""
    rid = record.id
    photos = _photos_only_it_names(session, record)
    for sha in photos:
        for model in (AttachmentChunk, AttachmentPart, AttachmentUpload, Attachment):
            session.execute(delete(model).where(model.sha256 == sha))
    session.execute(delete(Person).where(Person.record_id == rid))
    for model in (PersonLink, PersonLinkWithdrawal):
        session.execute(delete(model).where(or_(model.a_record == rid, model.b_record == rid)))
    for model in (ComplaintEventRow, ComplaintState, ConflictLog, ChangeLog, CareRow):
        session.execute(delete(model).where(model.record_id == rid))
    session.delete(record)
    session.flush()
    return len(photos)


def _photos_only_it_names(session: Session, record: Record) -> list[str]:
    """The files this record's answers name that no other record names (a photo is its bytes' hash: two
    records share one only when they hold the very same picture)."""
    named = sorted({v for v in (record.fields or {}).values() if isinstance(v, str) and SHA256.match(v)})
    held = (
        set(session.execute(select(Attachment.sha256).where(Attachment.sha256.in_(named))).scalars())
        if named
        else set()
    )
    return [sha for sha in sorted(held) if not _named_elsewhere(session, sha, record.id)]


def _named_elsewhere(session: Session, sha: str, record_id: str) -> int:
    """How many other records name this file (a text search over answers: erasure is rare, a scan is fine)."""
    return session.execute(
        select(func.count())
        .select_from(Record)
        .where(Record.id != record_id, cast(Record.fields, String).contains(sha))
    ).scalar_one()
