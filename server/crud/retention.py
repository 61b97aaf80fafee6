"""Retention (UU 27/2022: data kept no longer than its purpose needs): per kind of record, how many years the
district keeps it after that purpose ended. A rule the admin has not set is off. `due` lists what is past its
rule; `run` erases exactly that list, as an erasure (crud/erasure.py), so it leaves every laptop too.

The rules:
- `complaint_closed` — a complaint closed (selesai) or rejected (ditolak), counted from that step;
- `household_deceased` — a household whose every member is recorded as died, counted from its last change;
- `deleted_record` — a record deleted on a laptop (its tombstone still holds the answers), from the deletion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.erasure import Erased, erase
from server.crud.worklist import catch_up
from server.errors import BadRequest
from server.models import ComplaintState, Person, Record, RetentionRule

RULES: dict[str, tuple[str, str]] = {
    "complaint_closed": ("Pengaduan selesai atau ditolak", "Complaints closed or rejected"),
    "household_deceased": (
        "Rumah tangga yang semua anggotanya meninggal",
        "Households whose members all died",
    ),
    "deleted_record": ("Data yang dihapus di laptop", "Records deleted on a laptop"),
}
MAX_YEARS = 100


@dataclass(frozen=True)
class Due:
    record_id: str
    kind: str
    area: str
    rule: str
    since: datetime  # when its purpose ended (the clock of its rule)


def rules(session: Session) -> dict[str, int | None]:
    """Every rule by name: its years, or None when the admin has not set it (off)."""
    kept = {r.name: r.years for r in session.execute(select(RetentionRule)).scalars()}
    return {name: kept.get(name) for name in RULES}


def set_rule(session: Session, name: str, years: int | None, *, actor: str) -> None:
    """Set a rule's years, or turn it off (None); audited."""
    if name not in RULES:
        raise BadRequest(f"Aturan tidak dikenal: {name}. Pilihan: {', '.join(RULES)}.",
                         f"Unknown rule: {name}. Choose from: {', '.join(RULES)}.")  # fmt: skip
    if years is not None and not 1 <= years <= MAX_YEARS:
        raise BadRequest(f"Lama simpan harus 1–{MAX_YEARS} tahun.", f"Keep between 1 and {MAX_YEARS} years.")
    row = session.get(RetentionRule, name)
    if years is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(RetentionRule(name=name, years=years, updated_by=actor, updated_at=utcnow()))
    else:
        row.years, row.updated_by, row.updated_at = years, actor, utcnow()
    audit(session, actor=actor, action="retention.rule", target=name, detail={"years": years})


def due(session: Session, *, now: datetime | None = None) -> list[Due]:
    """What is past its rule now, oldest first; a record past two rules is listed once."""
    now = now or utcnow()
    catch_up(session)  # complaints the work list has not met yet get their state row first
    found: dict[str, Due] = {}
    for name, years in rules(session).items():
        if years is None:
            continue
        cutoff = now - timedelta(days=round(365.25 * years))
        for record_id, kind, area, since in session.execute(_QUERIES[name](cutoff)):
            found.setdefault(record_id, Due(record_id, kind, area, name, since))
    return sorted(found.values(), key=lambda d: (d.since, d.record_id))


def run(session: Session, listed: list[Due], *, actor: str) -> list[Erased]:
    """Erase what `due` listed (in this transaction, so exactly that), each with its rule as the reason."""
    done: list[Erased] = []
    for name in RULES:
        ids = [d.record_id for d in listed if d.rule == name]
        if ids:
            years = rules(session)[name]
            done += erase(session, ids, actor=actor, reason=f"retensi: {name} lebih dari {years} tahun",
                          legal_basis="UU 27/2022 (retensi)")  # fmt: skip
    return done


def _closed_complaints(cutoff: datetime):
    return (
        select(Record.id, Record.kind, Record.area, ComplaintState.status_at)
        .join(ComplaintState, ComplaintState.record_id == Record.id)
        .where(ComplaintState.status.in_(("selesai", "ditolak")), ComplaintState.status_at < cutoff)
    )


def _deceased_households(cutoff: datetime):
    living = func.sum(case((Person.status == "meninggal", 0), else_=1))
    all_died = select(Person.record_id).group_by(Person.record_id).having(living == 0, func.count() > 0)
    return select(Record.id, Record.kind, Record.area, Record.updated_at).where(
        Record.kind == "household",
        Record.deleted.is_(False),
        Record.updated_at < cutoff,
        Record.id.in_(all_died),
    )


def _deleted_records(cutoff: datetime):
    return select(Record.id, Record.kind, Record.area, Record.updated_at).where(
        Record.deleted.is_(True), Record.updated_at < cutoff
    )


_QUERIES = {
    "complaint_closed": _closed_complaints,
    "household_deceased": _deceased_households,
    "deleted_record": _deleted_records,
}
