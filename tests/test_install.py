"""The two installs, for real: the project's wheel, built once, installed into two fresh virtualenvs.

`pip install "jaring[laptop]"` runs the desktop app's command line with no FastAPI, psycopg, uvicorn or ORM in
reach; `pip install "jaring[server]"` runs `jaring-server` with no Qt or SQLCipher. pip resolves the same
versions this test run uses (a constraints file from the running environment), so it mostly installs from
pip's cache; it reads whatever index this machine's pip is configured with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from importlib.metadata import distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_MODULES = ["fastapi", "starlette", "uvicorn", "psycopg", "sqlalchemy", "sqlmodel", "alembic", "orjson"]
LAPTOP_MODULES = ["PySide6", "shiboken6", "sqlcipher3"]
VALID_NIK = "3201014507900001"  # Bogor, a woman born 5 July 1990

pytestmark = pytest.mark.slow


def run(*args: str | Path, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built from a copy of the sources (a build in place would leave build/ behind)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    for package in ("app", "sync", "forms", "server", "resources"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, src)
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = out.glob("jaring-*.whl")
    return found


@pytest.fixture(scope="module")
def constraints(tmp_path_factory) -> Path:
    """This environment's versions, so both installs resolve what the suite tests."""
    pins = sorted(
        {f"{d.metadata['Name']}=={d.version}" for d in distributions() if d.metadata["Name"] != "jaring"}
    )
    path = tmp_path_factory.mktemp("pins") / "constraints.txt"
    path.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return path


def make_venv(where: Path, wheel: Path, extra: str, constraints: Path) -> Path:
    made = run(sys.executable, "-m", "venv", where)
    assert made.returncode == 0, made.stderr
    installed = run(where / "bin" / "python", "-m", "pip", "install", "--quiet", "-c", constraints,
                    f"{wheel}[{extra}]", timeout=1800)  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]
    return where / "bin"


@pytest.fixture(scope="module")
def laptop(tmp_path_factory, wheel, constraints) -> Path:
    return make_venv(tmp_path_factory.mktemp("laptop") / "venv", wheel, "laptop", constraints)


@pytest.fixture(scope="module")
def server(tmp_path_factory, wheel, constraints) -> Path:
    return make_venv(tmp_path_factory.mktemp("server") / "venv", wheel, "server", constraints)


def importable(bin_dir: Path, modules: list[str]) -> list[str]:
    probe = "import importlib.util, sys; print(*[m for m in sys.argv[1:] if importlib.util.find_spec(m)])"
    result = run(bin_dir / "python", "-c", probe, *modules)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_laptop_install_runs_jaring_without_the_server_stack(laptop, tmp_path):
    assert importable(laptop, SERVER_MODULES) == []
    assert importable(laptop, LAPTOP_MODULES) == LAPTOP_MODULES
    imported = run(laptop / "python", "-c", "import app, app.cli, app.store.store, app.ui.main_window")
    assert imported.returncode == 0, imported.stderr
    version = run(laptop / "jaring", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"jaring {_version()}"
    checked = run(laptop / "jaring", "--data-dir", tmp_path, "nik", VALID_NIK)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "perempuan" in checked.stdout and "Bogor" in checked.stdout  # the region data came with the wheel


def test_the_laptop_install_says_the_server_is_not_installed(laptop):
    result = run(laptop / "jaring-server", "--help")
    assert result.returncode == 2, result.stdout + result.stderr
    assert 'pip install "jaring[server]"' in result.stderr and "Traceback" not in result.stderr


def test_the_laptop_install_passes_its_selfcheck(laptop, wheel, tmp_path):
    if "forms/expr/grammar.lark" not in zipfile.ZipFile(wheel).namelist():
        pytest.skip("the wheel lacks forms/expr/grammar.lark (package-data, docs/development.md#packaging)")
    result = run(laptop / "jaring", "--data-dir", tmp_path, "selfcheck", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "semua baik" in result.stdout


def test_the_server_install_runs_jaring_server_without_qt(server, tmp_path):
    assert importable(server, LAPTOP_MODULES) == []
    assert importable(server, SERVER_MODULES) == SERVER_MODULES
    imported = run(server / "python", "-c", "import server, server.api.main, server.web")
    assert imported.returncode == 0, imported.stderr
    helped = run(server / "jaring-server", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "serve" in helped.stdout
    migrated = run(server / "jaring-server", "migrate", env={"JARING_SERVER_DATA_DIR": str(tmp_path)})
    assert migrated.returncode == 0, (
        migrated.stdout + migrated.stderr
    )  # Alembic's scripts came with the wheel


def test_the_server_install_says_the_desktop_app_is_not_installed(server, tmp_path):
    result = run(server / "jaring", "--data-dir", tmp_path, "--version")
    assert result.returncode == 2, result.stdout + result.stderr
    assert 'pip install "jaring[laptop]"' in result.stderr and "Traceback" not in result.stderr


def _version() -> str:
    from app import __version__

    return __version__
