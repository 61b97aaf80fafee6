"""Registering and editing households and complaints; every open, change and delete is audited."""

from __future__ import annotations

from app.store import queries
from app.store.queries import PersonRow, persons_with_nik
from app.store.store import Changes, SaveResult, Store, StoredRecord

HOUSEHOLD_FORM = "ppks_registration"
COMPLAINT_FORM = "pengaduan"


def save_household(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    """Create or edit a household registration (members in the repeat group)."""
    return store.save_record(HOUSEHOLD_FORM, answers, record_id=record_id)


def save_complaint(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    """Register a complaint: it gets its reference number and the `diterima` event in the same transaction."""
    return store.save_record(COMPLAINT_FORM, answers, record_id=record_id)


def open_record(store: Store, record_id: str) -> StoredRecord:
    """A record to show or edit; the opening is audited (PDP law: who saw what)."""
    record = store.get_record(record_id)
    store.audit("open", record_id)
    return record


def delete_record(store: Store, record_id: str) -> Changes:
    return store.delete_record(record_id)


def linked_persons(store: Store, record_id: str) -> dict:
    """Members of this household the district confirmed as one person with someone else: member id → those
    persons (app.store.queries.PersonRow), where this laptop holds them."""
    return queries.linked_persons(store.db.reader(), record_id)


def registered_nik(store: Store, nik: str, *, exclude_record: str | None = None) -> list[PersonRow]:
    """ "This NIK is already registered here": the persons on this laptop with that NIK."""
    return persons_with_nik(store.db.reader(), nik, exclude_record=exclude_record)
