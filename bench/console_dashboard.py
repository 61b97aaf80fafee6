"""How long the console's dashboard takes over a district's worth of households, on SQLite and PostgreSQL,
next to a baseline measured in the same run: `crud.stats.stats` (the counts `jaring-server stats` prints,
SQL aggregates only). The dashboard's PPKS categories and deciles come from columns push and import fill in.

    .venv/bin/python bench/console_dashboard.py [--households 10000] [--repeat 3]

Records are inserted directly (as the server stores them after a push: flat fields, persons projected), in
a throwaway SQLite file and a throwaway PostgreSQL schema. Prints best-of-N seconds for each.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test helpers: tests/support

from sqlalchemy import insert  # noqa: E402

from forms.projection import project  # noqa: E402
from forms.registry import default_registry  # noqa: E402
from forms.samples import make_household  # noqa: E402
from server.core.db import get_engine, session_scope  # noqa: E402
from server.core.migrate import migrate  # noqa: E402
from server.crud.dashboard import dashboard  # noqa: E402
from server.crud.persons import decile_of, person_rows  # noqa: E402
from server.crud.stats import stats  # noqa: E402
from server.models import Person, Record  # noqa: E402
from support.server_db import postgres_schema  # noqa: E402
from sync.paths import flatten  # noqa: E402

POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
VILLAGES = ["62.03.01.2011", "62.03.01.1006", "62.03.01.1007", "62.03.01.1008", "62.03.02.1001"]


def rows(count: int) -> tuple[list[dict], list[dict]]:
    form = default_registry().get("ppks_registration", 1)
    records, persons, now = [], [], datetime.now(UTC)
    for serial in range(count):
        desa = VILLAGES[serial % len(VILLAGES)]
        answers = make_household(random.Random(serial), desa, date(2026, 11, 1), serial=serial)
        record_id, fields = str(uuid.uuid4()), flatten(answers)
        records.append(dict(id=record_id, kind="household", form_id="ppks_registration", form_version=1,
                            area=desa, fields=fields, clocks={p: "0-0-bench" for p in fields},
                            path_revs={p: serial + 1 for p in fields}, rev=serial + 1, deleted=False,
                            review_flags=[], origin_device="bench", created_by="bench", reference="",
                            decile=decile_of(answers.get("desil")), created_at=now, updated_at=now))  # fmt: skip
        persons += person_rows(record_id, desa, answers.get("no_kk"), project(form, answers).persons)
    return records, persons


def best_of(repeat: int, job) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(url: str, records: list[dict], persons: list[dict], repeat: int) -> tuple[float, float]:
    engine = get_engine(url)
    migrate(url, engine)
    with session_scope(engine) as session:
        for i in range(0, len(records), 1000):
            session.execute(insert(Record.__table__), records[i : i + 1000])
        for i in range(0, len(persons), 5000):
            session.execute(insert(Person), persons[i : i + 5000])

    def run(fn):  # noqa: ANN001, ANN202
        def job() -> None:
            with session_scope(engine) as session:
                fn(session)

        return job

    baseline = best_of(repeat, run(stats))
    board = best_of(repeat, run(lambda s: dashboard(s, scope="")))
    return baseline, board


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    records, persons = rows(args.households)
    print(f"{args.households} households, {len(persons)} persons; load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        results = {
            "sqlite": measure(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", records, persons, args.repeat)
        }
    try:
        with postgres_schema(POSTGRES) as url:
            results["postgresql"] = measure(url, records, persons, args.repeat)
    except Exception as err:  # noqa: BLE001 - no PostgreSQL here: report SQLite alone
        print(f"postgresql skipped: {err}")
    for name, (baseline, board) in results.items():
        print(f"{name:10} dashboard {board:.3f} s   baseline stats() {baseline:.3f} s   "
              f"(best of {args.repeat}; {args.households / board:,.0f} households/s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
