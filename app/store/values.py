"""The values the store hands back: what a write changed, a save's outcome, a stored record; and the two
formats every table shares (timestamps, JSON columns)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def to_json(value) -> str:
    """A JSON column: compact, keys sorted (the same answers always store the same text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views refresh only what they show (after Anki's OpChanges;
    docs/architecture.md#views-refresh-from-changes)."""

    records: bool = False
    persons: bool = False
    complaints: bool = False
    outbox: bool = False
    drafts: bool = False
    operators: bool = False
    settings: bool = False
    record_id: str | None = None


@dataclass
class SaveResult:
    record_id: str
    changes: Changes
    reference: str | None = None
    warnings: list = field(default_factory=list)
    overridden: list = field(default_factory=list)


@dataclass
class StoredRecord:
    id: str
    kind: str
    form_id: str
    form_version: int
    answers: dict
    clocks: dict
    area: str
    rev: int | None
    deleted: bool
    practice: bool
    acknowledged: bool
    reference: str | None
    review_flags: list
    created_by: str
    created_at: str
    updated_at: str
