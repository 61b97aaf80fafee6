"""pytest fixtures shared by tests/test_server_*.py (import them by name into a test module).

`db_url` is parametrized over SQLite and the real PostgreSQL (a fresh schema per test, skipped with the
reason only when PostgreSQL is unreachable), so every test that uses it runs against both.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from server.api.main import create_app
from server.core.db import _engines
from server.testing import SimDevice, enroll_request, new_code, postgres_schema, settings_for


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
        yield url
        engine = _engines.pop(url, None)
        if engine is not None:
            engine.dispose()
        return
    base = request.getfixturevalue("postgres_url")
    with postgres_schema(base) as url:
        yield url


@pytest.fixture
def settings(db_url, tmp_path):
    return settings_for(db_url, tmp_path)


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as test_client:
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
