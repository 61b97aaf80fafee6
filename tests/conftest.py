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
from fastapi.testclient import TestClient  # noqa: E402

from server.api.main import create_app  # noqa: E402
from server.core.db import get_engine  # noqa: E402
from server.crud.keys import ensure_server_keys  # noqa: E402
from support.server_db import (  # noqa: E402
    SimDevice,
    dispose_engines_of,
    enroll_request,
    migrated_schema,
    migrated_sqlite,
    new_code,
    postgres_schema,
    settings_for,
)

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


@pytest.fixture
def district(tmp_path):
    """A district server's database (SQLite, migrated) without a running server: (settings, engine), for the
    offline-bundle tests that import and write bundles as the TKSK's office does."""
    from server.core.config import Settings
    from server.core.db import get_engine as engine_of
    from server.core.migrate import migrate

    settings = Settings(
        data_dir=tmp_path / "server", database_url=migrated_sqlite(tmp_path / "server.sqlite3")
    )
    engine = engine_of(settings.database_url)
    migrate(settings.database_url, engine)
    return settings, engine


@pytest.fixture
def jaring_app(qapp, data_dir):
    """The whole app over `data_dir`, not started. The app closes and deletes its own windows as the person moves
    on (wizard or login to the main window, lock back to login), so they are not handed to qtbot, which would
    close them again after Qt deleted them; whatever is still open at the end, even after a failure half-way,
    is closed here and the session shut, so the next test starts clean."""
    import shiboken6

    from app.ui.app import JaringApp

    app = JaringApp(data_dir)
    yield app
    if app.main_window is not None and shiboken6.isValid(app.main_window):
        app.main_window.locking = True  # closed to tidy up, not to end the test process
    for window in (app.main_window, app.wizard, app.login):
        if window is not None and shiboken6.isValid(window):
            window.close()
            window.deleteLater()
    app.shutdown()


# The server's fixtures.
#
# `db_url` is parametrized over SQLite and the real PostgreSQL (skipped with the reason only when PostgreSQL
# is unreachable), so every test that uses it runs against both. A test that asks for `settings` (so also
# `client` and `enroll`) wants a server over a new database: it gets one at the newest schema made once per
# process (a copy of a migrated SQLite file; this worker's migrated PostgreSQL schema, emptied after the
# test) — support.server_db says how. A test that asks for `db_url` alone gets an empty database (a new file, a
# new schema), as a test of the migrations needs.


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
    migration on start would add is the server's keys (starting a real server migrates: support.live_server)."""
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
