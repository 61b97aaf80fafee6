"""The console's data pages over a district-sized database: records search (name with spelling variants, whole
NIK, No. KK prefix), one household, the duplicate finder and the persons-without-NIK list, on SQLite and on
PostgreSQL. Baseline, in the same run: the unfiltered first records page (a count and 25 rows by date).

    .venv/bin/python bench/console.py [--households 20000] [--repeat 5]

Households are loaded with the DTKS list import (`crud/imports.py`, the same person projection as a push);
every 50th household repeats an earlier member's NIK and every 40th an earlier member under another spelling,
so the duplicate finder has pairs to find. Best of N per figure; the machine is shared, so the load is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test helpers: tests/support

from openpyxl import Workbook  # noqa: E402

from forms.samples import kk_for, make_household  # noqa: E402
from server.core.db import get_engine, session_scope  # noqa: E402
from server.core.migrate import migrate  # noqa: E402
from server.crud import duplicates, quality, records  # noqa: E402
from server.crud.imports import import_list  # noqa: E402
from support.server_db import postgres_schema  # noqa: E402

DESAS = ["62.03.01.2011", "62.03.01.1006", "62.03.01.1007", "62.03.02.1001"]
POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
VARIANTS = {"Muhammad": "Muhamad", "Nur": "Nur ", "Siti": "Sitti"}


def write_list(path: Path, households: int) -> tuple[str, str]:
    """The list file; returns a NIK and a person's name to search for."""
    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(
        ["desa", "no_kk", "nama", "kepala_keluarga", "nik", "jenis_kelamin", "tanggal_lahir", "hubungan"]
    )
    seen: list[list] = []
    for serial in range(households):
        desa = DESAS[serial % len(DESAS)]
        answers = make_household(rng, desa, date(2026, 11, 1), serial=serial)
        kk = kk_for(desa, date(2014, 1, 1), serial)
        for member in answers["anggota"].values():
            row = [desa, kk, member["nama"], answers["kepala_keluarga"], member.get("nik", ""),
                   member["jenis_kelamin"], member["tanggal_lahir"], member["hubungan"]]  # fmt: skip
            if serial % 50 == 49 and seen:  # the same NIK registered in a second household
                row[4] = rng.choice(seen)[4]
            elif serial % 40 == 39 and seen:  # the same person under another spelling
                other = rng.choice(seen)
                first, _, rest = other[2].partition(" ")
                row[2], row[6], row[4] = f"{VARIANTS.get(first, first + 'h')} {rest}", other[6], ""
            sheet.append(row)
            if row[4] and len(seen) < 5000:
                seen.append(row)
    book.save(path)
    return seen[10][4], seen[20][2]


def best(repeat: int, fn) -> float:  # noqa: ANN001 - a callable
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def measure(url: str, list_path: Path, nik: str, name: str, repeat: int, folder: Path) -> None:
    migrate(url)
    engine = get_engine(url)
    start = time.perf_counter()
    with session_scope(engine) as session:
        report = import_list(session, path=list_path, actor="bench")
    print(
        f"  loaded {report.households} households, {report.persons} persons in {time.perf_counter() - start:.1f} s"
    )
    with session_scope(engine) as session:
        kk_prefix = records.search_households(session, scope="", q="")[0][0].no_kk[:12]
        some_id = records.search_households(session, scope="", q="")[0][0].record_id
        pairs = duplicates.candidates(session, scope="")[1]
        no_nik = quality.count_without_nik(session, scope="")
        figures = {
            "baseline: first page, no search": lambda: records.search_households(session, scope="", q=""),
            "name search (spelling-forgiving)": lambda: records.search_households(session, scope="", q=name),
            "whole NIK": lambda: records.search_households(session, scope="", q=nik),
            "No. KK prefix (12 digits)": lambda: records.search_households(session, scope="", q=kk_prefix),
            "one household page": lambda: records.get_household(session, scope="", record_id=some_id),
            f"duplicates page (100 of {pairs} pairs)": lambda: duplicates.candidates(
                session, scope="", limit=100
            ),
            f"duplicates export (all {pairs} pairs)": lambda: duplicates.candidates(session, scope=""),
            f"no-NIK page (500 of {no_nik}, and the count)": lambda: (
                quality.persons_without_nik(session, scope="", limit=500),
                quality.count_without_nik(session, scope=""),
            ),
            f"no-NIK export (all {no_nik})": lambda: quality.persons_without_nik(session, scope=""),
        }
        for label, fn in figures.items():
            print(f"  {label:<40} {best(repeat, fn):8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best of {args.repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        nik, name = write_list(folder / "list.xlsx", args.households)
        print(f"SQLite ({args.households} households)")
        measure(f"sqlite:///{folder / 'bench.sqlite3'}", folder / "list.xlsx", nik, name, args.repeat, folder)
        print(f"PostgreSQL ({args.households} households)")
        with postgres_schema(POSTGRES) as url:
            measure(url, folder / "list.xlsx", nik, name, args.repeat, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
