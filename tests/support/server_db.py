"""Helpers for the server's tests and bench: a fresh database per test (SQLite file or a PostgreSQL schema),
an app over it, enrolled devices and changes built the way the app builds them.

Migrating costs every server test the same nine steps, so a test that wants a database at the newest schema
gets one made once per process (per xdist worker): `migrated_sqlite` copies a SQLite file migrated once, and
`MigratedSchema` keeps one PostgreSQL schema migrated once and empties it between tests (DELETE, then the
rows the migrations themselves insert put back, the sequences restarted). A test of the migrations asks for an empty database instead.
"""

from __future__ import annotations

import atexit
import itertools
import os
import random
import shutil
import socket
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from forms.samples import make_household
from server.core.config import Settings
from server.core.db import _engines, get_engine, make_engine, session_scope
from server.core.migrate import alembic_config
from server.crud.devices import issue_code
from sync.hlc import HybridClock
from sync.keys import KeyPair
from sync.paths import flatten
from sync.protocol import PROTOCOL_HEADER, Change, EnrollRequest, PullPage, PushResponse

PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema of `base_url`'s database; the schema is dropped after."""
    schema = f"jaring_test_{uuid.uuid4().hex[:12]}"
    url = make_url(base_url)
    dsn = _dsn(base_url)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    finally:
        dispose_engines_of(schema)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _dsn(base_url: str) -> str:
    url = make_url(base_url)
    return f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"


def _upgrade(url: str) -> None:
    """Alembic's upgrade to head on `url` (what server.core.migrate does, without the server's keys: each
    test's server makes its own, as it would over a new database)."""
    engine = make_engine(url)
    try:
        config = alembic_config(url)
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
    finally:
        engine.dispose()


def dispose_engines_of(fragment: str) -> None:
    """Close the pooled connections of every cached engine whose URL contains `fragment`."""
    for key in [k for k in _engines if fragment in k]:
        _engines.pop(key).dispose()


_sqlite_template: Path | None = None


def migrated_sqlite(path: Path) -> str:
    """A SQLite database at `path` at the newest schema (a copy of one migrated once per process); its URL."""
    global _sqlite_template
    if _sqlite_template is None:
        folder = Path(tempfile.mkdtemp(prefix="jaring-schema-"))
        atexit.register(shutil.rmtree, folder, True)
        template = folder / "template.sqlite3"
        _upgrade(f"sqlite:///{template}")  # disposing the engine checkpoints WAL into the one file
        if Path(f"{template}-wal").exists():
            raise RuntimeError("the migrated SQLite template still has a WAL file after closing")
        _sqlite_template = template
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


