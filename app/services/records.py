"""Registering and editing households and complaints; every open, change and delete is audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.store import queries
from app.store.queries import PersonRow, persons_with_nik
from app.store.store import Changes, SaveResult, Store, StoredRecord

HOUSEHOLD_FORM = "ppks_registration"
OFFERED_PER_FIELD = 8  # suggestions per question: the few dusun and RT names a village has
RECORDS_REMEMBERED = 30  # how far back the suggestions look
COMPLAINT_FORM = "pengaduan"


def save_household(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    """Create or edit a household registration (members in the repeat group)."""
    return store.save_record(HOUSEHOLD_FORM, answers, record_id=record_id)


def save_complaint(store: Store, answers: dict, *, record_id: str | None = None) -> SaveResult:
    """Register a complaint: it gets its reference number and the `diterima` event in the same transaction."""
    return store.save_record(COMPLAINT_FORM, answers, record_id=record_id)


def form_definition(store: Store, form_id: str, version: int | None = None):
    """The definition (forms.definition.FormDef) of a form, the newest version unless one is named."""
    return store.form(form_id, version)


def save_form(
    store: Store,
    form_id: str,
    answers: dict,
    *,
    record_id: str | None = None,
    form_version: int | None = None,
) -> SaveResult:
    """Save answers to any form (new record, or an edit: a new outbox change); SaveRefused when invalid."""
    return store.save_record(form_id, answers, record_id=record_id, form_version=form_version)


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


@dataclass(frozen=True)
class EntryMemory:
    """What a new form starts from (ODK's "last-saved" values): the laptop's enrolled area, the answers of
    the last record of that form made here, and the recent answers to its free-text questions."""

    area: str
    last: dict = field(default_factory=dict)
    offered: dict[str, list[str]] = field(default_factory=dict)


def entry_memory(store: Store, form_id: str, text_fields: dict[str, tuple[str, ...]]) -> EntryMemory:
    """`text_fields`: name → path of the questions whose recent answers are offered ("*" reads every item
    of a repeat). Only this laptop's own records count, and only answers at least two of them share: a
    dusun or a birthplace is offered to the next household, a person's phone number or story never."""
    answers = queries.recent_answers(store.db.reader(), form_id, store.device_id, RECORDS_REMEMBERED)
    offered: dict[str, list[str]] = {}
    for name, path in text_fields.items():
        records_with: dict[str, int] = {}  # value -> how many records hold it, in order of recency
        for one in answers:
            for value in {v.strip() for v in _values_at(one, path) if isinstance(v, str) and v.strip()}:
                records_with[value] = records_with.get(value, 0) + 1
        shared = [value for value, count in records_with.items() if count >= 2]
        if shared:
            offered[name] = shared[:OFFERED_PER_FIELD]
    return EntryMemory(store.area, answers[0] if answers else {}, offered)


def _values_at(node, path: tuple[str, ...]) -> list:
    """The answers at a path whose repeat steps are written "*" (every item)."""
    if not path:
        return [node]
    if not isinstance(node, dict):
        return []
    head, rest = path[0], path[1:]
    if head == "*":
        return [v for item in node.values() if isinstance(item, dict) for v in _values_at(item, rest)]
    return _values_at(node.get(head), rest)
