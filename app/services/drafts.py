"""Drafts: half-filled forms autosaved every few seconds; never synced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from app.store.store import Changes, Store, now_iso
from forms.definition import FormDef
from forms.problems import UserError

NAME_COLUMNS = ("head_name", "name", "subject_name")  # who a draft is about, in the order they are asked


@dataclass(frozen=True)
class Draft:
    id: str
    form_id: str
    form_version: int
    record_id: str | None
    answers: dict
    operator: str
    updated_at: str
    name: str = ""  # the household head's, a member's or the complaint subject's name typed so far
    form_title: dict | None = None  # {"id": ..., "en": ...}


def save_draft(store: Store, form_id: str, form_version: int, answers: dict, *, draft_id: str | None = None,
               record_id: str | None = None) -> tuple[str, Changes]:  # fmt: skip
    draft_id = draft_id or str(uuid.uuid4())
    with store.db.transaction() as conn:
        conn.execute(
            "INSERT INTO draft(id, form_id, form_version, record_id, answers, operator, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET answers = excluded.answers, "
            "updated_at = excluded.updated_at",
            (draft_id, form_id, form_version, record_id, json.dumps(answers, ensure_ascii=False), store.operator,
             now_iso()),
        )  # fmt: skip
    return draft_id, Changes(drafts=True)


def list_drafts(store: Store) -> list[Draft]:
    rows = (
        store.db.reader()
        .execute(
            "SELECT id, form_id, form_version, record_id, answers, operator, updated_at FROM draft ORDER BY updated_at DESC"
        )
        .fetchall()
    )
    out = []
    for r in rows:
        answers = json.loads(r[4])
        form = _form(store, r[1], r[2])
        name = draft_name(form, answers) if form is not None else ""
        out.append(Draft(r[0], r[1], r[2], r[3], answers, r[5], r[6], name, form.title if form else None))
    return out


def _form(store: Store, form_id: str, version: int) -> FormDef | None:
    try:
        return store.form(form_id, version)
    except UserError:  # a version this laptop no longer knows: the draft is still listed, by its form id
        return None


def _answer_at(form: FormDef, answers: dict, field_name: str, item: dict | None = None) -> str:
    f = form.by_name.get(field_name)
    if f is None:
        return ""
    node = item if item is not None else answers
    steps = [name for kind, name in f.steps][-1:] if item is not None else [name for _kind, name in f.steps]
    for key in steps:
        node = node.get(key) if isinstance(node, dict) else None
    return node.strip() if isinstance(node, str) else ""


def draft_name(form: FormDef, answers: dict) -> str:
    """Who a half-filled form is about, as its projections name them: the head of the household, else
    the first member with a name, else the complaint's subject ("" while nobody is named yet)."""
    for column in NAME_COLUMNS:
        for spec in form.projections.values():
            field_name = spec["columns"].get(column)
            if field_name is None:
                continue
            repeat = spec.get("repeat")
            if repeat is None:
                found = _answer_at(form, answers, field_name)
            else:
                items = answers.get(repeat) if isinstance(answers.get(repeat), dict) else {}
                ordered = sorted(
                    (i for i in items.values() if isinstance(i, dict)), key=lambda i: i.get("_pos", 0)
                )
                found = next(
                    (n for n in (_answer_at(form, answers, field_name, i) for i in ordered) if n), ""
                )
            if found:
                return found
    return ""


def load_draft(store: Store, draft_id: str) -> Draft | None:
    return next((d for d in list_drafts(store) if d.id == draft_id), None)


def discard_draft(store: Store, draft_id: str) -> Changes:
    with store.db.transaction() as conn:
        conn.execute("DELETE FROM draft WHERE id = ?", (draft_id,))
    return Changes(drafts=True)
