"""What a volunteer should look at after a sync: edits that lost to a concurrent edit from another laptop or
the district (the conflict log), and records the district flagged for review (e.g. two edits that are valid
alone but break a rule together). No Qt here; the Sync screen lists them and opens the record."""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.store.store import Changes, Store


@dataclass(frozen=True)
class ConflictItem:
    id: int
    record_id: str
    record_label: str  # household head and No. KK, or a complaint's reference
    field_label: str  # the question's label, with the member's name inside a repeat
    kept: object  # the value the record holds now
    lost: object  # the value that lost
    lost_here: bool  # the losing edit was made on this laptop
    found_at: str


@dataclass(frozen=True)
class FlaggedRecord:
    record_id: str
    record_label: str
    code: str
    message_id: str
    message_en: str
    field_labels: list[str]


def open_conflicts(store: Store, lang: str = "id") -> list[ConflictItem]:
    """Conflicts not yet marked as reviewed, newest first."""
    rows = store.review.open_conflicts()
    labels = store.review.labels({row[1] for row in rows})
    device = store.device_id
    items = []
    for cid, record_id, path, body, found_at, form_id, version, answers in rows:
        conflict = json.loads(body)
        form = store.form(form_id, version)
        items.append(ConflictItem(
            cid, record_id, labels.get(record_id, record_id[:8]), _field_label(form, json.loads(answers), path, lang),
            conflict["winner"]["value"], conflict["loser"]["value"], conflict["loser"].get("device") == device,
            found_at))  # fmt: skip
    return items


def flagged_records(store: Store, lang: str = "id") -> list[FlaggedRecord]:
    """Every review flag the district put on a record of this laptop (they clear when the district resolves
    them and the record is pulled again)."""
    rows = store.review.flagged()
    labels = store.review.labels({row[0] for row in rows})
    found = []
    for record_id, form_id, version, answers, flags in rows:
        form, values = store.form(form_id, version), json.loads(answers)
        for flag in json.loads(flags):
            found.append(FlaggedRecord(
                record_id, labels.get(record_id, record_id[:8]), flag.get("code", ""), flag.get("id", ""),
                flag.get("en", ""), [_field_label(form, values, p, lang) for p in flag.get("paths", [])]))  # fmt: skip
    return found


def mark_reviewed(store: Store, conflict_id: int) -> Changes:
    """The volunteer looked at a conflict (and corrected the record if needed): it leaves the list, audited."""
    return store.review.mark_reviewed(conflict_id)


def _field_label(form, answers: dict, path: str, lang: str) -> str:  # noqa: ANN001 - a forms.FormDef
    """`anggota/<id>/nik` → "NIK (Siti Aminah)": the question's label, and whose it is inside a repeat."""
    field = form.field_for_path(path)
    label = field.text("label", lang) if field is not None else path
    parts = path.split("/")
    if field is not None and field.repeat is not None and len(parts) > 2:
        item = answers.get(parts[0], {}).get(parts[1], {})
        name = next((v for k, v in item.items() if k in ("nama", "name") and isinstance(v, str)), "")
        if name:
            label = f"{label} ({name})"
    return label
