"""Screenshots of the console's pages for what was done for each person (issue #31), by headless Chromium
from a real, seeded server: the person page, coverage, the SPM report and the unserved list, at 1366×768 and
at 125 %. Seeds the console's data (tests/support/console_seed.py) plus the hand-counted services fixture
(tests/support/care.py) through the API, then links its duplicate pair.

    .venv/bin/python scripts/care_console_screenshots.py [out-dir]      # default docs/screenshots
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from console_screenshots import launch, log_in  # noqa: E402

from server.core.db import get_engine, session_scope  # noqa: E402
from server.crud.duplicates import decide  # noqa: E402
from support.care import fixture_care, fixture_households, member_of  # noqa: E402
from support.console_seed import serve_seeded  # noqa: E402
from support.server_db import SimDevice, enroll_request, new_code  # noqa: E402

DESA = "62.03.01.2011"


def seed_care(base: str, settings) -> dict[int, tuple[str, str]]:  # noqa: ANN001 - Settings
    body, keys = enroll_request(new_code(settings, DESA))
    answer = requests.post(base + "/api/v1/enroll", json=body, timeout=10).json()
    device = SimDevice(answer["device_id"], answer["token"], answer["area"], keys)
    households = fixture_households(DESA)
    changes = {n: device.create(h) for n, h in households.items()}
    persons = {n: (changes[n].record_id, member_of(h)[0]) for n, h in households.items()}
    care = [device.create(a, kind=form, form_id=form) for form, a in fixture_care(persons, DESA)]
    pushed = requests.post(base + "/api/v1/sync/push", json=device.batch([*changes.values(), *care]),
                           headers=device.headers, timeout=30)  # fmt: skip
    pushed.raise_for_status()
    with session_scope(get_engine(settings.database_url)) as session:
        decide(session, scope="", one=persons[1], two=persons[5], decision="linked", actor="user:admin")
    return persons


def render_pdf(pdf: bytes, target: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "spm.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "90", "-png", "-singlefile", str(source), str(target.with_suffix(""))],
                       check=True)  # fmt: skip
    print(target)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as folder, serve_seeded(Path(folder)) as (base, settings, _seeded):
        persons = seed_care(base, settings)
        pages = {
            "person": f"/console/persons/{persons[1][0]}/{persons[1][1]}",
            "coverage": "/console/coverage?start=2026-11-01&end=2026-11-30",
            "spm": "/console/spm?start=2026-11-01&end=2026-11-30",
            "unserved": "/console/care/unserved?months=6&today=2026-12-08",
        }
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for scale, suffix in ((1, ""), (1.25, "-125")):
                    context = browser.new_context(
                        viewport={"width": 1366, "height": 768}, device_scale_factor=scale
                    )
                    page = context.new_page()
                    log_in(page, base)
                    for name, path in pages.items():
                        page.goto(base + path)
                        target = out / f"console-{name}{suffix}.png"
                        page.screenshot(path=target, full_page=True)
                        print(target)
                    if not suffix:  # the SPM PDF as a district prints it, rendered by poppler
                        pdf = context.request.get(base + pages["spm"] + "&format=pdf").body()
                        render_pdf(pdf, out / "console-spm-pdf.png")
                    context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
