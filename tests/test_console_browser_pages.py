"""Every console page in headless Chromium against a real, seeded `jaring-server serve` (issue 30): axe-core,
injected from its npm package, finds no critical or serious violation; at a phone's width (375 px) no page
scrolls sideways; each page has its own title."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from support.console_axe import axe_script, overflow, violations
from support.console_seed import serve_seeded
from sync.reference import status_code

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_screenshots import CHROMIUM, launch, log_in  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium: run `make system-deps`"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def console_pages(seeded) -> dict[str, str]:  # noqa: ANN001 - Seeded
    old, ref = seeded.complaints["old"]
    a, b = ("|".join(seeded.members[n]) for n in ("muhammad", "muhamad"))
    return {
        "dashboard": "/console/",
        "complaints": "/console/complaints",
        "my tasks": "/console/complaints?assigned=me",
        "complaint": f"/console/complaints/{old}",
        "records": "/console/records",
        "persons": "/console/persons?q=rizki",
        "household": f"/console/records/{seeded.households['rizki']}",
        "duplicates": "/console/quality/duplicates",
        "pair": f"/console/quality/duplicates/pair?a={a}&b={b}",
        "review": "/console/quality/review",
        "no-nik": "/console/quality/no-nik",
        "devices": "/console/devices",
        "forms": "/console/forms",
        "deadlines": "/console/deadlines",
        "audit": "/console/audit",
        "coverage": "/console/coverage",
        "spm": "/console/spm",
        "person": "/console/persons/" + "/".join(seeded.members["muhammad"]),
        "unknown": "/console/no-such-page",
        "status": f"/status?ref={ref}&code={status_code(old)}",
        "status empty": "/status",
    }


def test_every_page_passes_axe_fits_a_phone_and_has_its_own_title(tmp_path):
    script = axe_script()
    if script is None:
        pytest.skip("axe-core is not installed and npm cannot install it")
    with serve_seeded(tmp_path) as (base, _settings, seeded), playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        found, titles = {}, {}
        for width, height in ((1366, 768), (375, 812)):
            context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
            page = context.new_page()
            log_in(page, base)
            for name, path in console_pages(seeded).items():
                page.goto(base + path)
                if width == 375:
                    found[f"{name} (phone): sideways by"] = overflow(page)
                elif name != "status empty":  # the same page as "status", before a number is typed
                    titles[name] = page.title()
                found[f"{name} @{width}"] = violations(page, script)
            context.close()
        browser.close()
    bad = {k: v for k, v in found.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
    assert len(set(titles.values())) == len(titles), titles  # each page its own title
