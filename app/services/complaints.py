"""Complaints as the SLRT workflow sees them: status, age, overdue per the deadlines, the timeline of events,
and what the receipt (tanda terima) prints. No Qt here.

The deadlines are the district's: the `complaint_deadlines` reference data set last pulled (or brought by a
return bundle), the defaults until one arrives (docs/domain.md#steps-and-deadlines) — so a complaint overdue
at the district is overdue
on the laptop too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from app.services.records import COMPLAINT_FORM
from app.store.queries import ComplaintRow
from app.store.store import Store
from forms.display import answer_text, column_field
from sync.workflow import (
    DEADLINES_REFERENCE,
    DEFAULT_DEADLINES,
    Deadlines,
    deadlines_from_data,
    next_deadline,
    parse_time,
)


@dataclass(frozen=True)
class ComplaintStatus(ComplaintRow):
    """A stored complaint row with what the workflow says of it today."""

    age_days: int
    due: str | None  # the next deadline (ISO), None once closed
    overdue: bool


@dataclass(frozen=True)
class TimelineEvent:
    step: str
    at: str
    by: str
    note: str
    referral: str
    origin: str  # 'device' or 'server' (arrived by a sync or a return bundle)


@dataclass(frozen=True)
class Receipt:
    reference: str
    summary: str
    category: str | None
    subject_name: str | None
    desa_name: str
    received_at: str
    practice: bool


def category_words(store: Store, lang: str = "id") -> Callable[[str | None], str | None]:
    """code -> the category as the complaint form words it ("bantuan_tidak_diterima" -> "Bantuan tidak diterima /
    jumlah salah"): lists and receipts show words, the data keeps codes. An unknown code stays as it is."""
    field = column_field(store.registry.latest(COMPLAINT_FORM), "complaint", "category")

    def words(code: str | None) -> str | None:
        return answer_text(field, code, lang) if code and field is not None else code

    return words


def district_deadlines(store: Store) -> Deadlines:
    """The deadlines the district last sent this laptop; the defaults before the first (or for unreadable data)."""
    found = store.reference_data(DEADLINES_REFERENCE)
    return (deadlines_from_data(found.data) if found else None) or DEFAULT_DEADLINES


def status_of(row, now: datetime | None = None, deadlines: Deadlines = DEFAULT_DEADLINES) -> ComplaintStatus:
    now = now or datetime.now(UTC)
    due = next_deadline(row.status, row.received_at, row.status_at, deadlines)
    return ComplaintStatus(
        row.record_id, row.reference, row.category, row.urgency, row.subject_name, row.desa_name, row.status,
        row.received_at, row.status_at, max(0, (now - parse_time(row.received_at)).days),
        due.isoformat() if due else None, bool(due and now > due),
    )  # fmt: skip


_COLUMNS = "record_id, reference, category, urgency, subject_name, desa_name, status, received_at, status_at"


def list_complaints(
    store: Store, *, now: datetime | None = None, limit: int = 1000, lang: str = "id"
) -> list[ComplaintStatus]:
    """Every complaint with its age and next deadline; overdue first, then the oldest
    (docs/domain.md#steps-and-deadlines). The category
    comes in words, in `lang`."""
    from app.store.queries import ComplaintRow

    rows = store.db.reader().execute(
        f"SELECT {_COLUMNS} FROM complaint ORDER BY received_at LIMIT ?", (limit,)
    ).fetchall()  # fmt: skip
    deadlines = district_deadlines(store)
    words = category_words(store, lang)
    found = [status_of(ComplaintRow(*r), now, deadlines) for r in rows]
    found = [replace(c, category=words(c.category)) for c in found]
    return sorted(found, key=lambda c: (not c.overdue, c.received_at))


def timeline(store: Store, record_id: str) -> list[TimelineEvent]:
    """The complaint's steps in time order, the district's (origin 'server') next to the device's."""
    rows = store.db.reader().execute(
        "SELECT step, at, by, note, referral, origin FROM complaint_event WHERE record_id = ? ORDER BY at, rowid",
        (record_id,),
    ).fetchall()  # fmt: skip
    return [TimelineEvent(*r) for r in rows]


def receipt(store: Store, record_id: str, lang: str = "id") -> Receipt:
    """What the tanda terima prints (the category in words, in `lang`); printing it is audited (it shows the
    complaint's summary)."""
    record = store.get_record(record_id)
    row = store.db.reader().execute(
        "SELECT reference, category, subject_name, desa_name, received_at FROM complaint WHERE record_id = ?",
        (record_id,),
    ).fetchone()  # fmt: skip
    if row is None or not row[0]:
        raise LookupError(record_id)
    store.audit("receipt", record_id)
    return Receipt(row[0], str(record.answers.get("uraian") or ""), category_words(store, lang)(row[1]), row[2],
                   row[3] or "", row[4], record.practice)  # fmt: skip
