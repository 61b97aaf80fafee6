"""The store's settings table: one key, one text value. The device's identity, enrollment, cursors, pulled
form versions and reference data all live here; one `put` writes them (inside a caller's transaction or
its own)."""

from __future__ import annotations

import json

from app.store.values import to_json
from sync.protocol import ReferenceData

REFERENCE_KEY = "reference:"  # key prefix of each reference data set's newest version
FORM_KEY = "form:"  # key prefix of each pulled form definition, `form:<id>@<version>`
_UPSERT = (
    "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"
)


class Settings:
    # Read on every save and changed only through `put` (enrollment): kept in memory.
    CACHED = frozenset({"device_id", "device_number", "area", "practice"})

    def __init__(self, db) -> None:
        self.db = db
        self._cache: dict[str, str] = {}
        self._generation = 0  # bumped whenever the cache is dropped: a read begun before keeps nothing

    def get(self, key: str, default: str = "", conn=None) -> str:
        """A setting's value; `conn` reads inside a transaction (what it wrote so far)."""
        if key in self._cache:
            return self._cache[key]
        generation = self._generation
        row = (
            (conn or self.db.reader()).execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        )
        if row and key in self.CACHED and conn is None and generation == self._generation:
            self._cache[key] = row[0]
        return row[0] if row else default

    def _forget(self) -> None:
        self._generation += 1
        self._cache.clear()

    def put(self, values: dict[str, object], conn=None) -> None:
        """Insert or replace each key, in `conn`'s transaction when given (with the write it belongs to).
        A cached key is forgotten now and again once that transaction ends: until its COMMIT another thread
        still reads the old row, and must not keep it (enrollment left the laptop "in practice" on screen)."""
        rows = [(k, str(v)) for k, v in values.items()]
        if conn is not None:
            if self.CACHED.intersection(values):
                self._forget()
                self.db.when_written(self._forget)
            conn.executemany(_UPSERT, rows)
            return
        with self.db.transaction() as own:
            if self.CACHED.intersection(values):
                self._forget()
                self.db.when_written(self._forget)
            own.executemany(_UPSERT, rows)

    def pulled_forms(self) -> list[str]:
        """The source (JSON) of every form version the district published and this store pulled."""
        rows = self.db.reader().execute("SELECT value FROM settings WHERE key LIKE 'form:%' ORDER BY key")
        return [source for (source,) in rows.fetchall()]

    def keep_form(self, form_id: str, version: int, definition: dict, conn) -> None:
        self.put({f"{FORM_KEY}{form_id}@{version}": to_json(definition)}, conn)

    def reference_data(self, name: str) -> ReferenceData | None:
        """The newest version pulled (or brought by a return bundle) of a reference data set; None before."""
        stored = self.get(REFERENCE_KEY + name)
        return ReferenceData(name=name, **json.loads(stored)) if stored else None

    def keep_reference_data(self, sets: list[ReferenceData], conn) -> None:
        """Each reference data set's version as pulled, the older one replaced: pull and return bundles bring
        them in publication order, so the last one applied is the district's newest."""
        self.put({REFERENCE_KEY + ref.name: to_json({"version": ref.version, "data": ref.data}) for ref in sets},
                 conn)  # fmt: skip
