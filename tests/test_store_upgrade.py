"""An update keeps the data: a store written by the PREVIOUS release of the app (schema version 1, taken
from git history and run as its own process) opens in this one after a backup copy is written, with its
records and a working search; a migration made to fail leaves the old file readable by the old app."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from app.services import search
from app.store import database
from app.store.database import DB_FILE, MigrationFailed
from app.store.store import Store
from support.store import PASSWORD

REPO = Path(__file__).resolve().parent.parent
# The last commit whose store schema was version 1 (search on FTS5 trigrams), before migration 0002.
PREVIOUS_RELEASE = "a9b1ccf96f60d222e036a7dca50edd3e14540c84"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def previous_app(tmp_path_factory) -> Path:
    """The previous release's source tree (app, forms, sync, resources), unpacked from git."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", PREVIOUS_RELEASE,
                              "app", "forms", "sync", "resources"], capture_output=True)  # fmt: skip
    if archive.returncode != 0:
        pytest.skip(f"the previous release {PREVIOUS_RELEASE[:9]} is not in this checkout's git history "
                    f"(a shallow clone?): {archive.stderr.decode(errors='replace').strip()}")  # fmt: skip
    where = tmp_path_factory.mktemp("previous-release")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(where, filter="data")
    return where


def run_previous(previous_app: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(previous_app), "JARING_PASSWORD": PASSWORD,
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data_dir), "--operator", "ani", *args],
                            cwd=previous_app, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def old_store(previous_app, tmp_path) -> Path:
    data = tmp_path / "data"
    run_previous(previous_app, data, "init", "--area", "62.03.01")
    run_previous(previous_app, data, "demo-data", "--households", "25")
    return data


def test_a_store_from_the_previous_release_opens_with_its_data_after_a_backup(old_store):
    before = {p.name for p in old_store.iterdir()}
    store = Store.open(old_store, "ani", PASSWORD)
    try:
        assert store.db.version() == max(v for v, _ in database.available_migrations()) >= 2
        totals = search.totals(store)
        assert totals["households"] == 25 and totals["persons"] > 25
        somebody = store.db.reader().execute("SELECT name FROM person ORDER BY name LIMIT 1").fetchone()[0]
        found = search.list_persons(store, query=somebody.split()[0])
        assert any(row.name == somebody for row in found.rows)  # the new search index was filled
    finally:
        store.close()
    backups = [
        p for p in old_store.iterdir() if p.name not in before and p.name.startswith(f"{DB_FILE}.backup-")
    ]
    assert len(backups) == 1 and backups[0].stat().st_size > 0


def test_a_failed_update_leaves_the_previous_release_working(old_store, previous_app, monkeypatch):
    def broken(conn):
        conn.execute("DELETE FROM person")
        raise OSError("disk full")

    latest_version, latest = database.available_migrations()[-1]
    monkeypatch.setattr(latest, "upgrade", broken)
    with pytest.raises(MigrationFailed) as failed:
        Store.open(old_store, "ani", PASSWORD)
    assert "dipulihkan" in failed.value.id and "restored" in failed.value.en
    status = json.loads(run_previous(previous_app, old_store, "status", "--json").stdout)
    assert status["households"] == 25 and status["persons"] > 25  # the old app still reads all of it
