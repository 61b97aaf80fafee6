"""axe-core (from its npm package) in the console's browser tests: the file is found in a cache directory,
installed there with `npm install axe-core` the first time (JARING_AXE_DIR, default ~/.cache/jaring-axe), and
injected into a page of a context opened with `bypass_csp=True` (the console's Content-Security-Policy allows
no script but its own). `violations(page)` runs it and keeps the critical and serious ones."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

AXE_DIR = Path(os.environ.get("JARING_AXE_DIR", Path.home() / ".cache" / "jaring-axe"))
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SEVERE = ("critical", "serious")


def axe_script() -> Path | None:
    """The axe-core script, installed into the cache directory when missing and npm is there; None otherwise."""
    if not AXE_JS.exists() and shutil.which("npm"):
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), "axe-core"],
                       check=False, capture_output=True, timeout=300)  # fmt: skip
    return AXE_JS if AXE_JS.exists() else None


def violations(page, script: Path) -> list[str]:  # noqa: ANN001 - a Playwright page
    """axe's critical and serious violations on the page as it is now: "<rule> (<impact>): <target>…"."""
    page.add_script_tag(path=str(script))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in found if v.get("impact") in SEVERE]  # fmt: skip


def overflow(page) -> int:  # noqa: ANN001 - a Playwright page
    """How many pixels the page is wider than the window (0: it never scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
