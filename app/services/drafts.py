"""Drafts: half-filled forms autosaved every few seconds; never synced (kept by `app.store.drafts`). Listed
with who they are about (the head's, a member's or the complaint subject's name typed so far) and the form's
title, so a volunteer finds "Siti Aminah" rather than "(tanpa nama)"."""

from __future__ import annotations

from dataclasses import replace

from app.store.drafts import Draft
from app.store.store import Changes, Store
from forms.definition import FormDef
from forms.problems import UserError

__all__ = ["Draft", "discard_draft", "draft_name", "list_drafts", "load_draft", "save_draft"]

NAME_COLUMNS = ("head_name", "name", "subject_name")  # who a draft is about, in the order they are asked


def save_draft(store: Store, form_id: str, form_version: int, answers: dict, *, draft_id: str | None = None,
               record_id: str | None = None) -> tuple[str, Changes]:  # fmt: skip
    return store.drafts.save(form_id, form_version, answers, draft_id=draft_id, record_id=record_id)


def list_drafts(store: Store) -> list[Draft]:
    """Every draft, newest first, named by who it is about."""
    out = []
    for draft in store.drafts.all():
        form = _form(store, draft.form_id, draft.form_version)
        name = draft_name(form, draft.answers) if form is not None else ""
        out.append(replace(draft, name=name, form_title=form.title if form else None))
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
    return store.drafts.get(draft_id)


def discard_draft(store: Store, draft_id: str) -> Changes:
    return store.drafts.discard(draft_id)
