"""Screenshots of the console's monthly DTSEN package page (issue #34) by headless Chromium from a real, seeded
server: proposals pushed by two desa laptops (one NIK proposed by both, one impossible NIK), at 1366×768 and
at 125 %.

    .venv/bin/python scripts/dtsen_console_screenshots.py [out-dir]      # default docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "scripts")]

from console_screenshots import launch, log_in  # noqa: E402

from support.console_seed import serve_seeded  # noqa: E402
from support.server_db import SimDevice, enroll_request, new_code  # noqa: E402

MONTH = date.today().strftime("%Y-%m")
PEOPLE = {
    "62.03.01.2011": [("Siti Aminah", "6203014101900002", "tambah", ""), ("Yohanes Rahman", "6203011003960009",
                      "hapus", "pindah"), ("Rina Wati", "6203015502880001", "sanggah", "")],
    "62.03.01.1006": [("Siti Aminah", "6203014101900002", "tambah", ""), ("Dedi Kurnia", "6203019999999999",
                      "tambah", ""), ("Agus Salim", "6203010707770001", "hapus", "meninggal")],
}  # fmt: skip


def seed(base: str, settings) -> None:  # noqa: ANN001 - Settings
    for desa, people in PEOPLE.items():
        body, keys = enroll_request(new_code(settings, desa))
        answer = requests.post(base + "/api/v1/enroll", json=body, timeout=10).json()
        device = SimDevice(answer["device_id"], answer["token"], answer["area"], keys)
        changes = []
        for name, nik, kind, reason in people:
            answers = {"jenis": kind, "nama": name, "nik": nik, "desa": desa, "tanggal": f"{MONTH}-02",
                       "alasan": "Hasil musyawarah dusun", "keputusan_musdes": "disepakati_musdes",
                       "tanggal_musdes": f"{MONTH}-05", **({"alasan_hapus": reason} if reason else {}),
                       **({"sanggah_atas": "desil", "desil": 7} if kind == "sanggah" else {})}  # fmt: skip
            changes.append(device.create(answers, kind="proposal", form_id="usulan"))
        pushed = requests.post(base + "/api/v1/sync/push", json=device.batch(changes), headers=device.headers,
                               timeout=30)  # fmt: skip
        pushed.raise_for_status()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as folder, serve_seeded(Path(folder)) as (base, settings, _seeded):
        seed(base, settings)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for scale, suffix in ((1, ""), (1.25, "-125")):
                    context = browser.new_context(
                        viewport={"width": 1366, "height": 768}, device_scale_factor=scale
                    )
                    page = context.new_page()
                    log_in(page, base)
                    page.goto(f"{base}/console/dtsen?month={MONTH}")
                    target = out / f"console-dtsen{suffix}.png"
                    page.screenshot(path=target, full_page=True)
                    print(target)
                    context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
