"""The PyInstaller bundle builds from build.spec, stays lean, and its own self-check passes offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "build"),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    folder = out / "dist" / "jaring"
    size_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    print(f"\nbundle size: {size_mb:.0f} MB unpacked")
    return folder


def run_bundled(bundle: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("JARING_DATA_DIR", None)
    return subprocess.run(
        [str(bundle / "jaring"), *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_bundled_version(bundle):
    from app import __version__

    result = run_bundled(bundle, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"jaring {__version__}"


def test_bundled_selfcheck_passes_offscreen(bundle, tmp_path):
    result = run_bundled(bundle, "--data-dir", str(tmp_path), "selfcheck")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert "semua baik" in result.stdout
    checked = {line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("OK")}
    assert {"resources", "forms", "store", "window"} <= checked  # the bundle really ran each one


def test_selfcheck_reports_each_failing_check_and_exits_1(monkeypatch, capsys, tmp_path):
    from app.commands import selfcheck

    def broken(_workdir):
        raise RuntimeError("font missing")

    monkeypatch.setattr(selfcheck, "CHECKS", [("forms", selfcheck.check_forms), ("fonts", broken)])
    assert selfcheck.run(None) == 1
    out = capsys.readouterr().out
    assert "OK   forms" in out and "GAGAL/FAIL fonts: RuntimeError: font missing" in out


def test_bundle_leaves_out_what_villages_never_use(bundle):
    names = {p.name for p in (bundle / "_internal").rglob("*")}
    assert not any(
        n.startswith(("libQt6Quick", "libQt6Qml", "libQt6Pdf", "libQt6WebEngine", "libgtk-3")) for n in names
    )
    assert not (bundle / "_internal" / "server").exists()
    assert not (bundle / "_internal" / "fastapi").exists()
    # what the app needs is there: form definitions, fonts for receipts, the region data
    assert (bundle / "_internal" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    assert (bundle / "_internal" / "resources" / "regions" / "regions.tsv.gz").is_file()


def test_bundle_size_within_budget(bundle):
    size_mb = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    assert size_mb <= 150, f"bundle is {size_mb:.0f} MB unpacked (budget 150 MB)"


def test_windows_installer_script_compiles(bundle, tmp_path):
    import shutil

    if shutil.which("makensis") is None:
        pytest.skip("makensis (Debian package nsis) is not installed")
    from app import __version__

    out = tmp_path / "jaring-setup.exe"
    result = subprocess.run(
        [
            "makensis",
            "-V2",
            "-DFAST",
            f"-DVERSION={__version__}",
            f"-DBUNDLE_DIR={bundle}",
            f"-DOUT_FILE={out}",
            "jaring.nsi",
        ],
        cwd=ROOT / "packaging" / "windows",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes()[:2] == b"MZ"  # a Windows executable
