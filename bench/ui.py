"""Desktop benchmarks, each next to a baseline measured in the same run.

1. cold start to the login window: a fresh `python` process from source (QApplication, Jaring's app object,
   the login screen shown) vs a bare QApplication showing an empty window — median of 5 starts each;
2. search-as-you-type over N persons (bench/support/persons.py, the same store bench/store.py searches) as the
   user sees it: the real app logs in, opens the persons list, and each query is typed into the search box one
   key at a time; a keystroke's latency runs from the key to the list's rows drawn for that text or a later one
   (a superseded search is never drawn). Typed at 150 ms a key (a quick typist), and one key at a time waiting
   for its rows (each search's own latency through runner, model and view). Next to them, the service alone
   (app.services.search, what this bench measured before) and its first page (the unfiltered list);
3. peak RSS (VmHWM: ru_maxrss would carry over the parent's peak across fork+exec) of that process with the
   persons list's first page loaded and again after all the typing, vs the bare window's.

    .venv/bin/python bench/ui.py [--persons 200000] [--store DIR]   (--store: a store bench/support built before)
Targets: start <= 1.5 s, search p95 <= 50 ms, RSS <= 250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: the root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from app.services import search  # noqa: E402
from app.store.store import Store  # noqa: E402
from bench.support.persons import OPERATOR, PASSWORD, filled_store, new_store  # noqa: E402

WORDS = ("siti nur", "muhammad r", "hidayat", "sapu", "620301", "dewi", "agus s", "pulau")
KEY_MS = 150

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
import json, sys, time
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
hwm = lambda: int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")))
def ready():
    print("READY", hwm(), flush=True)
    if len(sys.argv) < 3:
        app.quit(); return
    login = jaring.login
    login.password.setText(sys.argv[2])
    jaring.main_window_shown.connect(shown)
    login.login()
def shown(window):
    view = window.persons_view
    model, box = view.model, view.search
    words, key_ms = json.loads(sys.argv[3]), float(sys.argv[4])
    drawn = []  # (time, query) each time the list was reset to a new search's rows and drawn
    def on_loaded():
        view.table.viewport().repaint()  # the rows drawn, not only handed to the view
        drawn.append((time.perf_counter(), model.query))
    model.loaded.connect(on_loaded)
    keys = []  # (time, text) of keystrokes that changed the search
    plan = [(mode, w, n) for mode in ("typed", "waited") for w in words for n in range(0, len(w) + 1)]
    def first_page():
        model.loaded.disconnect(first_page)
        print("LOADED", model.rowCount(), hwm(), flush=True)
        step()
    def step():
        if not plan:
            results = {"typed": [], "waited": []}
            for mode, t, text in keys:
                later = [d for d, q in drawn if d >= t and q.startswith(text)]  # this text or a later one
                results[mode].append([text, (min(later) - t) * 1000 if later else None])
            print("KEYS", json.dumps(results), flush=True)
            print("HWM", hwm(), flush=True)
            app.quit(); return
        mode, word, n = plan.pop(0)
        text = word[:n]
        if n == 0:  # a new word: clear the box and wait for the full list
            box.clear() if box.text() else None
            wait_for("", step)
            return
        before = box.text().strip()
        box.setText(text)  # what one more key does to the box (textChanged)
        if text.strip() != before:
            keys.append((mode, time.perf_counter(), text.strip()))
        if mode == "typed":
            QTimer.singleShot(int(key_ms), step) if n < len(word) else wait_for(text, step)
        else:
            wait_for(text, step)
    def wait_for(text, then):
        def check():
            if drawn and drawn[-1][1] == text.strip() and not model.loading:
                then()
            else:
                QTimer.singleShot(1, check)
        check()
    model.loaded.connect(first_page)
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


def service_latency(store: Store) -> tuple[list[float], list[float]]:
    """The service alone, each prefix typed, and its first page (the unfiltered list), in this process."""
    first = []
    for _ in range(20):
        t = time.perf_counter()
        search.list_persons(store, query="")
        first.append((time.perf_counter() - t) * 1000)
    typed = []
    for word in WORDS:
        for n in range(1, len(word) + 1):
            t = time.perf_counter()
            search.list_persons(store, query=word[:n])
            typed.append((time.perf_counter() - t) * 1000)
    return first, typed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument(
        "--store", type=Path, help="copy this store (made by bench/support/persons.py) instead"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        store = new_store(data_dir)
        store.close()

        # 1. cold start (store present, so the login screen is what opens)
        bare = [run_child(BARE)[0] for _ in range(5)]
        jaring = [run_child(JARING, str(data_dir))[0] for _ in range(5)]
        b, j = statistics.median(bare), statistics.median(jaring)
        print(f"cold start to the first window, median of 5: Jaring login {j * 1000:.0f} ms, bare QApplication + "
              f"empty window {b * 1000:.0f} ms (ratio {j / b:.2f}; target <= 1500 ms)")  # fmt: skip

        # 2. search as you type
        shutil.rmtree(data_dir)
        started = time.perf_counter()
        if args.store:
            shutil.copytree(args.store, data_dir)
            store = Store.open(data_dir, OPERATOR, PASSWORD)
        else:
            store = filled_store(data_dir, args.persons)
        total = search.totals(store)["persons"]
        print(f"(store of {total} persons ready in {time.perf_counter() - started:.0f} s, not measured)")
        first, service = service_latency(store)
        store.close()
        _t, bare_lines = run_child(BARE)
        _t, lines = run_child(JARING, str(data_dir), PASSWORD, json.dumps(WORDS), str(KEY_MS))
        loaded = next(line for line in lines if line[0] == "LOADED")
        keys = json.loads(" ".join(next(line for line in lines if line[0] == "KEYS")[1:]))
        hwm = int(next(line for line in lines if line[0] == "HWM")[1])
        typed = [ms for _text, ms in keys["typed"] if ms is not None]
        waited = [ms for _text, ms in keys["waited"] if ms is not None]
        slowest = sorted((k for k in keys["waited"] if k[1] is not None), key=lambda k: -k[1])[:6]
        slowest_typed = sorted((k for k in keys["typed"] if k[1] is not None), key=lambda k: -k[1])[:6]
        print(f"search-as-you-type in the persons list over {total} persons, keystroke to rows drawn "
              f"(target p95 <= 50 ms):")  # fmt: skip
        print(f"  typed at {KEY_MS} ms a key ({len(typed)} keys): p50 {pct(typed, 50):5.1f} ms  p95 "
              f"{pct(typed, 95):5.1f} ms  max {max(typed):5.1f} ms")  # fmt: skip
        print(f"  one key at a time ({len(waited)} keys):      p50 {pct(waited, 50):5.1f} ms  p95 "
              f"{pct(waited, 95):5.1f} ms  max {max(waited):5.1f} ms")  # fmt: skip
        print(f"  the service alone ({len(service)} keys):      p50 {pct(service, 50):5.1f} ms  p95 "
              f"{pct(service, 95):5.1f} ms;  baseline first page (no search) p50 {pct(first, 50):.1f} ms "
              f"p95 {pct(first, 95):.1f} ms")  # fmt: skip
        print("  slowest keys, one at a time: " + ", ".join(f"{text!r} {ms:.0f}" for text, ms in slowest))
        print(
            "  slowest keys, typed (first read of each range): "
            + ", ".join(f"{text!r} {ms:.0f}" for text, ms in slowest_typed)
        )

        # 3. peak RSS
        bare_mb = int(bare_lines[0][1]) / 1024
        first_mb, after_mb = int(loaded[2]) / 1024, hwm / 1024
        print(f"peak RSS with the main window and {loaded[1]} rows of {total} persons loaded: {first_mb:.0f} MB; "
              f"after all the typing {after_mb:.0f} MB; bare window {bare_mb:.0f} MB (ratio "
              f"{after_mb / bare_mb:.2f}; target <= 250 MB)")  # fmt: skip


if __name__ == "__main__":
    main()