class MigratedSchema:
    """One PostgreSQL schema of `base_url`'s database at the newest revision, kept for this process and
    emptied between tests with `reset()`. The rows the migrations insert (the revision counters) are kept
    in a side schema and put back after each emptying, so every test starts as over a new database."""

    def __init__(self, base_url: str) -> None:
        self.base_url, self.dsn = base_url, _dsn(base_url)
        self.head = ScriptDirectory.from_config(alembic_config(base_url)).get_current_head()
        self._create()
        atexit.register(self.drop)

    def _create(self) -> None:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.schema = f"jaring_test_{worker}_{uuid.uuid4().hex[:8]}"
        self.seed_schema = f"{self.schema}_seed"
        url = make_url(self.base_url)
        self.url = url.update_query_dict({"options": f"-csearch_path={self.schema}"}).render_as_string(
            hide_password=False
        )
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{self.schema}"')
            conn.execute(f'CREATE SCHEMA "{self.seed_schema}"')
        _upgrade(self.url)
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            self.tables = self._tables(conn)
            for table in self.tables:
                if conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{self.schema}"."{table}")').fetchone()[0]:
                    conn.execute(
                        f'CREATE TABLE "{self.seed_schema}"."{table}" AS TABLE "{self.schema}"."{table}"'
                    )
            self.seeded = self._tables(conn, self.seed_schema)

    def _tables(self, conn: psycopg.Connection, schema: str | None = None) -> list[str]:
        rows = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version' ORDER BY table_name",
            (schema or self.schema,),
        )
        return [name for (name,) in rows]

    def reset(self) -> None:
        """Empty every table, put the migrations' own rows back and restart the sequences, in one round trip;
        a schema a test changed (another revision, a table more or less) or that stays locked is replaced by a
        newly migrated one. DELETE, not TRUNCATE: on tables this small TRUNCATE (new files per table) took ~5x as long."""
        dispose_engines_of(self.schema)
        s, seed = self.schema, self.seed_schema
        try:
            with psycopg.connect(self.dsn) as conn:
                version = conn.execute(f'SELECT version_num FROM "{s}".alembic_version').fetchall()
                if version != [(self.head,)] or self._tables(conn) != self.tables:
                    raise LookupError("the schema is not the migrated one any more")
                sequences = [name for (name,) in conn.execute(
                    "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = %s", (s,)
                )]  # fmt: skip
                conn.execute(
                    "SET LOCAL lock_timeout = '10s'; SET LOCAL session_replication_role = replica;"  # no FK checks
                    + "".join(f'DELETE FROM "{s}"."{t}";' for t in self.tables)
                    + "".join(f'INSERT INTO "{s}"."{t}" SELECT * FROM "{seed}"."{t}";' for t in self.seeded)
                    + "".join(f'ALTER SEQUENCE "{s}"."{q}" RESTART;' for q in sequences)
                )
        except (psycopg.Error, LookupError):
            self.drop()
            self._create()

    def drop(self) -> None:
        """Drop both schemas; one still locked by a connection a test left open is left behind instead of
        waiting for it (its name says which run it came from)."""
        dispose_engines_of(self.schema)
        try:
            with psycopg.connect(self.dsn, autocommit=True) as conn:
                conn.execute("SET lock_timeout = '10s'")
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.seed_schema}" CASCADE')
        except psycopg.Error:
            pass


_schemas: dict[str, MigratedSchema] = {}


def drop_migrated_schemas() -> None:
    """Drop this process's migrated schemas (at the end of a test session; atexit is the fallback)."""
    while _schemas:
        _schemas.popitem()[1].drop()


def migrated_schema(base_url: str) -> MigratedSchema:
    """This process's migrated schema of `base_url`'s database (made on first use)."""
    if base_url not in _schemas:
        _schemas[base_url] = MigratedSchema(base_url)
    return _schemas[base_url]


def free_port() -> int:
    """A loopback port free right now (for a server started in another process, which must bind it itself;
    in this process bind port 0 and read it back instead: nobody can take it in between)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def server_counts(settings) -> tuple[int, int]:
    """(records, distinct change ids) the district holds."""
    from sqlalchemy import text

    with session_scope(get_engine(settings.database_url)) as session:
        records = session.execute(text("SELECT count(*) FROM record")).scalar_one()
        changes = session.execute(text("SELECT count(*), count(DISTINCT change_id) FROM change_log")).one()
    return records, changes


def push(client, device: SimDevice, changes: list[Change], **kw: Any) -> PushResponse:
    """POST a batch of `device`'s changes through the real push route (a TestClient); the parsed response."""
    response = client.post(PUSH, json=device.batch(changes, **kw), headers=device.headers)
    assert response.status_code == 200, response.text
    return PushResponse.model_validate(response.json())


def pull_all(client, device: SimDevice, cursor: int = 0, limit: int = 500) -> tuple[dict, int]:
    """Pull every page for `device` from `cursor`: (record id -> PulledRecord, the final cursor)."""
    records = {}
    while True:
        response = client.get(PULL, params={"cursor": cursor, "limit": limit},
                              headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
        assert response.status_code == 200, response.text
        page = PullPage.model_validate(response.json())
        records.update({r.record_id: r for r in page.records})
        cursor = page.next_cursor
        if not page.has_more:
            return records, cursor
