"""Shared test set-up: offscreen Qt before anything imports it, and the real PostgreSQL when reachable."""

from __future__ import annotations

import os
import socket

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

POSTGRES_URL = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The real PostgreSQL's URL; skips with the reason when nothing listens on 127.0.0.1:5432."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (needed for this test)")
    return POSTGRES_URL


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh, empty data directory for the app, also exported as JARING_DATA_DIR."""
    d = tmp_path / "data"
    d.mkdir()
    monkeypatch.setenv("JARING_DATA_DIR", str(d))
    return d
