"""Shared test set-up: offscreen Qt before anything imports it, and the real PostgreSQL when reachable."""

from __future__ import annotations

import os
import socket
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Argon2id at the cheapest cost for every store, account and enrollment file the suite makes (and the
# processes it starts, which inherit it); tests/test_kdf_cost.py checks the production cost without it.
os.environ.setdefault("JARING_TEST_CHEAP_KDF", "1")

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


# Modules whose tests share one expensive module-scoped fixture: one worker runs each whole, or the fixture is
# made on every worker that gets one of its tests (the PyInstaller bundle, two PostgreSQL servers, the
# previous release unpacked). pytest-xdist's own xdist_group mark cannot say this with pytest 9.2: its
# loadgroup still rewrites the old `_nodeid` field, which pytest 9.2 no longer reads, so groups are silently
# ignored (pytest-xdist issue 1386).
RUN_TOGETHER = ("tests/test_packaging.py", "tests/test_server_postgres.py", "tests/test_store_upgrade.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` (make test): every test its own unit, handed out one at a time in collection order
    (longest first, below), except the RUN_TOGETHER modules, each one unit."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModulesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in RUN_TOGETHER else nodeid

    return ModulesTogether(config, log)


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL schema this process (an xdist worker) migrated once, before pytest-xdist ends it."""
    testing = sys.modules.get("server.testing")
    if testing is not None:
        testing.drop_migrated_schemas()


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist, the longest tests start first: the soaks, then the other slow ones. Each worker
    then takes one of them at the start and the rest of the suite fills the time beside them, instead of a
    soak starting last and running alone (`make test` uses `--dist loadgroup`, which hands out one test at
    a time in this order; a sequential run keeps the file order)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return

    def rank(item: pytest.Item) -> int:
        return 0 if item.get_closest_marker("soak") else 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)  # stable: the file order within each rank
