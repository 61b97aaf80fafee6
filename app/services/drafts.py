"""Drafts: half-filled forms autosaved every few seconds; never synced (kept by `app.store.drafts`)."""

from __future__ import annotations

from app.store.drafts import Draft
from app.store.store import Changes, Store

__all__ = ["Draft", "discard_draft", "list_drafts", "load_draft", "save_draft"]


def save_draft(store: Store, form_id: str, form_version: int, answers: dict, *, draft_id: str | None = None,
               record_id: str | None = None) -> tuple[str, Changes]:  # fmt: skip
    return store.drafts.save(form_id, form_version, answers, draft_id=draft_id, record_id=record_id)


def list_drafts(store: Store) -> list[Draft]:
    return store.drafts.all()


def load_draft(store: Store, draft_id: str) -> Draft | None:
    return store.drafts.get(draft_id)


def discard_draft(store: Store, draft_id: str) -> Changes:
    return store.drafts.discard(draft_id)
