"""Running Windows programs on this Linux machine with Wine 8.0 (Debian's wine64): a prefix per job.

Used by the Windows build (PyInstaller runs under Wine) and by tests/test_windows_installer.py (the
installer is installed and run in a fresh prefix). Wine 8.0 lacks a few things Windows 10 has; the test-only
shims in shims/ fill them (see docs/windows.md). They go into a Wine prefix, never into the installer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIMS = HERE / "shims"
MINGW = "x86_64-w64-mingw32-gcc"

# Each shim: its C source and the extra libraries it links. mscms is only needed for a real window.
SHIM_SOURCES = {
    "bcryptprimitives.dll": ("bcryptprimitives.c", ["-ladvapi32"]),
    "icuuc.dll": ("icuuc.c", []),
    "mscms.dll": ("mscms.c", []),
}


def missing_tools() -> list[str]:
    """The programs this module needs that are not installed (Debian: wine wine64 gcc-mingw-w64-x86-64-win32)."""
    return [tool for tool in ("wine", "wineserver", "wineboot", MINGW) if shutil.which(tool) is None]


def build_shims(out_dir: Path) -> Path:
    """Compile the shims once into out_dir (a rebuild only when a source is newer)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for dll, (source, extra) in SHIM_SOURCES.items():
        target, src = out_dir / dll, SHIMS / source
        if target.exists() and target.stat().st_mtime >= src.stat().st_mtime:
            continue
        subprocess.run(
            [MINGW, "-O2", "-Wall", "-shared", "-s", "-static-libgcc", "-o", str(target), str(src), *extra],
            check=True,
            capture_output=True,
        )
    return out_dir


def to_windows(path: Path | str) -> str:
    """A Linux path as a Windows program under Wine sees it (drive Z: is the Linux root)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


class Prefix:
    """One Wine prefix: a Windows user profile and registry in a folder. `create()` makes it fresh."""

    def __init__(self, path: Path, shims_dir: Path | None = None, display: str | None = None):
        self.path = Path(path)
        self.shims_dir = shims_dir
        self.display = display

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WINE", "QT_", "JARING_"))}
        env.pop("DISPLAY", None)
        env.update(
            WINEPREFIX=str(self.path),
            WINEARCH="win64",
            WINEDEBUG="-all",
            # no Mono/Gecko install prompts, no desktop menu entries written into the Linux home;
            # mscms: the shim (when installed) before Wine's own, which lacks WcsCreateIccProfile
            WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;mscms=n,b",
        )
        if self.display:
            env["DISPLAY"] = self.display
        env.update(extra or {})
        return env

    @property
    def system32(self) -> Path:
        return self.path / "drive_c" / "windows" / "system32"

    def user_dir(self) -> Path:
        """C:\\users\\<name> of the prefix's one user."""
        users = [p for p in (self.path / "drive_c" / "users").iterdir() if p.name not in ("Public", "public")]
        return users[0]

    def local_appdata(self) -> Path:
        return self.user_dir() / "AppData" / "Local"

    def create(self, *, fresh: bool = True, windows: str = "win10") -> Prefix:
        """A new prefix (the old one removed when fresh) claiming to be `windows` (Wine 8.0 says Windows 7 by
        default, which the installer refuses), with the shims when a shim folder is given."""
        if fresh and self.path.exists():
            self.kill()
            shutil.rmtree(self.path)
        if not (self.path / "system.reg").exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["wineboot", "--init"], env=self.env(), **_quiet(timeout=300))
            self.wait()
        subprocess.run(["wine", "winecfg", "-v", windows], env=self.env(), **_quiet(timeout=120))
        if self.shims_dir is not None:
            self.install_shims()
        return self

    def install_shims(self) -> None:
        for dll in SHIM_SOURCES:
            shutil.copyfile(self.shims_dir / dll, self.system32 / dll)

    def run(
        self,
        args: list[str],
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 600,
        check: bool = False,
    ) -> subprocess.CompletedProcess:
        """Run a Windows program; its output is read through pipes (Wine 8.0 fails a program whose
        stdout or stderr is a regular file: `init_sys_streams … WinError 6`)."""
        result = subprocess.run(
            ["wine", *args],
            cwd=cwd,
            env=self.env(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        if check and result.returncode != 0:
            raise RuntimeError(
                f"wine {' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result

    def wait(self, timeout: float = 300) -> None:
        """Until every program of this prefix has ended (an NSIS uninstaller re-launches itself and returns)."""
        subprocess.run(["wineserver", "-w"], env=self.env(), **_quiet(timeout=timeout))

    def kill(self) -> None:
        if self.path.exists():
            subprocess.run(["wineserver", "-k"], env=self.env(), **_quiet(timeout=60, check=False))


def _quiet(timeout: float, check: bool = True) -> dict:
    return dict(
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=timeout,
        check=check,
    )
