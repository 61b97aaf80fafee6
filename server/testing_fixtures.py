"""pytest fixtures shared by tests/test_server_*.py (import them by name into a test module).

`db_url` is parametrized over SQLite and the real PostgreSQL (skipped with the reason only when PostgreSQL
is unreachable), so every test that uses it runs against both. A test that asks for `settings` (so also
`client` and `enroll`) wants a server over a new database: it gets one at the newest schema made once per
process (a copy of a migrated SQLite file; this worker's migrated PostgreSQL schema, emptied after the
test) — server.testing says how. A test that asks for `db_url` alone gets an empty database (a new file, a
new schema), as a test of the migrations needs.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server.api.main import create_app
from server.core.db import get_engine
from server.crud.keys import ensure_server_keys
from server.testing import (
    SimDevice,
    dispose_engines_of,
    enroll_request,
    migrated_schema,
    migrated_sqlite,
    new_code,
    postgres_schema,
    settings_for,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    migrated = "settings" in request.fixturenames
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        url = migrated_sqlite(path) if migrated else f"sqlite:///{path}"
        yield url
        dispose_engines_of(url)
        return
    base = request.getfixturevalue("postgres_url")
    if not migrated:
        with postgres_schema(base) as url:
            yield url
        return
    schema = migrated_schema(base)
    try:
        yield schema.url
    finally:
        schema.reset()


@pytest.fixture
def settings(db_url, tmp_path):
    return settings_for(db_url, tmp_path)


@pytest.fixture
def client(settings):
    """The API over `settings`' database, which is at the newest schema already (db_url): what create_app's
    migration on start would add is the server's keys (starting a real server migrates: sync_helpers)."""
    ensure_server_keys(get_engine(settings.database_url))
    with TestClient(create_app(settings, migrate_on_start=False)) as test_client:
        yield test_client


@pytest.fixture
def enroll(client, settings):
    """enroll(area) -> SimDevice, through the real POST /api/v1/enroll."""

    def _enroll(area: str = "62.03.01.2011") -> SimDevice:
        body, keys = enroll_request(new_code(settings, area))
        answer = client.post("/api/v1/enroll", json=body)
        assert answer.status_code == 200, answer.text
        data = answer.json()
        return SimDevice(data["device_id"], data["token"], data["area"], keys)

    return _enroll
