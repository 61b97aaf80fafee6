"""The console in headless Chromium (Debian's /usr/bin/chromium driven by Playwright) against a real
`jaring-server serve` on a loopback port with seeded data: log in, move a complaint a step and see the overdue
one stay on top, confirm a duplicate, download the records as XLSX and read it back, check a receipt on the
public status page."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
import requests

from support.console_seed import DESA_A, DESA_B, NIK_RIZKI, ConsoleSeeder, add_complaint, serve_seeded
from sync.reference import status_code

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_screenshots import CHROMIUM, launch, log_in  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium: run `make system-deps`"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def test_console_in_a_real_browser(tmp_path):
    with serve_seeded(tmp_path) as (base, _settings, seeded), playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(accept_downloads=True)
        log_in(page, base)
        assert page.locator("#overdue-count").inner_text() == "1"

        page.click("header nav >> text=Pengaduan")
        fresh, old = seeded.complaints["fresh"][0], seeded.complaints["old"][0]
        order = page.locator("#complaints tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
        assert order == [old, fresh]  # the overdue one on top
        assert "overdue" in page.locator(f'tr[data-id="{old}"]').get_attribute("class")
        assert page.locator("#complaints select").count() == 0  # a plain list: steps are taken on the page

        page.locator(f'tr[data-id="{fresh}"] a').click()  # the complaint itself, before acting on it
        page.wait_for_url(f"{base}/console/complaints/{fresh}")
        assert page.locator('#answers tr[data-field="kategori"] td').inner_text() != ""
        page.locator("#step-form select[name=step]").select_option("diverifikasi")
        page.fill("#step-form input[name=note]", "sudah dicek")
        page.locator("#step-form button").click()
        page.wait_for_url(f"{base}/console/complaints")  # back on the list
        assert page.locator(f'tr[data-id="{fresh}"] td.status').inner_text().startswith("Diverifikasi")
        page.goto(f"{base}/console/complaints/{fresh}")
        assert "sudah dicek" in page.locator("#events").inner_text()

        page.click("header nav >> text=Data ganda")
        pairs = page.locator("section.pair")
        assert pairs.count() == 4
        muhamad = "/".join(seeded.members["muhamad"])
        pair = page.locator(f'section.pair[data-a="{muhamad}"], section.pair[data-b="{muhamad}"]')
        pair.locator("input[name=confirm]").check()  # linking asks once
        pair.locator("button[value=linked]").click()
        page.wait_for_url("**/console/quality/duplicates?*msg=linked*")
        assert page.locator(".flash").inner_text() == "Disatukan sebagai satu orang."
        assert pairs.count() == 3 and page.locator("#undo-form button").count() == 1
        page.goto(f"{base}/console/records/{seeded.households['muhamad']}")
        assert page.locator("#members a.link").count() == 1  # the member now names the same person elsewhere

        page.goto(f"{base}/console/records?q={NIK_RIZKI}")
        with page.expect_download() as info:
            page.click("#export-xlsx")
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.suffix == ".xlsx"
        rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
        assert rows[0][:2] == ("No. KK", "Kepala keluarga")
        assert {r[1] for r in rows[1:]} == {"Muhammad Rizki", "Rizky Pratama"}

        page.goto(f"{base}/status")
        page.fill("input[name=ref]", seeded.complaints["fresh"][1])
        page.fill("input[name=code]", status_code(fresh))  # printed on the receipt below the number
        page.click("form >> button")
        assert page.locator("#result .status b").inner_text() == "Diverifikasi"
        assert "Muhammad" not in page.content() and fresh not in page.content()  # nothing personal
        browser.close()


def chosen(url: str) -> dict[str, list[str]]:
    """The filters a list URL carries (the browser also sends the empty ones)."""
    return parse_qs(urlsplit(url).query)


def test_worklist_filter_one_desa_overdue_act_and_land_back(tmp_path):
    """Issue 30: filter to one desa's overdue complaints, open one, act on it, and land on the same list."""
    with serve_seeded(tmp_path) as (base, settings, seeded), playwright_api.sync_playwright() as playwright:
        seeder = ConsoleSeeder(requests.Session(), settings, base)
        other_desa = add_complaint(seeder, seeder.enroll("b2", DESA_B), DESA_B, 7, "2026-01-03T03:00:00Z")
        old = seeded.complaints["old"][0]
        browser = launch(playwright)
        page = browser.new_page()
        log_in(page, base)
        page.goto(f"{base}/console/complaints")
        assert page.locator("#complaints tbody tr").count() == 3
        page.select_option("select[name=area]", DESA_A)
        page.check("input[name=overdue]")
        page.locator("#worklist-filters button").click()
        page.wait_for_url("**/console/complaints?*")
        listed = page.url
        ids = page.locator("#complaints tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")
        assert ids == [old] and other_desa not in ids
        assert page.locator("#count").inner_text().startswith("1 pengaduan")
        page.locator(f'tr[data-id="{old}"] a').click()
        page.wait_for_url(f"**/console/complaints/{old}?list=*")
        # rejecting without a reason is stopped in the browser; on the server it is the page with the message
        assert page.locator("#reject-form textarea[name=note]").get_attribute("required") is not None
        page.locator("#step-form select[name=step]").select_option("diverifikasi")
        page.locator("#step-form button").click()
        page.wait_for_url("**/console/complaints?*")
        assert chosen(page.url) == chosen(listed) == {"area": [DESA_A], "overdue": ["1"], "sort": ["due"]}
        assert page.locator("select[name=area]").input_value() == DESA_A
        assert page.locator("input[name=overdue]").is_checked()
        assert page.locator(f'tr[data-id="{old}"] td.status').inner_text().startswith("Diverifikasi")
        # no horizontal scrolling on a phone
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        log_in(phone, base)
        phone.goto(listed)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        browser.close()
