"""Screenshots of the complaints work list (issue 30) at 1366×768 and at a phone's width, over a seeded server
with 80 more complaints in two desa (some overdue), so the list pages:

    .venv/bin/python scripts/worklist_screenshots.py [out-dir]      # default docs/screenshots

Saves worklist-desktop.png, worklist-filtered.png, worklist-phone.png and worklist-reject.png.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the repository and the test helpers: tests/support
sys.path.insert(0, str(ROOT / "scripts"))

from console_screenshots import launch, log_in  # noqa: E402

from server.core.clock import utcnow  # noqa: E402
from support.console_seed import DESA_A, DESA_B, ConsoleSeeder, add_complaint, serve_seeded  # noqa: E402


def seed_more(seeder: ConsoleSeeder, count: int = 80) -> None:
    devices = {DESA_A: seeder.enroll("wl-a", DESA_A), DESA_B: seeder.enroll("wl-b", DESA_B)}
    for n in range(count):
        desa = DESA_A if n % 3 else DESA_B
        at = (utcnow() - timedelta(days=(n * 7) % 45)).isoformat().replace("+00:00", "Z")
        add_complaint(seeder, devices[desa], desa, 100 + n, at)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, serve_seeded(Path(folder)) as (base, settings, seeded):
        seed_more(ConsoleSeeder(requests.Session(), settings, base))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            desk = browser.new_page(viewport={"width": 1366, "height": 768})
            log_in(desk, base)
            shots = {
                "worklist-desktop.png": (desk, "/console/complaints"),
                "worklist-filtered.png": (desk, f"/console/complaints?area={DESA_A}&overdue=1&sort=age"),
                "worklist-reject.png": (
                    desk,
                    f"/console/complaints/{seeded.complaints['old'][0]}?list=overdue%3D1",
                ),
            }
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            log_in(phone, base)
            shots["worklist-phone.png"] = (phone, f"/console/complaints?area={DESA_A}&overdue=1")
            for name, (page, path) in shots.items():
                page.goto(base + path)
                page.screenshot(path=out / name, full_page=name == "worklist-reject.png")
                print(out / name)
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
