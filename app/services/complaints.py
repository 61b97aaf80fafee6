"""Complaints as the SLRT workflow sees them: status, age, overdue per the deadlines, the timeline of events,
and what the receipt (tanda terima) prints. No Qt here.

The deadlines are the district's: the `complaint_deadlines` reference data set last pulled (or brought by a
return bundle), the defaults until one arrives (docs/domain.md#steps-and-deadlines) — so a complaint overdue
at the district is overdue
on the laptop too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from app.services.records import COMPLAINT_FORM
from app.store import complaint_queries
from app.store.complaint_queries import ComplaintRow
from app.store.store import Store
from forms.display import answer_text, column_field
from forms.domain import regions
from forms.domain.timezones import local_time
from sync.reference import status_code
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
class Place:
    """Where a complaint was received, in names from the region tree (never codes)."""

    desa: str = ""
    desa_kind: str = "desa"  # "desa" or "kelurahan"
    kecamatan: str = ""
    kecamatan_kind: str = "kecamatan"  # "distrik" in Papua
    kabupaten: str = ""  # with its kind: "Kabupaten Kapuas", "Kota Palangka Raya"
    provinsi: str = ""


@dataclass(frozen=True)
class Receipt:
    reference: str
    summary: str
    category: str | None
    subject_name: str | None
    desa_name: str
    received_at: str  # ISO, as stored
    practice: bool
    place: Place = field(default_factory=Place)
    received_local: datetime | None = None  # received_at in the desa's own time zone
    zone: str = "WIB"  # that zone's name
    officer: str = ""  # the operator who registered it
    reporter: str | None = None  # None: anonymous
    status_url: str = ""  # the district's public status page, "" when this laptop has no server
    # A short code the citizen types on the status page beside the reference, once the server asks for one:
    # printed as one line under the status address when set.
    status_code: str | None = None


def place_of(desa_code: str | None) -> Place:
    """The names of a desa and the regions above it; empty names for an unknown code."""
    region = regions.get(desa_code) if desa_code else None
    if region is None:
        return Place()
    chain = [region]
    while chain[-1].parent and (parent := regions.get(chain[-1].parent)) is not None:
        chain.append(parent)
    by_level = {r.level: r for r in chain}

    def name(level: str) -> str:
        return by_level[level].name if level in by_level else ""

    kecamatan = by_level.get("kecamatan")
    return Place(
        desa=region.name, desa_kind="kelurahan" if region.kind == "kelurahan" else "desa",
        kecamatan=name("kecamatan"),
        kecamatan_kind="distrik" if kecamatan is not None and kecamatan.kind == "distrik" else "kecamatan",
        kabupaten=name("kabupaten"), provinsi=name("provinsi"),
    )  # fmt: skip


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


def list_complaints(
    store: Store, *, now: datetime | None = None, limit: int = 1000, lang: str = "id"
) -> list[ComplaintStatus]:
    """Every complaint with its age and next deadline; overdue first, then the oldest
    (docs/domain.md#steps-and-deadlines). The category
    comes in words, in `lang`."""
    deadlines = district_deadlines(store)
    words = category_words(store, lang)
    found = [status_of(r, now, deadlines) for r in complaint_queries.oldest_first(store.db.reader(), limit)]
    found = [replace(c, category=words(c.category)) for c in found]
    return sorted(found, key=lambda c: (not c.overdue, c.received_at))


def timeline(store: Store, record_id: str) -> list[TimelineEvent]:
    """The complaint's steps in time order, the district's (origin 'server') next to the device's."""
    rows = complaint_queries.timeline(store.db.reader(), record_id)
    return [TimelineEvent(*r) for r in rows]


def reference_of(store: Store, record_id: str) -> str | None:
    """A complaint's receipt number (None until it is a stored complaint); shows nothing of its content."""
    return complaint_queries.reference_of(store.db.reader(), record_id)


def status_page(store: Store) -> str:
    """The district's public status page this laptop's receipts point to; "" in practice mode (nothing is
    sent) or when the laptop has no server address (enrolled for USB bundles only)."""
    server = store.setting("server_url").strip().rstrip("/")
    return f"{server}/status" if server and not store.practice else ""


def receipt(store: Store, record_id: str, lang: str = "id") -> Receipt:
    """What the tanda terima prints (the category in words, in `lang`; places by name; the time in the desa's
    own zone); printing it is audited (it shows the complaint's summary)."""
    record = store.get_record(record_id)
    row = complaint_queries.receipt_row(store.db.reader(), record_id)
    if row is None or not row[0]:
        raise LookupError(record_id)
    store.audit("receipt", record_id)
    answers = record.answers
    local, zone = local_time(row[4], row[5])
    anonymous = answers.get("pelapor_jenis") == "anonim"
    return Receipt(
        reference=row[0], summary=str(answers.get("uraian") or ""), category=category_words(store, lang)(row[1]),
        subject_name=row[2], desa_name=row[3] or "", received_at=row[4], practice=record.practice,
        place=place_of(row[5]), received_local=local, zone=zone.name, officer=record.created_by,
        reporter=None if anonymous else str(answers.get("pelapor_nama") or "") or None,
        status_url=status_page(store) if not record.practice else "",
        # the status page asks for it beside the number (sync/reference.status_code); a practice one is never sent
        status_code=None if record.practice else status_code(record_id),
    )  # fmt: skip
