"""Helpers for the server's tests and bench: a fresh database per test (SQLite file or a PostgreSQL schema),
an app over it, enrolled devices and changes built the way the app builds them."""

from __future__ import annotations

import itertools
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from forms.samples import make_household
from server.core.config import Settings
from server.core.db import _engines, get_engine, session_scope
from server.crud.devices import issue_code
from sync.hlc import HybridClock
from sync.keys import KeyPair
from sync.paths import flatten
from sync.protocol import Change, EnrollRequest


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema of `base_url`'s database; the schema is dropped after."""
    schema = f"jaring_test_{uuid.uuid4().hex[:12]}"
    url = make_url(base_url)
    dsn = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        for key in [k for k in _engines if schema in k]:
            _engines.pop(key).dispose()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def settings_for(url: str, data_dir: Path, **overrides: Any) -> Settings:
    return Settings(data_dir=data_dir, database_url=url, **overrides)


def new_code(settings: Settings, area: str, **kw: Any) -> str:
    with session_scope(get_engine(settings.database_url)) as session:
        return issue_code(session, area=area, settings=settings, **kw)


@dataclass
class SimDevice:
    """A device as the server sees it: its identity, token and a hybrid clock for stamping changes."""

    device_id: str
    token: str
    area: str
    keys: KeyPair
    clock: HybridClock = field(init=False)
    _ids: Iterator[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self.clock = HybridClock(self.device_id)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def next_change_id(self) -> str:
        return f"c-{next(self._ids):06d}"

    def change(self, record_id: str, fields: dict[str, Any], *, kind: str = "household",
               form_id: str = "ppks_registration", form_version: int = 1, base_rev: int | None = None,
               deleted: bool = False, change_id: str | None = None) -> Change:  # fmt: skip
        """A change of flat `fields` (paths), each stamped by this device's clock."""
        return Change(change_id=change_id or self.next_change_id(), kind=kind, record_id=record_id,
                      base_rev=base_rev, form_id=form_id, form_version=form_version, fields=fields,
                      clocks={p: self.clock.tick() for p in fields}, deleted=deleted)  # fmt: skip

    def create(self, answers: dict, **kw: Any) -> Change:
        """A new record with its full state."""
        return self.change(kw.pop("record_id", None) or str(uuid.uuid4()), flatten(answers), **kw)

    def batch(self, changes: list[Change], batch_id: str | None = None) -> dict:
        return {"protocol": 1, "device_id": self.device_id, "batch_id": batch_id or f"b-{uuid.uuid4().hex[:8]}",
                "changes": [c.model_dump(mode="json") for c in changes]}  # fmt: skip


def enroll_request(code: str, label: str = "test laptop") -> tuple[dict, KeyPair]:
    keys = KeyPair.generate()
    request = EnrollRequest(code=code, sign_key=keys.sign_public, box_key=keys.box_public, app_version="test",
                            label=label)  # fmt: skip
    return request.model_dump(), keys


def verified_in_the_field(imported: dict) -> dict:
    """The imported household as a field worker completes it: the list's members and address kept, the rest
    of the form (consent, housing, each member's details) answered."""
    generated = make_household(random.Random(1), imported["alamat"]["desa"], date(2026, 11, 1))
    head = next(m for m in generated["anggota"].values() if m.get("hubungan") == "kepala")
    listed = {"_pos", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan", "nik_status", "ppks"}
    details = {k: v for k, v in head.items() if k not in listed}
    members = {mid: {**details, **member} for mid, member in imported["anggota"].items()}
    rest = {k: v for k, v in generated.items() if k not in ("anggota", "no_kk", "kepala_keluarga")}
    return {**rest, **imported, "alamat": {**generated["alamat"], **imported["alamat"]}, "anggota": members}
