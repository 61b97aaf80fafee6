"""Desktop benchmarks, each next to a baseline measured in the same run.

1. cold start to the login window: a fresh `python` process from source (QApplication, Jaring's app object,
   the login screen shown) vs a bare QApplication showing an empty window — median of 5 starts each;
2. the persons screen over N persons (filled through the store's own projection writer, not measured):
   first page and search-as-you-type p50/p95, each prefix of each query typed one letter at a time through
   the service the persons list calls (app.services.search), next to the first page (the unfiltered scan);
3. peak RSS (VmHWM: ru_maxrss would carry over the parent's peak across fork+exec) of a process that logs
   in and shows the main window with the persons list's first page loaded, vs the bare window's.

    .venv/bin/python bench/ui.py [--persons 200000]
Targets: start <= 1.5 s, search p95 <= 50 ms, RSS <= 250 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from app.services import search  # noqa: E402
from app.store.store import Store  # noqa: E402
from forms.samples import make_household  # noqa: E402
from sync.protocol import EnrollAnswer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DESA = "62.03.01.2011"
PASSWORD = "bench-password"

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1]); w = QWidget(); w.show()
def ready():
    print("READY", int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))), flush=True); app.quit()
QTimer.singleShot(0, ready); app.exec()
"""

JARING = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.services import settings
from app.ui.app import JaringApp
from app.ui.translations import apply_language
app = QApplication(sys.argv[:1])
data_dir = sys.argv[1]
apply_language(settings.load(data_dir).language)
jaring = JaringApp(data_dir)
jaring.start()
def ready():
    print("READY", int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))), flush=True)
    if len(sys.argv) < 3:
        app.quit(); return
    login = jaring.login
    login.password.setText(sys.argv[2])
    def shown(window):
        model = window.persons_view.model
        model.loaded.connect(lambda: (print("LOADED", model.rowCount(),
                             int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM"))), flush=True), app.quit()))
    jaring.main_window_shown.connect(shown)
    login.login()
QTimer.singleShot(0, ready); app.exec(); jaring.shutdown()
"""


def run_child(code: str, *args: str) -> tuple[float, list[list[str]]]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PYTHONPATH": str(ROOT),
    }
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)  # fmt: skip
    lines: list[list[str]] = []
    ready_at = None
    for line in proc.stdout:
        if line.startswith("READY") and ready_at is None:
            ready_at = time.perf_counter() - start
        lines.append(line.split())
    proc.wait(timeout=120)
    if ready_at is None:
        raise SystemExit(f"child failed (exit {proc.returncode})")
    return ready_at, lines


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def fill(store: Store, persons: int) -> None:
    """Bulk-fill through the store's own projection writer, 500 records per transaction (as bench/store.py)."""
    from forms.projection import project
    from forms.validate import calculate

    rng = random.Random(7)
    form = store.form("ppks_registration")
    made = 0
    while made < persons:
        with store.db.transaction() as conn:
            for _ in range(500):
                answers = calculate(form, make_household(rng, DESA, serial=made))
                rid = f"bench-{made}"
                conn.execute("INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, origin_device, "
                             "created_by, created_at, updated_at) VALUES (?, 'household', 'ppks_registration', 1, "
                             "'{}', '{}', ?, 'b', 'b', '', '')", (rid, DESA))  # fmt: skip
                rows = project(form, answers)
                store._write_projections(conn, rid, form, rows, None, new=True)
                made += len(rows.persons)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store, _ = Store.init(data_dir, "bench", PASSWORD, area="62.03.01")
        store.apply_enrollment(EnrollAnswer(device_id="bench-device", device_number=1, token="t", area="62.03.01",
                                            server_sign_key="", server_box_key=""))  # fmt: skip

        # 1. cold start (store present, so the login screen is what opens)
        bare = [run_child(BARE)[0] for _ in range(5)]
        jaring = [run_child(JARING, str(data_dir))[0] for _ in range(5)]
        b, j = statistics.median(bare), statistics.median(jaring)
        print(f"cold start to the first window, median of 5: Jaring login {j * 1000:.0f} ms, bare QApplication + "
              f"empty window {b * 1000:.0f} ms (ratio {j / b:.2f}; target <= 1500 ms)")  # fmt: skip

        # 2. search as you type through the service
        started = time.perf_counter()
        fill(store, args.persons)
        total = search.totals(store)["persons"]
        print(f"(filled {total} persons in {time.perf_counter() - started:.0f} s, not measured)")
        first = []
        for _ in range(20):
            t = time.perf_counter()
            search.list_persons(store, query="")
            first.append((time.perf_counter() - t) * 1000)
        typed = []
        for word in ("siti nur", "muhammad r", "hidayat", "sapu", "620301", "dewi", "agus s", "pulau"):
            for n in range(1, len(word) + 1):
                t = time.perf_counter()
                search.list_persons(store, query=word[:n])
                typed.append((time.perf_counter() - t) * 1000)
        store.close()
        print(f"persons list over {total} persons: first page p50 {pct(first, 50):.1f} ms p95 {pct(first, 95):.1f} ms; "
              f"search-as-you-type ({len(typed)} keystrokes) p50 {pct(typed, 50):.1f} ms p95 {pct(typed, 95):.1f} ms "
              f"(ratio to first page p95 {pct(typed, 95) / pct(first, 95):.2f}; target p95 <= 50 ms)")  # fmt: skip

        # 3. peak RSS: logged in, main window, first page of the persons list loaded
        _t, bare_lines = run_child(BARE)
        _t, lines = run_child(JARING, str(data_dir), PASSWORD)
        loaded = next(line for line in lines if line[0] == "LOADED")
        bare_mb = int(bare_lines[0][1]) / 1024
        jaring_mb = int(loaded[2]) / 1024
        print(f"peak RSS with the main window and {loaded[1]} rows of {total} persons loaded: {jaring_mb:.0f} MB, "
              f"bare window {bare_mb:.0f} MB (ratio {jaring_mb / bare_mb:.2f}; target <= 250 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
