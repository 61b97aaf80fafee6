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


def ran(bin_dir: Path, command: str, *args: str | Path, status: int = 0, env: dict | None = None) -> str:
    """stdout of one of the install's commands, which must exit with `status`; stderr when that is not 0."""
    result = run(bin_dir / command, *args, env=env)
    assert result.returncode == status, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout if status == 0 else result.stderr


def assert_holds(bin_dir: Path, present: list[str], absent: list[str], imports: str) -> None:
    """`present` importable, `absent` not, and `imports` imports."""
    probe = "import importlib.util, sys; print(*[m for m in sys.argv[1:] if importlib.util.find_spec(m)])"
    assert ran(bin_dir, "python", "-c", probe, *present, *absent).split() == present
    ran(bin_dir, "python", "-c", f"import {imports}")


def test_the_laptop_install_runs_jaring_without_the_server_stack(laptop, tmp_path):
    assert_holds(laptop, LAPTOP_MODULES, SERVER_MODULES, "app, app.cli, app.store.store, app.ui.main_window")
    assert ran(laptop, "jaring", "--version").strip() == f"jaring {_version()}"
    checked = ran(laptop, "jaring", "--data-dir", tmp_path, "nik", VALID_NIK)
    assert "perempuan" in checked and "Bogor" in checked  # the region data came with the wheel


def test_the_laptop_install_says_the_server_is_not_installed(laptop):
    assert 'pip install "jaring[server]"' in ran(laptop, "jaring-server", "--help", status=2)


def test_the_laptop_install_passes_its_selfcheck(laptop, wheel, tmp_path):
    if "forms/expr/grammar.lark" not in zipfile.ZipFile(wheel).namelist():
        pytest.skip("the wheel lacks forms/expr/grammar.lark (package-data, docs/development.md#packaging)")
    out = ran(laptop, "jaring", "--data-dir", tmp_path, "selfcheck", env={"QT_QPA_PLATFORM": "offscreen"})
    assert "semua baik" in out


def test_the_server_install_runs_jaring_server_without_qt(server, tmp_path):
    assert_holds(server, SERVER_MODULES, LAPTOP_MODULES, "server, server.api.main, server.web")
    assert "serve" in ran(server, "jaring-server", "--help")
    # Alembic's scripts came with the wheel: a fresh SQLite database migrates.
    ran(server, "jaring-server", "migrate", env={"JARING_SERVER_DATA_DIR": str(tmp_path)})


def test_the_server_install_says_the_desktop_app_is_not_installed(server, tmp_path):
    assert 'pip install "jaring[laptop]"' in ran(
        server, "jaring", "--data-dir", tmp_path, "--version", status=2
    )


def _version() -> str:
    from app import __version__

    return __version__
