"""Screenshots of the district console's main pages, taken by headless Chromium from a real, seeded server.

    .venv/bin/python scripts/console_screenshots.py [out-dir]      # default docs/screenshots

Starts `jaring-server serve` on a free loopback port over a fresh SQLite database (tests/support/console_seed.py
seeds it through the API), logs in as the district admin and saves docs/screenshots/console-*.png. Needs
Debian's /usr/bin/chromium (`make system-deps`); Playwright drives it, no `playwright install`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the repository and the test helpers: tests/support

from support.console_seed import ADMIN, ADMIN_PASSWORD, Seeded, serve_seeded  # noqa: E402
from sync.reference import status_code  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip


def launch(playwright) -> Browser:  # noqa: ANN001 - the sync_playwright() object
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/console/login?lang=id")
    page.fill("input[name=username]", ADMIN)
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/")


def shoot(browser: Browser, base: str, seeded: Seeded, out: Path) -> list[Path]:
    """Every main page at a desktop width (1366×768), and the work lists, the pair view, the dashboard and the
    public status page at a phone's (375 px)."""
    out.mkdir(parents=True, exist_ok=True)
    a, b = ("|".join(seeded.members[n]) for n in ("muhammad", "muhamad"))
    pages = {
        "dashboard": "/console/",
        "complaints": "/console/complaints",
        "complaint": f"/console/complaints/{seeded.complaints['old'][0]}",
        "records": "/console/records",
        "household": f"/console/records/{seeded.households['rizki']}",
        "duplicates": "/console/quality/duplicates",
        "review": "/console/quality/review",
        "no-nik": "/console/quality/no-nik",
        "status": f"/status?ref={seeded.complaints['old'][1]}&code={status_code(seeded.complaints['old'][0])}",
        "pair": f"/console/quality/duplicates/pair?a={a}&b={b}",
        "persons": "/console/persons?q=rizki+muhammad",
        "devices": "/console/devices",
        "not-found": "/console/no-such-page",
    }
    phone_pages = {
        name: pages[name] for name in ("dashboard", "complaints", "duplicates", "pair", "review", "status")
    }
    saved = []
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    log_in(page, base)
    for name, path in pages.items():
        page.goto(base + path)
        saved.append(out / f"console-{name}.png")
        page.screenshot(path=saved[-1], full_page=True)
    context.close()
    phone = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=1)
    page = phone.new_page()
    log_in(page, base)
    for name, path in {"records": "/console/records", **phone_pages}.items():
        page.goto(base + path)
        saved.append(out / f"console-{name}-phone.png")
        page.screenshot(path=saved[-1], full_page=False)
    phone.close()
    return saved


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as folder, serve_seeded(Path(folder)) as (base, _settings, seeded):
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for path in shoot(browser, base, seeded, out):
                    print(path)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
