"""Publishing an XLSForm in a real browser (Debian's Chromium driven by Playwright) against a real
`jaring-server serve`: a broken workbook is refused with its problem in words, a good one is previewed and
published, its definition downloads, and a device of the district then receives the new version by pull.
Screenshots of the preview at 1366×768 and at 125% go to docs/screenshots/ when JARING_SCREENSHOTS is set."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
import requests

from support.console_seed import serve_seeded
from support.xlsforms import odk_workbook
from sync.protocol import PROTOCOL_HEADER

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_screenshots import CHROMIUM, launch, log_in  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium: run `make system-deps`"),
]
playwright_api = pytest.importorskip("playwright.sync_api")
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def test_an_xlsform_published_from_the_browser_reaches_a_device(tmp_path):
    good = odk_workbook(tmp_path / "kunjungan.xlsx")
    csv = tmp_path / "harga.csv"
    (tmp_path / "b").mkdir()
    broken = odk_workbook(tmp_path / "b" / "rusak.xlsx", extra=[["video", "v", "Video", "Video", *[""] * 7]])
    with serve_seeded(tmp_path) as (base, _settings, seeded), playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1366, "height": 768})
        log_in(page, base)
        page.goto(f"{base}/console/forms")

        page.set_input_files("#xlsform input[name=workbook]", str(broken))
        page.set_input_files("#xlsform input[name=csv]", str(csv))
        page.click("#xlsform button")
        page.wait_for_selector("#problems")
        assert "type 'video'" in page.locator("#problems").inner_text()
        assert page.locator("#preview").count() == 0

        page.set_input_files("#xlsform input[name=workbook]", str(good))
        page.set_input_files("#xlsform input[name=csv]", str(csv))
        page.click("#xlsform button")
        page.wait_for_selector("#preview")
        assert page.locator("#questions tbody tr").count() == 19  # every question, group and repeat
        assert "pilihan disaring" in page.locator('#questions tr[data-name="kab"]').inner_text()
        if os.environ.get("JARING_SCREENSHOTS"):
            for scale, name in (
                (1, "console-xlsform-preview.png"),
                (1.25, "console-xlsform-preview-125.png"),
            ):
                context = browser.new_context(viewport={"width": 1366, "height": 768}, device_scale_factor=scale,
                                              storage_state=page.context.storage_state())  # fmt: skip
                shot = context.new_page()
                shot.goto(f"{base}/console/forms")
                shot.set_input_files("#xlsform input[name=workbook]", str(good))
                shot.set_input_files("#xlsform input[name=csv]", str(csv))
                shot.click("#xlsform button")
                shot.wait_for_selector("#preview")
                shot.locator("#preview").scroll_into_view_if_needed()
                shot.screenshot(path=str(SHOTS / name))
                context.close()
        page.click("#publish-xlsform")
        page.wait_for_selector("#notice")
        assert "kunjungan_rumah@2" in page.locator("#notice").inner_text()
        row = page.locator('tr[data-form="kunjungan_rumah@2"]')
        with page.expect_download() as info:
            row.locator("a.json").click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert json.loads(saved.read_text(encoding="utf-8"))["form_id"] == "kunjungan_rumah"
        with page.expect_download() as info:
            row.locator("a.xlsform").click()
        info.value.save_as(tmp_path / "back.xlsx")
        assert (tmp_path / "back.xlsx").read_bytes() == good.read_bytes()
        browser.close()

        device = next(iter(seeded.devices.values()))  # a laptop of the district, as the server knows it
        pulled = requests.get(f"{base}/api/v1/sync/pull", params={"cursor": 0}, timeout=30,
                              headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
        assert pulled.status_code == 200
        received = {(f["form_id"], f["version"]): f for f in pulled.json()["forms"]}
        assert received[("kunjungan_rumah", 2)]["definition"]["lists"]["harga"][0]["rupiah"] == "13500"
