"""Store benchmarks, each next to a baseline measured in the same run.

1. single-save latency p50/p95 (encrypted, synchronous=FULL, validation included) vs plain unencrypted
   sqlite3 inserting the same rows (one transaction per save, synchronous=FULL too);
2. demo-data throughput (households through the services) vs plain sqlite3 `executemany` of the same rows;
3. search-as-you-type p50/p95 over N persons (prefix range scans of the covering `search_word` B-tree, and
   walks of `person_text` in name order for very common words; the queries include the hardest keys: one
   character, two common words) vs a `LIKE` scan of the same person table, in the same store: the store bench/ui.py searches too
   (bench/support/persons.py; setup not measured), built once per run under the run's temp dir.

    .venv/bin/python bench/store.py [--households 10000] [--search-persons 200000]
Targets: save p95 <= 15 ms; 10,000 households <= 30 s; search p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: the root instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from app.services import search  # noqa: E402
from app.services.demo import BATCH, make_demo_data  # noqa: E402
from app.services.records import save_household  # noqa: E402
from bench.support.persons import DESA, filled_store, new_store  # noqa: E402
from forms.samples import make_household  # noqa: E402


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def plain_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE record (id TEXT PRIMARY KEY, answers TEXT)")
    conn.execute("CREATE TABLE person (record_id TEXT, member_id TEXT, name TEXT, nik TEXT)")
    conn.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY, body TEXT)")
    return conn


def plain_rows(answers: dict, i: int):
    members = [(f"r{i}", k, m.get("nama"), m.get("nik")) for k, m in answers["anggota"].items()]
    return (f"r{i}", json.dumps(answers)), members, (json.dumps(answers),)


def bench_single_save(tmp: Path, n: int = 300) -> None:
    rng = random.Random(1)
    households = [make_household(rng, DESA, serial=i) for i in range(n)]
    store = new_store(tmp / "save")
    latencies = []
    for h in households:
        start = time.perf_counter()
        save_household(store, h)
        latencies.append((time.perf_counter() - start) * 1000)
    store.close()
    conn = plain_db(tmp / "plain-save.db")
    base = []
    for i, h in enumerate(households):
        start = time.perf_counter()
        record, members, out = plain_rows(h, i)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO record VALUES (?, ?)", record)
        conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?)", members)
        conn.execute("INSERT INTO outbox(body) VALUES (?)", out)
        conn.execute("COMMIT")
        base.append((time.perf_counter() - start) * 1000)
    p50, p95, b50, b95 = pct(latencies, 50), pct(latencies, 95), pct(base, 50), pct(base, 95)
    print(f"single save ({n} households, encrypted, synchronous=FULL, validation + projections + outbox):")
    print(
        f"  jaring  p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   (target p95 <= 15 ms: {'met' if p95 <= 15 else 'NOT met'})"
    )
    print(f"  plain   p50 {b50:6.2f} ms   p95 {b95:6.2f} ms   ratio p95 {p95 / b95:.1f}x")


def bench_demo_data(tmp: Path, households: int) -> None:
    store = new_store(tmp / "demo")
    start = time.perf_counter()
    make_demo_data(store, households, complaints_every=0)
    jaring_s = time.perf_counter() - start
    store.close()
    rng = random.Random(2026)
    rows = [plain_rows(make_household(rng, DESA, serial=i), i) for i in range(households)]
    conn = plain_db(tmp / "plain-demo.db")
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO record VALUES (?, ?)", [r[0] for r in rows])
    conn.executemany("INSERT INTO person VALUES (?, ?, ?, ?)", [m for r in rows for m in r[1]])
    conn.executemany("INSERT INTO outbox(body) VALUES (?)", [r[2] for r in rows])
    conn.execute("COMMIT")
    base_s = time.perf_counter() - start
    print(
        f"demo-data, {households} households through the services ({BATCH} per transaction, a savepoint each):"
    )
    print(f"  jaring  {jaring_s:7.1f} s  ({households / jaring_s:6.0f} households/s)   target <= 30 s for 10,000: "
          f"{'met' if jaring_s * 10_000 / households <= 30 else 'NOT met'}")  # fmt: skip
    print(f"  plain executemany {base_s:7.2f} s   ratio {jaring_s / base_s:.0f}x")


def bench_search(tmp: Path, persons: int) -> None:
    store = filled_store(tmp / "search", persons)
    total = search.totals(store)["persons"]
    queries = [
        "sit",
        "siti",
        "siti n",
        "nurh",
        "muham",
        "muhammad r",
        "6203",
        "620301",
        "pulau",
        "sapu",
        "hidayat",
        "6",  # one character: nearly everyone (every NIK and No. KK here starts with 6)
        "p",  # the desa, Pulau Telu
        "s a",  # two common words
    ]
    conn = store.db.reader()

    def ours(q: str) -> None:
        search.list_persons(store, query=q, limit=50)

    def like_scan(q: str) -> None:
        like = f"%{q}%"
        conn.execute("SELECT count(*) FROM person WHERE name LIKE ? OR nik LIKE ?", (like, like)).fetchone()
        conn.execute("SELECT * FROM person WHERE name LIKE ? OR nik LIKE ? ORDER BY name LIMIT 50",
                     (like, like)).fetchall()  # fmt: skip

    def timed(run) -> tuple[list[float], dict[str, float]]:
        for q in queries:  # one untimed round: a list someone is typing into has been read before
            run(q)
        lat, worst = [], {}
        for _ in range(5):
            for q in queries:
                start = time.perf_counter()
                run(q)
                lat.append((time.perf_counter() - start) * 1000)
                worst[q] = max(worst.get(q, 0.0), lat[-1])
        return lat, worst

    lat, worst = timed(ours)
    base, _ = timed(like_scan)
    p95, b95 = pct(lat, 95), pct(base, 95)
    print(f"search-as-you-type over {total} persons (page of 50 + total count, {len(queries)} queries x 5):")
    print(f"  prefix B-tree p50 {pct(lat, 50):6.1f} ms  p95 {p95:6.1f} ms  "
          f"(target <= 50 ms: {'met' if p95 <= 50 else 'NOT met'})")  # fmt: skip
    print(
        f"  LIKE scan     p50 {pct(base, 50):6.1f} ms  p95 {b95:6.1f} ms  ratio p95 {b95 / p95:.1f}x faster"
    )
    print("  slowest per query: " + ", ".join(f"{q!r} {ms:.0f}" for q, ms in worst.items()))
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--search-persons", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jaring-bench-") as tmp:
        bench_single_save(Path(tmp))
        bench_demo_data(Path(tmp), args.households)
        bench_search(Path(tmp), args.search_persons)


if __name__ == "__main__":
    main()
