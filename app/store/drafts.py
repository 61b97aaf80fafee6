"""Drafts (`store.drafts`): half-filled forms autosaved every few seconds; never synced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from app.store.values import Changes, now_iso


@dataclass(frozen=True)
class Draft:
    id: str
    form_id: str
    form_version: int
    record_id: str | None
    answers: dict
    operator: str
    updated_at: str
    name: str = ""  # who it is about, filled by app.services.drafts (the store does not read forms)
    form_title: dict | None = None  # {"id": ..., "en": ...}


class Drafts:
    def __init__(self, store) -> None:
        self.store = store

    def save(self, form_id: str, form_version: int, answers: dict, *, draft_id: str | None = None,
             record_id: str | None = None) -> tuple[str, Changes]:  # fmt: skip
        draft_id = draft_id or str(uuid.uuid4())
        with self.store.db.transaction() as conn:
            conn.execute(
                "INSERT INTO draft(id, form_id, form_version, record_id, answers, operator, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET answers = excluded.answers, "
                "updated_at = excluded.updated_at",
                (draft_id, form_id, form_version, record_id, json.dumps(answers, ensure_ascii=False),
                 self.store.operator, now_iso()),
            )  # fmt: skip
        return draft_id, Changes(drafts=True)

    def all(self) -> list[Draft]:
        """Every draft, newest first."""
        rows = self.store.db.reader().execute(
            "SELECT id, form_id, form_version, record_id, answers, operator, updated_at FROM draft "
            "ORDER BY updated_at DESC").fetchall()  # fmt: skip
        return [Draft(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6]) for r in rows]

    def get(self, draft_id: str) -> Draft | None:
        return next((d for d in self.all() if d.id == draft_id), None)

    def discard(self, draft_id: str) -> Changes:
        with self.store.db.transaction() as conn:
            conn.execute("DELETE FROM draft WHERE id = ?", (draft_id,))
        return Changes(drafts=True)
