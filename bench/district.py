"""A district the size of Kota Bandung — 30 kecamatan, 151 kelurahan, 330,000 households, ~1.15 million persons,
30,000 complaints, duplicates of both kinds — in PostgreSQL, built through the server's own push path
(bench/support/district_build.py; kept between runs), measured against a district of 10,000 households built
the same way, in the same run:

- every console page through a real `jaring-server serve` (an admin logged in): p50/p95 over N requests;
  target p95(large) <= 2x p95(small);
- the whole-district exports (CSV/XLSX; each in a fresh serve process) and `import-list` of a list as big as
  the district (one row per person, a child process into a throwaway schema): time per row <= 1.3x, peak RSS
  <= 100 MB above the small case;
- the duplicate finder over every person: time per person <= 2x.

    .venv/bin/python bench/district.py [--households 330000] [--base 10000] [--repeat 20] [--workers 3]
    .venv/bin/python bench/district.py --small     # or JARING_BENCH_SMALL=1: 10,000 against 2,000, 5 requests
    .venv/bin/python bench/district.py --skip import,exports   # leave parts out (pages, exports, import, duplicates)

Building 330,000 households takes ~6 minutes of a quiet 2-core machine (~1,000 households/s, 3 workers);
PostgreSQL at 127.0.0.1:5432 (JARING_TEST_POSTGRES_URL overrides), database `jaring_bench_district`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: drop it.
ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "tests"))  # the test helpers: tests/support
sys.path.insert(0, str(ROOT))  # bench.support

from bench.support.district_build import build, database_url, schema_url  # noqa: E402
from bench.support.district_measure import (  # noqa: E402
    EXPORTS,
    PAGES,
    JobFigure,
    PageFigure,
    Server,
    ensure_admin,
    measure_duplicates,
    measure_exports,
    measure_import,
    measure_pages,
    persons_of,
    sample_values,
    write_list,
)

POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MB = 1024 * 1024


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.1f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "OVER")


def page_table(small: dict[str, PageFigure], large: dict[str, PageFigure], sizes: tuple[int, int]) -> None:
    print(f"\nConsole pages, ms (p95 at {sizes[1]:,} households <= 2x p95 at {sizes[0]:,})")
    print(
        f"  {'page':<38} {'p50 small':>10} {'p95 small':>10} {'p50 large':>10} {'p95 large':>10} {'ratio':>7}  target"
    )
    for label, _ in PAGES:
        a, b = small.get(label), large.get(label)
        if a is None and b is None:
            continue
        if a is None or b is None or a.p95 is None or b.p95 is None:
            print(f"  {label:<38} {'not measured: ' + ((a and a.note) or (b and b.note) or 'skipped')}")
            continue
        ratio = b.p95 / a.p95
        print(f"  {label:<38} {ms(a.p50):>10} {ms(a.p95):>10} {ms(b.p50):>10} {ms(b.p95):>10} {ratio:6.2f}x  "
              f"{verdict(ratio <= 2)}")  # fmt: skip


def job_line(label: str, a: JobFigure, b: JobFigure, time_target: float, memory_target: bool) -> None:
    if a.per_row is None or b.per_row is None:
        failed = a if a.per_row is None else b
        print(f"  {label:<24} not measured ({'small' if failed is a else 'large'} district): {failed.note}")
        return
    ratio, above = b.per_row / a.per_row, (b.peak_rss - a.peak_rss) / MB
    memory = (
        f" peak {a.peak_rss / MB:6.0f} / {b.peak_rss / MB:6.0f} MB (+{above:,.0f}) {verdict(above <= 100)}"
    )
    print(f"  {label:<24} {a.rows:>9,} rows {a.per_row * 1e6:8.1f} µs/row | {b.rows:>9,} rows {b.per_row * 1e6:8.1f}"
          f" µs/row ({b.seconds:,.1f} s) | {ratio:5.2f}x {verdict(ratio <= time_target)}"
          + (memory if memory_target else "") + f"  {b.note}")  # fmt: skip


def attempt(out: dict, part: str, job) -> None:  # noqa: ANN001 - a callable
    """Run one part; a failure is printed and recorded, and the other parts still run."""
    try:
        out[part] = job()
    except Exception as err:  # noqa: BLE001 - the bench reports what failed and goes on
        first = str(err).splitlines()[0][:300] if str(err) else ""
        log(f"  {part} FAILED: {type(err).__name__}: {first}")
        out.setdefault("failed", {})[part] = f"{type(err).__name__}: {first[:120]}"


def measure(label: str, url: str, args: argparse.Namespace, data_dir: Path, db_url: str) -> dict:
    """Everything over one district."""
    counts = persons_of(url)
    out: dict = {"counts": counts}
    if "pages" not in args.skip:
        log(f"{label}: pages x {args.repeat}")
        attempt(out, "pages", lambda: pages(url, data_dir, args.repeat, args.pages))
    if "exports" not in args.skip:
        ensure_admin(url)
        log(f"{label}: exports")
        attempt(out, "exports", lambda: measure_exports(url, data_dir, counts))
    if "import" not in args.skip:
        list_path = data_dir / f"list-{label}.csv"
        rows = write_list(list_path, counts["households"])
        log(f"{label}: import-list of {rows:,} rows")
        attempt(out, "import", lambda: measure_import(db_url, list_path, rows, data_dir, label))
        list_path.unlink()
        if "import" in out:
            log(
                f"    {out['import'].seconds or 0:,.1f} s, peak {out['import'].peak_rss / MB:,.0f} MB {out['import'].note}"
            )
    if "duplicates" not in args.skip:
        log(f"{label}: duplicate finder")
        attempt(out, "duplicates", lambda: measure_duplicates(url, counts["persons"], 3))
    return out


def pages(url: str, data_dir: Path, repeat: int, only: set[str]) -> dict:
    ensure_admin(url)
    server = Server(url, data_dir)
    try:
        return measure_pages(server, sample_values(url), repeat, only)
    finally:
        server.close()


def report(sizes: tuple[int, int], small: dict, large: dict, args: argparse.Namespace) -> None:
    a, b = small["counts"], large["counts"]
    print(f"\nDistricts: {a['households']:,} households / {a['persons']:,} persons / {a['complaints']:,} complaints"
          f" against {b['households']:,} / {b['persons']:,} / {b['complaints']:,}; PostgreSQL; load average"
          f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    for part in sorted(set(small.get("failed", {})) | set(large.get("failed", {}))):
        print(
            f"  {part} failed: {small.get('failed', {}).get(part, 'ok')} / {large.get('failed', {}).get(part, 'ok')}"
        )
    if "pages" in small and "pages" in large:
        page_table(small["pages"], large["pages"], sizes)
    print(
        "\nExports, import and duplicate detection (time per row <= 1.3x, peak RSS <= +100 MB; duplicates <= 2x)"
    )
    for label, _, _ in EXPORTS if "exports" in small and "exports" in large else []:
        job_line(label, small["exports"][label], large["exports"][label], 1.3, True)
    if "import" in small and "import" in large:
        job_line("import-list (CSV)", small["import"], large["import"], 1.3, True)
    if "duplicates" in small and "duplicates" in large:
        job_line("duplicate finder", small["duplicates"], large["duplicates"], 2.0, False)


def main() -> int:
    parser = argparse.ArgumentParser()
    small_run = bool(os.environ.get("JARING_BENCH_SMALL"))
    parser.add_argument(
        "--small", action="store_true", default=small_run, help="10,000 against 2,000 households"
    )
    parser.add_argument("--households", type=int, default=None, help="the large district (default 330,000)")
    parser.add_argument("--base", type=int, default=None, help="the small district (default 10,000)")
    parser.add_argument("--repeat", type=int, default=None, help="requests per page (default 20; --small 5)")
    parser.add_argument("--workers", type=int, default=3, help="processes pushing while building")
    parser.add_argument("--pages", default="", help="comma-separated page labels to measure (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated: pages, exports, import, duplicates")
    args = parser.parse_args()
    large = args.households or (10_000 if args.small else 330_000)
    base = args.base or (2_000 if args.small else 10_000)
    args.repeat = args.repeat or (5 if args.small else 20)
    args.pages = {s.strip() for s in args.pages.split(",") if s.strip()}
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    db_url = database_url(POSTGRES)
    log(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; building (or keeping) {base:,} and "
        f"{large:,} households")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        for size in (base, large):
            build(db_url, size, args.workers, data_dir, log=log)
        small = measure(f"h{base}", schema_url(db_url, f"h{base}"), args, data_dir, db_url)
        big = measure(f"h{large}", schema_url(db_url, f"h{large}"), args, data_dir, db_url)
    report((base, large), small, big, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
