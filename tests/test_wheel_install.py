"""The installed wheel is complete: a non-editable `pip install .` runs `jaring selfcheck` with every check
passing. (The grammar the form expressions are parsed with was once left out of the package data.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv with jaring installed from the source tree as a wheel. The dependencies are the test venv's
    own (a path in a .pth file, whose editable-install hook is not run), so nothing is downloaded."""
    where = tmp_path_factory.mktemp("wheel-venv") / "venv"
    venv.EnvBuilder(with_pip=True).create(where)
    python = where / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    Path(site, "test-venv-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # `pip install .` builds a wheel and installs it: the same two steps, the build by the test venv's setuptools
    # from a clean copy of the checkout (an in-tree build reuses build/ and *.egg-info from earlier builds)
    clean = tmp_path_factory.mktemp("checkout")
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (clean / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clean / name)
    wheels = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
                    str(wheels), str(clean)], check=True, capture_output=True, timeout=600)  # fmt: skip
    wheel = next(wheels.glob("jaring-*.whl"))
    result = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return where


def test_wheel_has_the_expression_grammar(installed):
    found = list(installed.rglob("site-packages/forms/expr/grammar.lark"))
    assert len(found) == 1


def test_installed_wheel_passes_selfcheck(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JARING_", "PYTHONPATH"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    where = subprocess.run([installed / "bin" / "python", "-c", "import app; print(app.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert str(installed) in where  # the installed copy runs, not the source tree
    result = subprocess.run([installed / "bin" / "jaring", "--data-dir", str(tmp_path / "data"), "selfcheck"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "GAGAL" not in result.stdout and "semua baik" in result.stdout
