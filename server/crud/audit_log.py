"""The console's audit page (UU 27/2022: who used whose data, when, from where): one page of the audit rows a
user may read — an admin the whole district, a TKSK the rows of their kecamatan's areas — filtered by person
(their record), user, device, action and time, newest first, with the true count; read through the audit's
indexes (migration 0034), never every row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from server.crud.lists import Paged, paged
from server.models import Audit, Device
from server.scope import in_scope

EXPORT_LIMIT = 50_000  # the newest rows of a filter, for a spreadsheet


@dataclass(frozen=True)
class AuditFilters:
    person: str = ""  # a record id: the rows about that record and the persons in it
    user: str = ""  # a console user's name
    device: str = ""  # a device id
    action: str = ""  # an action, or its family ("laptop", "export"…)
    start: date | None = None
    end: date | None = None  # inclusive
    page: int = 1

    @classmethod
    def of(cls, raw: dict[str, str]) -> AuditFilters:
        def day(text: str) -> date | None:
            try:
                return date.fromisoformat(text.strip()) if text and text.strip() else None
            except ValueError:
                return None

        try:
            page = max(1, min(int(raw.get("page", "1")), 100_000))
        except ValueError:
            page = 1
        clean = {k: " ".join((raw.get(k) or "").split())[:80] for k in ("person", "user", "device", "action")}
        return cls(**clean, start=day(raw.get("from", "")), end=day(raw.get("to", "")), page=page)

    def query(self, **changes: object) -> str:
        from urllib.parse import urlencode

        values = {"person": self.person, "user": self.user, "device": self.device, "action": self.action,
                  "from": self.start.isoformat() if self.start else "", "to": self.end.isoformat() if self.end else "",
                  "page": self.page} | changes  # fmt: skip
        return urlencode([(k, v) for k, v in values.items() if v and not (k == "page" and v == 1)])


def _query(scope: str, f: AuditFilters):  # noqa: ANN202 - a select
    query = select(Audit)
    if scope:  # a TKSK: their kecamatan's rows, never the district-wide ones (no area)
        query = query.where(Audit.area != "", in_scope(Audit.area, scope))
    if f.person:
        query = query.where(
            or_(Audit.target == f"record:{f.person}", Audit.target.like(f"person:{f.person}/%"))
        )
    if f.user:
        query = query.where(Audit.actor == f"user:{f.user}")
    if f.device:
        query = query.where(Audit.actor == f"device:{f.device}")
    if f.action:
        query = query.where(or_(Audit.action == f.action, Audit.action.like(f"{f.action}.%")))
    if f.start:
        query = query.where(Audit.at >= datetime.combine(f.start, datetime.min.time(), UTC))
    if f.end:
        query = query.where(Audit.at < datetime.combine(f.end + timedelta(days=1), datetime.min.time(), UTC))
    return query


def audit_page(session: Session, *, scope: str, filters: AuditFilters) -> Paged:
    rows, total, page, pages = paged(
        session, _query(scope, filters), [Audit.at.desc(), Audit.id.desc()], filters.page
    )
    return Paged(rows=[r[0] for r in rows], total=total, page=page, pages=pages)


def audit_rows(session: Session, *, scope: str, filters: AuditFilters) -> list[Audit]:
    """The newest `EXPORT_LIMIT` rows of the filter, for an export."""
    query = _query(scope, filters).order_by(Audit.at.desc(), Audit.id.desc()).limit(EXPORT_LIMIT)
    return list(session.execute(query).scalars())


def who(row: Audit, devices: dict[str, str], lang: str = "id") -> str:
    """The actor in words: "pengguna kepala.dinsos", "perangkat #3 Pulau Telo (ani)" (the laptop's operator)."""
    kind, _, name = row.actor.partition(":")
    if kind == "device":
        operator = row.detail.get("operator") if isinstance(row.detail, dict) else None
        said = f"{'perangkat' if lang == 'id' else 'device'} {devices.get(name, name[:8])}"
        return f"{said} ({operator})" if operator else said
    if kind == "user":
        return f"{'pengguna' if lang == 'id' else 'user'} {name}"
    return row.actor


def device_labels(session: Session, rows: list[Audit]) -> dict[str, str]:
    """ "#number label" of the devices among these rows' actors (one query)."""
    ids = {r.actor.split(":", 1)[1] for r in rows if r.actor.startswith("device:")}
    if not ids:
        return {}
    return {
        d.id: f"#{d.number} {d.label}".strip()
        for d in session.execute(select(Device).where(Device.id.in_(ids))).scalars()
    }


def detail_words(row: Audit, lang: str = "id") -> str:
    """What matters of an audit row's detail, in words: an export's format and rows, a sync's conflicts, a
    laptop's own note; else its facts as they are (never the operator or the laptop's row number)."""
    detail = row.detail if isinstance(row.detail, dict) else {}
    if row.action == "export":
        rows = detail.get("rows")
        counted = f", {rows} {'baris' if lang == 'id' else 'rows'}" if rows is not None else ""
        return f"{str(detail.get('format', '')).upper()}{counted}"
    if row.action in ("record.create", "record.update"):
        return (
            f"{detail['conflicts']} {'konflik' if lang == 'id' else 'conflicts'}"
            if detail.get("conflicts")
            else ""
        )
    if row.action.startswith("laptop."):
        return str(detail.get("detail") or "")
    return ", ".join(
        f"{k}: {v}" for k, v in detail.items() if k not in ("operator", "seq") and v not in (None, "")
    )
