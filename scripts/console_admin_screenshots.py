"""Screenshots of the console's admin pages from a real `jaring-server serve` in headless Chromium.

    .venv/bin/python scripts/console_admin_screenshots.py

Starts the server on a free port over a throwaway SQLite data dir, seeds it the way the district would
(`jaring-server create-admin`, `enroll-code`, `import-list`; devices enrolling and pushing over HTTP), then
logs in with Debian's /usr/bin/chromium (Playwright, no `playwright install`) and writes
docs/screenshots/console-admin-{dashboard,dashboard-phone,devices,code,forms,deadlines}.png.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the repository and the test helpers: tests/support

import openpyxl  # noqa: E402
import requests  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from forms.samples import make_complaint, make_household, nik_for  # noqa: E402
from support.server_db import SimDevice, enroll_request, verified_in_the_field  # noqa: E402
from support.server_process import server_process  # noqa: E402
from sync.paths import flatten  # noqa: E402
from sync.protocol import PROTOCOL_HEADER, PullPage  # noqa: E402
from sync.reference import make_reference  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SERVER = Path(sys.executable).with_name("jaring-server")
PASSWORD = "rahasia-panjang"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]  # fmt: skip
VILLAGES = {"62.03.01.2011": 6, "62.03.01.1006": 4, "62.03.01.1007": 3, "62.03.02.1001": 5}


def cli(env: dict, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [str(SERVER), *args], env=env, input=stdin, capture_output=True, text=True, check=True
    )
    return done.stdout


def enroll(base: str, env: dict, area: str, label: str) -> SimDevice:
    code = cli(env, "enroll-code", "--area", area).strip().splitlines()[-1]
    body, keys = enroll_request(code, label=label)
    body["app_version"] = version("jaring")  # as the installed app reports itself
    data = requests.post(f"{base}/api/v1/enroll", json=body, timeout=30).json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys)


def push(base: str, device: SimDevice, changes: list) -> None:
    response = requests.post(f"{base}/api/v1/sync/push", json=device.batch(changes), headers=device.headers,
                             timeout=60)  # fmt: skip
    response.raise_for_status()
    refused = [r["rejections"] for r in response.json()["results"] if r["status"] == "rejected"]
    if refused:
        raise RuntimeError(f"the server refused seeded changes: {refused}")


def seed(base: str, env: dict, folder: Path) -> None:
    cli(env, "create-admin", "kepala.dinsos", "--password-stdin", stdin=PASSWORD + "\n")
    cli(env, "create-user", "tksk.selat", "--area", "62.03.01", "--password-stdin", stdin=PASSWORD + "\n")
    devices = {}
    serial = 0
    for number, (desa, households) in enumerate(VILLAGES.items(), start=1):
        device = enroll(base, env, desa, f"Laptop desa {number}")
        devices[desa] = device
        changes = []
        for _ in range(households):
            serial += 1
            changes.append(
                device.create(make_household(random.Random(serial), desa, date(2026, 11, 1), serial=serial))
            )
        push(base, device, changes)
        for n in range(1, 3):
            complaint = device.create(make_complaint(random.Random(serial + n), desa), kind="complaint",
                                      form_id="pengaduan")  # fmt: skip
            complaint = complaint.model_copy(update={"reference": make_reference(desa, 1, number * 10 + n)})
            push(base, device, [complaint])
            if n == 1:  # received a week ago: overdue for verification
                at = (datetime.now(UTC) - timedelta(days=7)).isoformat().replace("+00:00", "Z")
                event = device.change(f"ev-{complaint.record_id}", {"complaint_id": complaint.record_id,
                                      "step": "diterima", "at": at}, kind="complaint_event", form_id="",
                                      form_version=0)  # fmt: skip
                push(base, device, [event])
    enroll(base, env, "62.03.01.1007", "Laptop cadangan")  # enrolled, never synced
    revoked = enroll(base, env, "62.03.02.1001", "Laptop hilang")
    cli(env, "device", "revoke", revoked.device_id)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["desa", "no_kk", "kepala_keluarga", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "hubungan"]
    )
    born = date(1975, 1, 1)
    for i in range(12):
        desa = list(VILLAGES)[i % 3]
        sheet.append([desa, f"62030101011500{i + 1:02d}", f"Kepala {i}", nik_for(desa, "L", born, 500 + i), f"Kepala {i}",
                      "L", born.isoformat(), "kepala"])  # fmt: skip
    book.save(folder / "dtks.xlsx")
    cli(env, "import-list", str(folder / "dtks.xlsx"))
    # field workers verify some imported households: three in Pulau Telo, one in Murung Keramat
    for desa, verify in (("62.03.01.2011", 3), ("62.03.01.1006", 1)):
        device = devices[desa]
        pulled = requests.get(f"{base}/api/v1/sync/pull", headers={**device.headers, PROTOCOL_HEADER: "1"},
                              timeout=60).json()  # fmt: skip
        imported = [r for r in PullPage.model_validate(pulled).records if r.review_flags][:verify]
        push(base, device, [device.change(r.record_id, flatten(verified_in_the_field(r.answers)), base_rev=r.rev)
                            for r in imported])  # fmt: skip


def shoot(base: str) -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(f"{base}/console/login")
        page.fill("input[name=username]", "kepala.dinsos")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/console/")

        def save(name: str, target=page, full: bool = True) -> None:  # noqa: ANN001
            path = OUT / f"console-admin-{name}.png"
            target.screenshot(path=str(path), full_page=full)
            written.append(path)

        save("dashboard")
        page.goto(f"{base}/console/devices")
        save("devices")
        page.fill("#issue-code input[name=area]", "62.03.01.2011")
        page.click("#issue-code button")
        page.wait_for_selector("#code")
        save("code", full=False)
        page.goto(f"{base}/console/forms")
        page.set_input_files("input[name=definition]", files=[{"name": "pengaduan@3.json", "mimeType": "application/json",
                            "buffer": b'{"form_id": "pengaduan", "version": 3, "kind": "complaint", "title": {"id": "x", "en": "x"}, "fields": [{"name": "x", "type": "nope"}]}'}])  # fmt: skip
        page.click("#publish button")
        page.wait_for_selector("#error")
        save("forms")
        page.goto(f"{base}/console/deadlines")
        save("deadlines", full=False)
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        phone.context.add_cookies(page.context.cookies())
        phone.goto(f"{base}/console/")
        save("dashboard-phone", target=phone, full=False)
        browser.close()
    return written


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="jaring-console-shots-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "JARING_SERVER_DATA_DIR": str(folder / "data")}
        env.pop("JARING_DATABASE_URL", None)
        cli(env, "migrate")
        with server_process(folder / "data") as base:
            seed(base, env, folder)
            for path in shoot(base):
                print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
