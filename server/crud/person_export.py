"""Every person of an area as export rows, read from the households' answers a few hundred records at a time
(a server-side cursor on PostgreSQL), so a district's 1.2 million persons never sit in memory at once."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.crud.records import desa_name, members_of
from server.models import Record
from server.scope import in_scope
from sync.protocol import Kind

HEADERS = ["desa_kode", "desa", "no_kk", "kepala_keluarga", "nama", "nik", "status_nik", "jenis_kelamin",
           "tanggal_lahir", "hubungan", "status_anggota", "record_id", "member_id"]  # fmt: skip
CHUNK = 500


def rows(session: Session, *, scope: str) -> Iterator[list]:
    """One row per member of every household `scope` may see, by desa and household."""
    query = (
        select(Record.id, Record.area, Record.fields)
        .where(Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False), in_scope(Record.area, scope))
        .order_by(Record.area, Record.id)
        .execution_options(yield_per=CHUNK)
    )
    names: dict[str, str] = {}
    for record_id, area, fields in session.execute(query):
        fields = fields or {}
        place = names.get(area) or names.setdefault(area, desa_name(area))
        no_kk, head = str(fields.get("no_kk") or ""), str(fields.get("kepala_keluarga") or "")
        for m in members_of(fields):
            yield [area, place, no_kk, head, m.name, m.nik, m.nik_status, m.sex, m.birth_date, m.relation,
                   m.status, record_id, m.member_id]  # fmt: skip
