"""Issue 26: the console under its Content-Security-Policy in real Chromium (Debian's /usr/bin/chromium through
Playwright, a real seeded `jaring-server serve`): every page loads its stylesheet and photo, nothing on any
page is refused by the policy (Chromium reports each refusal on the console), and another site cannot frame it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from support.console_seed import serve_seeded

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from console_screenshots import CHROMIUM, launch, log_in  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="no /usr/bin/chromium: run `make system-deps`"),
]
playwright_api = pytest.importorskip("playwright.sync_api")


def test_every_console_page_works_under_its_content_security_policy(tmp_path):
    with serve_seeded(tmp_path) as (base, _settings, seeded), playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        refusals: list[str] = []
        page.on("console", lambda m: refusals.append(m.text) if "Content Security Policy" in m.text else None)
        log_in(page, base)
        paths = ["/console/", "/console/complaints", f"/console/complaints/{seeded.complaints['old'][0]}",
                 "/console/records", f"/console/records/{seeded.households['rizki']}", "/console/devices",
                 "/console/forms", "/console/deadlines", "/console/quality/duplicates", "/console/quality/review",
                 "/console/quality/no-nik", "/status"]  # fmt: skip
        for path in paths:
            answer = page.goto(base + path)
            assert answer.status == 200, path
            assert "default-src 'none'" in answer.headers["content-security-policy"]
            # The stylesheet applied (the header's background comes from console.css only).
            assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") not in (
                "rgba(0, 0, 0, 0)", "transparent")  # fmt: skip
        page.goto(f"{base}/console/records/{seeded.households['rizki']}")
        photo = page.locator("img").first
        assert photo.evaluate(
            "img => img.complete && img.naturalWidth > 0"
        )  # the household photo, same origin
        page.goto(f"{base}/console/forms")
        bars = page.locator("progress.bar")
        assert bars.count() >= 1 and bars.first.bounding_box()["width"] > 20  # no inline style needed
        assert refusals == []

        # Another site framing the console: Chromium refuses to show it (frame-ancestors / X-Frame-Options).
        framing = tmp_path / "frame.html"
        framing.write_text(
            f'<iframe src="{base}/console/login"></iframe><iframe src="{base}/api/v1/health"></iframe>'
        )
        other = browser.new_page()
        other.goto(framing.as_uri())
        other.wait_for_timeout(1500)
        assert (
            other.frame(url=f"{base}/api/v1/health") is not None
        )  # the control: a JSON answer may be framed
        login = other.frame(url=lambda url: url.startswith(f"{base}/console"))
        assert login is None or login.locator("input[name=username]").count() == 0
        browser.close()
